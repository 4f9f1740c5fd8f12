import { describe, expect, it } from 'vitest';
import { open } from '../src/index.ts';
import { leakedSince, snapshotResources } from './support/resources.ts';
import { startServer } from './support/server.ts';

// Each case ends a stream one way and then checks that no socket, server or timer of ours is left.
describe('nothing leaks', () => {
  it.each([
    ['closed by us', 'close'],
    ['ended by the server', 'end'],
    ['reset by the server', 'destroy'],
    ['cut off by server.close()', 'server-close'],
    ['stopped by its signal', 'abort'],
    ['closed while waiting to reconnect', 'reconnect-wait'],
  ] as const)('after a stream is %s', async (_name, how) => {
    const before = snapshotResources();
    const server = await startServer();
    server.route('/s', async (sse) => {
      await sse.send({ id: '1', retry: 60_000, data: 'x' });
      if (how === 'end' || how === 'reconnect-wait') return;
      if (how === 'destroy') {
        await sse.sleep(20);
        return sse.destroy();
      }
      await sse.sleep(60_000);
    });
    const controller = new AbortController();
    const stream = await open(`${server.url}/s`, {
      signal: controller.signal,
      reconnect: how === 'reconnect-wait',
    });
    await stream.next({ within: 2_000, signal: controller.signal });
    if (how === 'close' || how === 'reconnect-wait') await stream.close();
    if (how === 'server-close') await server.close();
    if (how === 'abort') controller.abort();
    await stream.closed;
    await server.close();
    expect(await leakedSince(before)).toEqual({});
  });

  it.each([
    ['refused', 'refused'],
    ['timed out', 'timeout'],
    ['aborted', 'abort'],
    ['answered with a non-stream body', 'body'],
  ] as const)('after an open that was %s', async (_name, how) => {
    const before = snapshotResources();
    const server = await startServer();
    server.route('/slow', (sse) => sse.delayHeaders(60_000));
    server.route('/json', (sse) => sse.respond(500, { error: 'x' }));
    const url = server.url;
    if (how === 'refused') await server.close();
    const attempt =
      how === 'refused'
        ? open(`${url}/slow`)
        : how === 'timeout'
          ? open(`${url}/slow`, { timeout: 30 })
          : how === 'abort'
            ? open(`${url}/slow`, { signal: AbortSignal.timeout(30) })
            : open(`${url}/json`);
    await attempt.then(
      (stream) => stream.closed,
      () => undefined,
    );
    await server.close();
    expect(await leakedSince(before)).toEqual({});
  });

  it('after next({ within }) times out and the stream is closed', async () => {
    const before = snapshotResources();
    const server = await startServer();
    server.route('/quiet', (sse) => sse.sleep(60_000));
    const stream = await open(`${server.url}/quiet`);
    await expect(stream.next({ within: 20 })).rejects.toMatchObject({ type: 'timeout' });
    await stream.close();
    await server.close();
    expect(await leakedSince(before)).toEqual({});
  });
});
