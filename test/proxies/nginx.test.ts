import { afterEach, describe, expect, it } from 'vitest';
import { open, type SseStream } from '../../src/index.ts';
import '../../src/vitest-setup.ts';
import { type Nginx, type NginxOptions, nginxBinary, startNginx } from '../support/nginx.ts';
import { startServer } from '../support/server.ts';
import { paced } from './events.ts';

// Real nginx (Debian's) in front of our embedded server, the way a deployment puts one in front of
// an event stream. Numbers from nginx 1.22 on x86-64, where a proxy buffer is one 4 KB page.

const proxies: Nginx[] = [];
const streams: SseStream[] = [];
afterEach(async () => {
  await Promise.all(streams.splice(0).map((stream) => stream.close()));
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

/** The embedded server answering `/s` with `route`, behind a fresh nginx. */
async function behindNginx(
  route: Parameters<Awaited<ReturnType<typeof startServer>>['route']>[1],
  options: Omit<NginxOptions, 'upstream'> = {},
) {
  const server = await startServer();
  server.route('/s', route);
  const proxy = await startNginx({ upstream: server.url, ...options });
  proxies.push(proxy);
  return { server, proxy };
}

async function opened(url: string, options?: Parameters<typeof open>[1]): Promise<SseStream> {
  const stream = await open(url, options);
  streams.push(stream);
  return stream;
}

const TEN_PAGED = (sse: Parameters<typeof paced>[0]) => paced(sse, 10, 530, 100);

describe('behind nginx with proxy_buffering on', () => {
  it('a stream of 530-byte events 100 ms apart arrives in 4 KB pages, and toStreamIncrementally says so', async () => {
    const { proxy } = await behindNginx(TEN_PAGED);
    const stream = await opened(`${proxy.url}/s`);
    const error = await expect(stream)
      .toStreamIncrementally({ within: 5_000 })
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(error, 'the buffered stream should fail').toBeInstanceOf(Error);
    const message = error?.message ?? '';
    const seen = `headers at ${stream.timing.headers} ms, events at ${stream.events.map((event) => event.time).join(', ')}`;
    // Seven events fill the first page (with the upstream's headers); the rest come at the end.
    expect(message, seen).toMatch(
      /Received: 10 events in 2 bursts \(5 per burst\): 7 events \(#0\) at \d+ ms, 3 events \(#7\) at \d+ ms; then the stream ended at \d+ ms/,
    );
    expect(message).toContain('The response headers came only with the first event');
    expect(message).toContain('nginx: proxy_buffering off, or the response header X-Accel-Buffering: no');
    // nginx held the headers with the first page.
    expect(stream.timing.headers).toBeGreaterThan(500);
  });

  it('the same stream passes with proxy_buffering off', async () => {
    const { proxy } = await behindNginx(TEN_PAGED, { buffering: false });
    const stream = await opened(`${proxy.url}/s`);
    await expect(stream).toStreamIncrementally({ within: 5_000, minBursts: 5 });
    expect(stream.timing.headers).toBeLessThan(300);
  });

  it('the same stream passes when the server sends X-Accel-Buffering: no', async () => {
    const { proxy } = await behindNginx((sse) => {
      sse.header('X-Accel-Buffering', 'no');
      return TEN_PAGED(sse);
    });
    const stream = await opened(`${proxy.url}/s`);
    await expect(stream).toStreamIncrementally({ within: 5_000, minBursts: 5 });
  });

  it('an endless stream held by the proxy: open() times out naming proxy buffering and compression', async () => {
    const { proxy } = await behindNginx((sse) => paced(sse, 600, 64, 100));
    const error = await opened(`${proxy.url}/s`, { timeout: 1_000 }).catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ type: 'timeout' });
    expect((error as Error).message).toBe(
      `No response headers from ${proxy.url}/s within 1000 ms. If the server sends them at once, something in between is holding the response: commonly a buffering proxy (nginx: proxy_buffering off, or the response header X-Accel-Buffering: no) or compression middleware that does not flush each event (compression: res.flush() after each write).`,
    );
  });

  it('toReceiveFirstEventWithin names the proxy when the first event came with late headers', async () => {
    const { proxy } = await behindNginx(TEN_PAGED);
    const stream = await opened(`${proxy.url}/s`, { timeout: 5_000 });
    const error = await expect(stream)
      .toReceiveFirstEventWithin(300)
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(error?.message).toMatch(
      /Received: the first event, #0, at \d+ ms\n {10}The response headers came only with the first event: if the server sends them at once, something held the whole response, commonly a buffering proxy \(nginx: proxy_buffering off/,
    );
  });

  it('gzip on, with proxy_buffering on, holds the whole stream, headers too, to its end', async () => {
    const { proxy } = await behindNginx(TEN_PAGED, { gzip: true });
    const stream = await opened(`${proxy.url}/s`);
    await expect(stream).not.toStreamIncrementally({ within: 5_000 });
    expect(stream.headers['content-encoding']).toBe('gzip');
    expect(stream.events).toHaveLength(10);
  });
});

describe('behind nginx with proxy_read_timeout 1s', () => {
  /** One event, then two seconds of silence: longer than the proxy's idle timeout. */
  const gappy = async (sse: Parameters<typeof paced>[0]) => {
    await sse.flush();
    await sse.send({ event: 'tick', id: '1', data: 'first' });
    await sse.sleep(2_000);
    await sse.send({ event: 'tick', id: '2', data: 'second' });
    await sse.sleep(60_000);
  };

  it('toStayOpen fails when the proxy cuts the silent stream, and the message points at its idle timeout', async () => {
    const { proxy } = await behindNginx(gappy, { buffering: false, readTimeout: 1_000 });
    const stream = await opened(`${proxy.url}/s`);
    const error = await expect(stream)
      .toStayOpen({ for: 3_000 })
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(error?.message).toMatch(
      /Received: the stream broke at \d+ ms, \d+ ms after the call: other side closed \(the server or a proxy/,
    );
    expect(error?.message).toContain(
      "other side closed (the server or a proxy in between closed the connection mid-response; after a silence, a proxy's idle timeout is the usual cause: nginx's proxy_read_timeout is 60 s by default, and a comment such as `: keep-alive` resets it)",
    );
    expect(stream.timing.end).toBeGreaterThan(900);
    expect(stream.timing.end).toBeLessThan(1_900);
  });

  it('toKeepGapsBelow fails on the cut, naming the last sign of life', async () => {
    const { proxy } = await behindNginx(gappy, { buffering: false, readTimeout: 1_000 });
    const stream = await opened(`${proxy.url}/s`);
    const error = await expect(stream)
      .toKeepGapsBelow(5_000, { for: 3_000 })
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(error?.message).toMatch(/the last sign of life was at \d+ ms \(event #0\)/);
    expect(error?.message).toContain(
      "other side closed (the server or a proxy in between closed the connection mid-response; after a silence, a proxy's idle timeout is the usual cause: nginx's proxy_read_timeout is 60 s by default, and a comment such as `: keep-alive` resets it)",
    );
  });

  it('a stream opened with reconnect comes back with Last-Event-ID after the cut', async () => {
    const { server, proxy } = await behindNginx(gappy, { buffering: false, readTimeout: 1_000 });
    const stream = await opened(`${proxy.url}/s`, { reconnect: { delay: 50 } });
    await expect(stream).toReconnect({ within: 3_000, lastEventId: '1' });
    expect(server.requests.at(-1)?.headers['last-event-id']).toBe('1');
  });

  it('with proxy_buffering on, what nginx still held when the timeout fired is lost', async () => {
    const { proxy } = await behindNginx(gappy, { readTimeout: 1_000 });
    const stream = await opened(`${proxy.url}/s`, { timeout: 5_000 });
    await stream.closed;
    // The first event was written at once; nginx kept it in its page and sent only the headers.
    expect(stream.state).toBe('errored');
    expect(stream.events).toHaveLength(0);
    expect(stream.timing.headers).toBeGreaterThan(900);
  });

  it('comments more often than the idle timeout keep the stream open', async () => {
    const { proxy } = await behindNginx(
      async (sse) => {
        await sse.send({ event: 'tick', id: '1', data: 'first' });
        for (let i = 0; i < 6 && !sse.closed; i++) {
          await sse.sleep(400);
          await sse.comment('keep-alive');
        }
      },
      { buffering: false, readTimeout: 1_000 },
    );
    const stream = await opened(`${proxy.url}/s`);
    await expect(stream).toStayOpen({ for: 2_000 });
    await expect(stream).toKeepGapsBelow(1_000, { for: 200 });
  });
});

describe('the nginx test support', () => {
  it('fails with the install command when nginx is missing, rather than skip', () => {
    expect(() => nginxBinary(['/nonexistent/sbin/nginx'])).toThrow(/: apt-get install nginx$/);
  });

  it('close() ends the nginx process and removes its folder', async () => {
    const server = await startServer();
    const proxy = await startNginx({ upstream: server.url });
    expect(await fetch(`${proxy.url}/missing`).then((response) => response.status)).toBe(404);
    await proxy.close();
    expect(() => process.kill(proxy.pid, 0)).toThrow(/ESRCH/);
    expect(proxy.errorLog()).toBe('');
  });
});
