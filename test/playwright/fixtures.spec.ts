import { SseError, type SseStream } from '../../src/index.ts';
import { expect, test as sseTest } from '../../src/playwright.ts';
import { startTlsStream } from '../support/tls.ts';

// Tests in a file run in order in one worker, so a later test can check what an earlier one's
// teardown did.
const test = sseTest.extend<object, { tlsUrl: string }>({
  tlsUrl: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const tls = await startTlsStream();
      await use(tls.url);
      await tls.close();
    },
    { scope: 'worker' },
  ],
});

test.describe('use options', () => {
  test.use({
    baseURL: async ({ sseServer }, use) => use(sseServer.url),
    extraHTTPHeaders: { 'x-team': 'a', 'X-Keep': 'use' },
  });

  test('sse.open resolves paths against use.baseURL and sends use.extraHTTPHeaders', async ({
    sse,
    sseServer,
  }) => {
    sseServer.route('/events', (writer) => writer.send('hi'));
    const stream = await sse.open('/events');
    await expect(stream).toReceiveEvent('message', 'hi');
    expect(sseServer.requests).toMatchObject([
      { path: '/events', headers: { 'x-team': 'a', 'x-keep': 'use' } },
    ]);
  });
});

test.describe('sseOptions', () => {
  test.use({
    baseURL: 'http://127.0.0.1:9',
    extraHTTPHeaders: { 'x-team': 'use', 'x-keep': 'use' },
    sseOptions: async ({ sseServer }, use) =>
      use({
        baseURL: sseServer.url,
        headers: { 'X-Team': 'options', 'x-from': 'options' },
        lastEventId: '7',
      }),
  });

  test('merge over the use options and under the call’s own', async ({ sse, sseServer }) => {
    sseServer.route('/events', (writer) => writer.send('hi'));
    await sse.open('/events', { headers: { 'x-from': 'call' } });
    expect(sseServer.requests).toMatchObject([
      {
        path: '/events',
        lastEventId: '7',
        headers: { 'x-keep': 'use', 'x-team': 'options', 'x-from': 'call' },
      },
    ]);
  });
});

test.describe('use.ignoreHTTPSErrors', () => {
  test('unset, a self-signed certificate is refused', async ({ sse, tlsUrl }) => {
    await expect(sse.open(tlsUrl)).rejects.toMatchObject({ type: 'connect-failed' });
  });

  test.describe('set', () => {
    test.use({ ignoreHTTPSErrors: true });
    test('accepts it', async ({ sse, tlsUrl }) => {
      await expect(await sse.open(tlsUrl)).toReceiveEvent('message', 'secure');
    });
  });
});

test.describe('teardown', () => {
  let left: { streams: readonly SseStream[]; pending: Promise<unknown>; server: string } | undefined;

  // `sse` is set up before `sseServer` here, so it would be torn down after it if sseServer did not
  // finish the client first.
  test('leaves streams open and an open in flight at the end of a test…', async ({ sse, sseServer }) => {
    sseServer.route('/forever', (writer) => writer.sleep(60_000));
    sseServer.route('/slow-headers', (writer) => writer.delayHeaders(60_000));
    await sse.open(`${sseServer.url}/forever`);
    await sse.open(`${sseServer.url}/forever`);
    const pending = sse.open(`${sseServer.url}/slow-headers`).catch((error: unknown) => error);
    await expect.poll(() => sseServer.requests.length).toBe(3);
    left = { streams: sse.streams, pending, server: sseServer.url };
  });

  test('…which teardown closed, aborted, and closed the server of', async ({ sseServer }) => {
    expect(left, 'run this file whole: this test checks the previous one').toBeDefined();
    expect(left?.streams.map((stream) => stream.state)).toEqual(['closed', 'closed']);
    const aborted = await left?.pending;
    expect(aborted).toBeInstanceOf(SseError);
    expect(aborted).toMatchObject({ type: 'aborted' });
    // Refused, not any failure: an undefined `left` would fail too, as an unparsable URL.
    const refused = await fetch(`${left?.server}/forever`).catch((error: unknown) => error);
    expect(refused).toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
    expect(sseServer.url).not.toBe(left?.server);
    expect(sseServer.requests).toEqual([]);
  });
});

test('a waiting matcher gives up with its own message before the test times out', async ({
  sse,
  sseServer,
}) => {
  test.setTimeout(1_500);
  sseServer.route('/quiet', (writer) => writer.sleep(60_000));
  const stream = await sse.open(`${sseServer.url}/quiet`);
  const error = await expect(stream)
    .toReceiveEvent('never', undefined, { within: 60_000 })
    .catch((e: unknown) => e as Error);
  expect(error?.message).toMatch(/\nTimeout: {2}\d+ ms \(of 60000 ms asked: all the test had left\)\n/);
});
