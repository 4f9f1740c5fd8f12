import { readFileSync } from 'node:fs';
import { describe, type RunnerTask, type RunnerTestCase, type TestAttachment } from 'vitest';
import { SseError, type SseStream } from '../src/index.ts';
import { settings } from '../src/matchers/context.ts';
import { expect, test } from '../src/vitest.ts';

// Tests in a file run in order, so a later test can check what an earlier one's teardown did.
const api = test.extend({
  sseOptions: async ({ sseServer }, use) =>
    use({ baseURL: sseServer.url, headers: { 'x-team': 'a', 'X-From': 'options' }, lastEventId: '7' }),
});

describe('sse', () => {
  api(
    'resolves paths against sseOptions.baseURL and merges its headers under the call’s',
    async ({ sse, sseServer }) => {
      sseServer.route('/events', (writer) => writer.send({ event: 'hello', data: 'hi' }));
      const stream = await sse.open('/events', { headers: { 'x-from': 'call' } });
      await expect(stream).toReceiveEvent('hello', 'hi');
      expect(sse.streams).toEqual([stream]);
      expect(sseServer.requests).toMatchObject([
        { path: '/events', lastEventId: '7', headers: { 'x-team': 'a', 'x-from': 'call' } },
      ]);
    },
  );

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
    const refused = await fetch(`${left?.server}/forever`).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TypeError);
    expect(sseServer.url).not.toBe(left?.server);
    expect(sseServer.requests).toEqual([]);
  });
});

describe('sseExpectTimeout', () => {
  test.override({ sseExpectTimeout: 150 });
  test('sets the default deadline of waiting matchers for the test', async ({ sse, sseServer }) => {
    sseServer.route('/quiet', (writer) => writer.sleep(60_000));
    const stream = await sse.open(`${sseServer.url}/quiet`);
    const started = performance.now();
    const error = await expect(stream)
      .toReceiveEvent('never')
      .catch((e: unknown) => e as Error);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(error?.message).toContain('Timeout:  150 ms');
    expect(settings.defaultTimeout).toBe(150);
  });
});

test('sseExpectTimeout is 5,000 ms when not set, again after a test that set it', () => {
  expect(settings.defaultTimeout).toBe(5_000);
});

test('a waiting matcher gives up with its own message before the test times out', { timeout: 1_500 }, async ({
  sse,
  sseServer,
}) => {
  sseServer.route('/quiet', (writer) => writer.sleep(60_000));
  const stream = await sse.open(`${sseServer.url}/quiet`);
  const error = await expect(stream)
    .toReceiveEvent('never', undefined, { within: 60_000 })
    .catch((e: unknown) => e as Error);
  expect(error?.message).toMatch(/\nTimeout: {2}\d+ ms \(of 60000 ms asked: all the test had left\)\n/);
});

describe('a failed test', () => {
  const secret = 's3cr3t';
  const authorized = test.extend({
    sseOptions: async ({ sseServer }, use) =>
      use({ baseURL: sseServer.url, headers: { authorization: `Bearer ${secret}`, 'x-api-key': secret } }),
  });
  authorized.fails('records the transcript of each stream…', async ({ sse, sseServer }) => {
    sseServer.route('/private', async (writer) => {
      writer.header('set-cookie', `session=${secret}`);
      await writer.send({ event: 'price', id: '1', data: { symbol: 'ACME' } });
      await writer.send({ data: 'two\nlines' });
    });
    sseServer.route('/broken', (writer) => writer.respond(503, { error: 'overloaded' }));
    const stream = await sse.open(`/private?token=${secret}&page=2`);
    await expect(stream).toEnd();
    await sse.open('/broken', { headers: { 'x-session-token': secret } });
    expect.fail('this test fails on purpose');
  });

  authorized.fails(
    'records a transcript with secrets in the userinfo, the query and a header',
    async ({ sse, sseServer }) => {
      sseServer.route('/secret', (writer) => writer.sleep(60_000));
      const url = `${sseServer.url.replace('http://', `http://alice:${secret}@`)}/secret?access_token=${secret}&page=2`;
      await sse.open(url, { headers: { 'x-session-token': secret } });
      expect.fail('this test fails on purpose');
    },
  );

  test('…whose artifact shows no secret', ({ task }) => {
    const failed = findTest(task, 'records a transcript with secrets');
    const [artifact] = failed.artifacts.filter((artifact) => artifact.type === 'sse-test:transcript');
    expect(artifact?.name).toBe('sse #1 GET /secret');
    const text = read(artifact?.attachments?.[0]);
    expect(text).toMatch(
      /^GET http:\/\/\[redacted\]@127\.0\.0\.1:\d+\/secret\?access_token=\[redacted\]&page=2\n/,
    );
    expect(text).toContain('\nx-session-token: [redacted]\n');
    expect(text).toContain('\nauthorization: [redacted]\n');
    expect(`${text}${JSON.stringify(failed.artifacts)}`).not.toContain(secret);
  });

  test('…as artifacts, credentials redacted', ({ task }) => {
    const failed = findTest(task, 'records the transcript');
    const transcripts = failed.artifacts.filter((artifact) => artifact.type === 'sse-test:transcript');
    expect(transcripts.map((artifact) => artifact.name)).toEqual([
      'sse #1 GET /private',
      'sse #2 GET /broken',
    ]);
    const [stream, broken] = transcripts.map((artifact) => read(artifact.attachments?.[0]));
    expect(stream).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/private\?token=\[redacted\]&page=2\n/);
    expect(stream).toContain('\nauthorization: [redacted]\n');
    expect(stream).toContain('\nx-api-key: [redacted]\n');
    expect(stream).toContain('\nset-cookie: [redacted]\n');
    expect(stream).toMatch(/\nHTTP 200, headers after \d+ ms\n/);
    expect(stream).toMatch(
      /\nEnded after \d+ ms\n2 events:\n#0 \d+ ms price id=1\n {2}\{"symbol":"ACME"\}\n#1 \d+ ms message id=1\n {2}two\n {2}lines$/,
    );
    expect(broken).toContain('\nx-session-token: [redacted]\n');
    expect(broken).toMatch(/\nHTTP 503, headers after \d+ ms\n[\s\S]*\nBody:\n\{"error":"overloaded"\}$/);
    expect(`${stream}${broken}`).not.toContain(secret);
  });

  test('records nothing for a test that passed', ({ task }) => {
    expect(findTest(task, 'resolves paths').artifacts).toEqual([]);
  });
});

/** An attachment's text, wherever Vitest keeps it. */
function read(attachment: TestAttachment | undefined): string {
  if (attachment?.path) return readFileSync(attachment.path, 'utf8');
  const body = attachment?.body ?? '';
  if (typeof body !== 'string') return new TextDecoder().decode(body);
  return attachment?.bodyEncoding === 'utf-8' ? body : Buffer.from(body, 'base64').toString('utf8');
}

/** The test of this file whose name starts with `prefix`. */
function findTest(current: RunnerTestCase, prefix: string): RunnerTestCase {
  const all = (tasks: readonly RunnerTask[]): RunnerTask[] =>
    tasks.flatMap((task) => (task.type === 'suite' ? all(task.tasks) : [task]));
  const found = all(current.file.tasks).find((task) => task.name.startsWith(prefix));
  if (found?.type !== 'test') throw new Error(`No test "${prefix}…" in this file.`);
  return found;
}
