import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { open } from '../src/index.ts';
import { readLastEventId } from '../src/util/last-event-id.ts';
import { startRawServer } from './support/raw-server.ts';
import { startServer } from './support/server.ts';

/** A whole HTTP/1.1 response with a `text/event-stream` body, as bytes. */
function eventStreamResponse(status: string, body: string): Buffer {
  const bytes = Buffer.from(body, 'utf8');
  return Buffer.concat([
    Buffer.from(
      `HTTP/1.1 ${status}\r\ncontent-type: text/event-stream\r\ncontent-length: ${bytes.length}\r\nconnection: close\r\n\r\n`,
    ),
    bytes,
  ]);
}

describe('Last-Event-ID is sent as its UTF-8 bytes', () => {
  it('on the first request and on a reconnection, as the bytes on the wire show', async () => {
    const raw = await startRawServer((index) =>
      index === 0
        ? eventStreamResponse('200 OK', 'id: é…\ndata: x\n\n')
        : eventStreamResponse('204 No Content', ''),
    );
    const stream = await open(`${raw.url}/feed`, { lastEventId: '…', reconnect: { delay: 5 } });
    expect(await stream.closed).toBe('ended');
    expect(raw.header(0, 'last-event-id')?.toString('hex')).toBe('e280a6');
    expect(raw.header(1, 'last-event-id')?.toString('hex')).toBe('c3a9e280a6');
    expect(stream.lastEventId).toBe('é…');
  });

  it('round-trips through the embedded server, which decodes them back to the id', async () => {
    const server = await startServer();
    server.route('/feed', async (sse) => {
      if (sse.request.lastEventId === '…é') return sse.respond(204);
      await sse.send({ id: '…é', data: 'x' });
    });
    const stream = await open(`${server.url}/feed`, { lastEventId: 'é', reconnect: { delay: 5 } });
    expect(await stream.closed).toBe('ended');
    expect(server.requests.map((r) => r.lastEventId)).toEqual(['é', '…é']);
    expect(server.requests.map((r) => r.headers['last-event-id'])).toEqual(['é', '…é']);
  });

  it('the embedded server reads bytes that are not UTF-8 (a latin1 é) as U+FFFD, as a browser would', async () => {
    const server = await startServer();
    server.route('/feed', (sse) => sse.respond(204));
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.end(
      Buffer.from(
        'GET /feed HTTP/1.1\r\nhost: x\r\nlast-event-id: \xe9\r\nconnection: close\r\n\r\n',
        'latin1',
      ),
    );
    await new Promise((resolve) => socket.on('close', resolve).resume());
    expect(server.requests[0]?.lastEventId).toBe('\uFFFD');
  });
});

describe('only a 200 text/event-stream is a stream', () => {
  it.each([204, 205, 206, 210, 299, 404, 410, 503])(
    'a %i typed text/event-stream is not ok, parses no events and keeps its text in body',
    async (status) => {
      const server = await startServer();
      server.route('/s', async (sse) => {
        sse.status(status);
        await sse.send({ id: '7', data: 'never an event' });
      });
      const stream = await open(`${server.url}/s`, { reconnect: { delay: 5 } });
      expect(await stream.closed).toBe('ended');
      expect(stream).toMatchObject({ status, ok: false, eventCount: 0, lastEventId: '' });
      expect(stream.events).toEqual([]);
      // Node's server sends no body with a 204 (nor does HTTP allow one).
      expect(stream.body).toBe(status === 204 ? '' : 'id: 7\ndata: never an event\n\n');
      // The spec fails the connection: a first answer that is not a stream is never retried.
      expect(server.requests).toHaveLength(1);
    },
  );

  it("a redirect's final 200 is a stream", async () => {
    const server = await startServer();
    server.route('/old', (sse) => sse.respond(307, '', { location: '/new' }));
    server.route('/new', (sse) => sse.send('moved'));
    const stream = await open(`${server.url}/old`);
    expect(stream).toMatchObject({ status: 200, ok: true, url: `${server.url}/new`, body: undefined });
    expect((await stream.next({ within: 2_000 })).data).toBe('moved');
  });

  it('a reconnection answered 206 text/event-stream stops the stream: no events from it, no more attempts', async () => {
    const server = await startServer();
    server.route('/s', async (sse) => {
      if (sse.request.lastEventId !== undefined) sse.status(206);
      await sse.send({ id: String(server.requests.length), data: 'x' });
    });
    const stream = await open(`${server.url}/s`, { reconnect: { delay: 5, maxAttempts: 5 } });
    expect(await stream.closed).toBe('errored');
    expect(stream.events.map((e) => e.id)).toEqual(['1']);
    expect(server.requests).toHaveLength(2);
    expect(stream.error?.message).toBe(
      `Reconnecting to ${server.url}/s got status 206 with content type text/event-stream; charset=utf-8; an EventSource stops here (it needs 200 text/event-stream).`,
    );
  });
});

