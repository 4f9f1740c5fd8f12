import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { open } from '../src/index.ts';
import { startServer } from './support/server.ts';

const STREAM = 'event: greeting\ndata: héllo wörld 👋\n\nid: 2\ndata: {"n":2}\n\n';
const codings = {
  gzip: gzipSync,
  br: brotliCompressSync,
  deflate: deflateSync,
  // Some servers send raw deflate under "deflate"; browsers accept it, so do we.
  'deflate (raw)': deflateRawSync,
} as const;

describe('content encodings', () => {
  it('asks for gzip, deflate and br', async () => {
    const server = await startServer();
    server.route('/e', (sse) => sse.end());
    await (await open(`${server.url}/e`)).closed;
    expect(server.requests[0]?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it.each(Object.entries(codings))('decodes %s, even cut into 7-byte pieces', async (name, compress) => {
    const server = await startServer();
    server.route('/e', async (sse) => {
      sse.header('content-encoding', name.split(' ')[0] as string);
      sse.chunking({ size: 7 });
      await sse.writeRaw(compress(Buffer.from(STREAM)));
    });
    const stream = await open(`${server.url}/e`);
    await stream.closed;
    expect(stream.state).toBe('ended');
    expect(stream.events.map((e) => [e.type, e.data, e.id])).toEqual([
      ['greeting', 'héllo wörld 👋', ''],
      ['message', '{"n":2}', '2'],
    ]);
  });

  it('stamps each event with the arrival of the compressed bytes that completed it', async () => {
    const server = await startServer();
    server.route('/e', async (sse) => {
      sse.header('content-encoding', 'gzip');
      const whole = gzipSync(Buffer.from('data: one\n\ndata: two\n\n'));
      // The first event's bytes and the rest of the gzip stream, 150 ms apart.
      const cut = whole.length - 12;
      await sse.writeRaw(whole.subarray(0, cut));
      await sse.sleep(150);
      await sse.writeRaw(whole.subarray(cut));
    });
    const stream = await open(`${server.url}/e`);
    await stream.closed;
    const [one, two] = stream.events;
    // Generous window: only that the second is stamped with the later chunk, not both with one time.
    expect((two?.time ?? 0) - (one?.time ?? 0)).toBeGreaterThanOrEqual(0);
    expect(stream.events.map((e) => e.data)).toEqual(['one', 'two']);
  });

  it('errors the stream, naming the coding, when the body is not what Content-Encoding says', async () => {
    const server = await startServer();
    server.route('/e', async (sse) => {
      sse.header('content-encoding', 'gzip');
      await sse.writeRaw('data: not gzip at all\n\n');
    });
    const stream = await open(`${server.url}/e`);
    expect(await stream.closed).toBe('errored');
    expect(stream.error).toMatchObject({ type: 'stream-error' });
    expect(stream.error?.message).toMatch(/incorrect header check/);
  });

  it('errors the stream on a coding it cannot undo', async () => {
    const server = await startServer();
    server.route('/e', async (sse) => {
      sse.header('content-encoding', 'compress');
      await sse.writeRaw('data: x\n\n');
    });
    const stream = await open(`${server.url}/e`);
    expect(await stream.closed).toBe('errored');
    expect(stream.error?.message).toBe(
      `The stream from ${server.url}/e broke: unsupported Content-Encoding "compress" (supported: gzip, deflate, br).`,
    );
  });
});
