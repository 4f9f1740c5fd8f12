import type { Server } from 'node:http';
import compression from 'compression';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { open, type SseStream } from '../../src/index.ts';
import '../../src/vitest-setup.ts';
import { block } from './events.ts';

// express with the compression middleware (1.8: brotli for our client's Accept-Encoding), the
// other common way an event stream gets held: zlib keeps what it was given until told to flush.

const servers: Server[] = [];
const streams: SseStream[] = [];
afterEach(async () => {
  await Promise.all(streams.splice(0).map((stream) => stream.close()));
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** An express app answering `/s` with `count` 530-byte events 100 ms apart, flushing each or not. */
async function app(options: { flush: boolean; count?: number }): Promise<string> {
  const application = express();
  application.use(compression());
  application.get('/s', async (req, res) => {
    res.setHeader('Content-Type', 'text/event-stream');
    res.setHeader('Cache-Control', 'no-cache');
    let gone = false;
    req.on('close', () => {
      gone = true;
    });
    for (let n = 0; n < (options.count ?? 10) && !gone; n++) {
      if (n > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      res.write(block(n, 530));
      if (options.flush) res.flush();
    }
    res.end();
  });
  const server = application.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the express app has no address');
  return `http://127.0.0.1:${address.port}`;
}

async function opened(url: string, options?: Parameters<typeof open>[1]): Promise<SseStream> {
  const stream = await open(url, options);
  streams.push(stream);
  return stream;
}

describe('behind express + compression', () => {
  it('without res.flush() the whole stream, headers too, comes at its end, and toStreamIncrementally says why', async () => {
    const stream = await opened(`${await app({ flush: false })}/s`, { timeout: 5_000 });
    const error = await expect(stream)
      .toStreamIncrementally({ within: 5_000 })
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(error, 'the compressed stream should fail').toBeInstanceOf(Error);
    const seen = `headers at ${stream.timing.headers} ms, events at ${stream.events.map((event) => event.time).join(', ')}`;
    expect(error?.message, seen).toMatch(
      /Received: 10 events in 1 burst: 10 events \(#0\) at \d+ ms; then the stream ended at \d+ ms\n {10}The response headers came only with the first event: .*compression: res\.flush\(\) after each write/,
    );
    expect(stream.headers['content-encoding']).toMatch(/^(br|gzip|deflate)$/);
    expect(stream.timing.headers, seen).toBeGreaterThan(800);
  });

  it('with res.flush() after each write, the events stream one by one', async () => {
    const stream = await opened(`${await app({ flush: true })}/s`);
    await expect(stream).toStreamIncrementally({ within: 5_000, minBursts: 5 });
    expect(stream.headers['content-encoding']).toMatch(/^(br|gzip|deflate)$/);
  });

  it('an endless stream without res.flush(): open() times out naming compression', async () => {
    const url = `${await app({ flush: false, count: 600 })}/s`;
    const error = await opened(url, { timeout: 1_000 }).catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ type: 'timeout' });
    expect((error as Error).message).toContain('compression middleware that does not flush each event');
  });
});