describe('close() stops delivery', () => {
  it('for await yields nothing after close(), not even the rest of the chunk that came', async () => {
    const server = await startServer();
    server.route('/s', async (sse) => {
      await sse.writeRaw('data: a\n\ndata: b\n\ndata: c\n\n');
      await sse.sleep(60_000);
    });
    const stream = await open(`${server.url}/s`);
    const seen: string[] = [];
    for await (const event of stream) {
      seen.push(event.data);
      await stream.close();
    }
    expect(seen).toEqual(['a']);
    // Still recorded, for the matchers and the transcript.
    expect(stream.eventCount).toBe(3);
  });

  it('next() rejects after close() though events are waiting', async () => {
    const server = await startServer();
    server.route('/s', async (sse) => {
      await sse.writeRaw('data: a\n\ndata: b\n\n');
      await sse.sleep(60_000);
    });
    const stream = await open(`${server.url}/s`);
    expect((await stream.next({ within: 2_000 })).data).toBe('a');
    await stream.close();
    await expect(stream.next()).rejects.toMatchObject({
      type: 'stream-stopped',
      message: `No more events: the stream from ${server.url}/s is closed after 2 events. close() was called, so next() hands out nothing more (stream.events holds all 2, 1 never taken).`,
    });
  });

  it('next() after close() on a stream that had ended says close() is why, not the end', async () => {
    const server = await startServer();
    server.route('/s', (sse) => sse.writeRaw('data: a\n\ndata: b\n\n'));
    const stream = await open(`${server.url}/s`);
    expect(await stream.closed).toBe('ended');
    await stream.close();
    await expect(stream.next()).rejects.toMatchObject({
      message: `No more events: the stream from ${server.url}/s is ended after 2 events. close() was called, so next() hands out nothing more (stream.events holds all 2, 2 never taken).`,
    });
  });

  it('a next() waiting when close() is called rejects', async () => {
    const server = await startServer();
    server.route('/s', (sse) => sse.sleep(60_000));
    const stream = await open(`${server.url}/s`);
    const waiting = expect(stream.next({ within: 5_000 })).rejects.toMatchObject({ type: 'stream-stopped' });
    await stream.close();
    await waiting;
  });
});

describe('request headers', () => {
  it('sends Pragma: no-cache beside Cache-Control: no-cache, on reconnections too, unless given', async () => {
    const server = await startServer();
    server.route('/s', async (sse) => {
      if (sse.request.lastEventId !== undefined) return sse.respond(204);
      await sse.send({ id: '1', data: 'x' });
    });
    await (await open(`${server.url}/s`, { reconnect: { delay: 5 } })).closed;
    expect(server.requests.map((r) => [r.headers['cache-control'], r.headers.pragma])).toEqual([
      ['no-cache', 'no-cache'],
      ['no-cache', 'no-cache'],
    ]);
    await (await open(`${server.url}/s`, { headers: { Pragma: 'x' }, lastEventId: '1' })).closed;
    expect(server.requests.at(-1)?.headers.pragma).toBe('x');
  });
});

describe('reconnection rules', () => {
  it('reconnects to the original URL and follows its redirects again; stream.url stays the first final URL', async () => {
    const server = await startServer();
    let hops = 0;
    server.route('/old', (sse) => sse.respond(302, '', { location: `/new?hop=${++hops}` }));
    server.route('/new', async (sse) => {
      if (sse.request.lastEventId !== undefined) return sse.respond(204);
      await sse.send({ id: '1', data: 'x' });
    });
    const stream = await open(`${server.url}/old`, { reconnect: { delay: 5 } });
    expect(await stream.closed).toBe('ended');
    expect(server.requests.map((r) => [r.path + r.query.toString(), r.lastEventId])).toEqual([
      ['/old', undefined],
      ['/newhop=1', undefined],
      ['/old', '1'],
      ['/newhop=2', '1'],
    ]);
    expect(stream.url).toBe(`${server.url}/new?hop=1`);
  });

  it('a refused first connection rejects open(), even with reconnect on', async () => {
    const server = await startServer();
    const url = `${server.url}/s`;
    await server.close();
    await expect(open(url, { reconnect: { delay: 5_000 } })).rejects.toMatchObject({
      type: 'connect-failed',
      code: 'ECONNREFUSED',
    });
  });

  it('uses retry: values as given, however small: retry: 0 reconnects at once until the attempts run out', async () => {
    const server = await startServer();
    server.route('/s', (sse) => sse.send({ retry: 0, data: 'x' }));
    const stream = await open(`${server.url}/s`, { reconnect: { delay: 10_000, maxAttempts: 4 } });
    expect(await stream.closed).toBe('ended');
    expect(stream.retry).toBe(0);
    expect(server.requests).toHaveLength(5);
    // Generous: any floor of 1 s (or the 10 s delay) would take 4 s or more.
    expect(stream.timing.end).toBeLessThan(3_000);
  });
});

describe('readLastEventId, the one decoder of the header', () => {
  it("reads node:http's latin1 spelling and Chromium's windows-1252 one back into the id", () => {
    const bytes = Buffer.from('…é', 'utf8');
    expect(readLastEventId(bytes.toString('latin1'))).toBe('…é');
    expect(readLastEventId(new TextDecoder('windows-1252').decode(bytes), 'windows-1252')).toBe('…é');
    expect(readLastEventId('plain-42', 'windows-1252')).toBe('plain-42');
  });

  it('keeps a Chromium value that is no UTF-8 once spelled back: it was text already', () => {
    expect(readLastEventId('…', 'windows-1252')).toBe('…');
    expect(readLastEventId('é→', 'windows-1252')).toBe('é→');
  });
});
