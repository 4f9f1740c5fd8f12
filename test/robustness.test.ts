import { describe, expect, it } from 'vitest';
import { open, type SseStream } from '../src/index.ts';
import { deadline } from '../src/matchers/context.ts';
import '../src/vitest-setup.ts';
import { startServer } from './support/server.ts';

// Defects found in review, each pinned by the sequence that showed it.
describe('edge cases', () => {
  it('open() gives up on a non-SSE body that never ends, after `timeout` once more', async () => {
    const server = await startServer();
    server.route('/plain', async (sse) => {
      sse.status(200).header('content-type', 'text/plain');
      await sse.writeRaw('hello');
      await sse.sleep(60_000);
    });
    const stream = await open(`${server.url}/plain`, { timeout: 200 });
    expect(stream).toMatchObject({ status: 200, ok: false, body: 'hello', state: 'closed' });
  });

  it('open() also gives up on such a body when its signal aborts', async () => {
    const server = await startServer();
    server.route('/plain', async (sse) => {
      sse.header('content-type', 'text/plain');
      await sse.writeRaw('partial');
      await sse.sleep(60_000);
    });
    const stream = await open(`${server.url}/plain`, { timeout: 0, signal: AbortSignal.timeout(100) });
    expect(stream).toMatchObject({ body: 'partial', state: 'closed' });
  });

  it('a predicate that throws fails its matcher and leaves the stream recording', async () => {
    const server = await startServer();
    server.route('/s', async (sse) => {
      await sse.sleep(20);
      await sse.send({ data: { choices: [] } });
      await sse.send({ data: { choices: [{ text: 'b' }] } });
    });
    const stream = await open(`${server.url}/s`);
    const predicate = (data: { choices: { text: string }[] }) =>
      (data.choices[0] as { text: string }).text === 'b';
    await expect(expect(stream).toReceiveEvent('message', predicate, { within: 2_000 })).rejects.toThrow(
      TypeError,
    );
    expect(await stream.closed).toBe('ended');
    expect(stream.events).toHaveLength(2);
  });

  it('a callable Standard Schema is validated, not called as a predicate', async () => {
    const server = await startServer();
    server.route('/s', (sse) => sse.send('"hello"'));
    const stream = await open(`${server.url}/s`);
    // ArkType's types are functions carrying `~standard`; calling one returns a (truthy) error object.
    const schema = Object.assign(() => ({ problems: true }), {
      '~standard': {
        version: 1,
        vendor: 'callable',
        validate: () => ({ issues: [{ message: 'not a number' }] }),
      },
    });
    await expect(expect(stream).toReceiveEvent('message', schema, { within: 200 })).rejects.toThrow(
      /with data matching a callable schema[\s\S]*nearest: schema: not a number/,
    );
  });

  it('.not.toReceiveEvent fails when the test had no time left to watch the whole window', async () => {
    const server = await startServer();
    server.route('/s', (sse) => sse.sleep(60_000));
    const stream = await open(`${server.url}/s`);
    await expect(expect(stream).not.toReceiveEvent('error', undefined, { within: 10_000 })).rejects.toThrow(
      /Received: none in the \d+ ms the test had left, short of the window asked\nTimeout: {2}\d+ ms \(of 10000 ms asked: all the test had left\)/,
    );
  }, 1_500);

  it.each([
    ['toReceiveEvents', (s: SseStream) => expect(s).not.toReceiveEvents(['error'], { within: 10_000 })],
    ['toEnd', (s: SseStream) => expect(s).not.toEnd({ within: 10_000 })],
    ['toReconnect', (s: SseStream) => expect(s).not.toReconnect({ within: 10_000 })],
    ['toReceiveFirstEventWithin', (s: SseStream) => expect(s).not.toReceiveFirstEventWithin(10_000)],
    ['toStreamIncrementally', (s: SseStream) => expect(s).not.toStreamIncrementally({ within: 10_000 })],
  ] as const)(
    '.not.%s fails too when the test had no time left to watch the whole window',
    async (_name, assert) => {
      const server = await startServer();
      server.route('/s', (sse) => sse.sleep(60_000));
      const stream = await open(`${server.url}/s`);
      await expect(assert(stream)).rejects.toThrow(
        /Timeout: {2}\d+ ms \(of \d+ ms asked: all the test had left\)/,
      );
    },
    1_500,
  );

  it("Playwright's expect.timeout 0 leaves the deadline to the test", () => {
    // Not 0 (fail at once): the test's remaining time, here most of Vitest's 20 s.
    expect(deadline({ timeout: 0 }, undefined).ms).toBeGreaterThan(5_000);
    expect(deadline({ timeout: 0 }, 300).ms).toBe(300);
  });

  it('two next() calls waiting at once get two different events', async () => {
    const server = await startServer();
    server.route('/s', async (sse) => {
      await sse.sleep(30);
      await sse.send('a');
      await sse.send('b');
    });
    const stream = await open(`${server.url}/s`);
    const [first, second] = await Promise.all([
      stream.next({ within: 2_000 }),
      stream.next({ within: 2_000 }),
    ]);
    expect([first.data, second.data]).toEqual(['a', 'b']);
  });

  it('two toReceiveEvent expectations waiting at once match two different events', async () => {
    const server = await startServer();
    server.route('/s', async (sse) => {
      await sse.sleep(30);
      await sse.send({ event: 'tick', data: '1' });
      await sse.send({ event: 'tick', data: '2' });
    });
    const stream = await open(`${server.url}/s`);
    await Promise.all([
      expect(stream).toReceiveEvent('tick', undefined, { within: 2_000 }),
      expect(stream).toReceiveEvent('tick', undefined, { within: 2_000 }),
    ]);
    expect(stream.cursor).toBe(2);
  });

  it('an empty body with a Content-Encoding ends cleanly', async () => {
    const server = await startServer();
    server.route('/s', (sse) => {
      sse.header('content-encoding', 'gzip');
      return sse.end();
    });
    const stream = await open(`${server.url}/s`);
    expect(await stream.closed).toBe('ended');
    expect(stream.error).toBeUndefined();
  });

  it('a retry: of 2^31 ms or more does not make the client reconnect at once', async () => {
    const server = await startServer();
    server.route('/s', (sse) => sse.send({ retry: 2 ** 31 + 5, data: 'bye' }));
    const stream = await open(`${server.url}/s`, { reconnect: true });
    await stream.next({ within: 2_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests).toHaveLength(1);
    await stream.close();
  });
});
