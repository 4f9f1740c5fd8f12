import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { open, SseError } from '../src/index.ts';
import { startServer } from './support/server.ts';

describe('open()', () => {
  it('resolves at the headers with status, headers, url and ok, and records events in order', async () => {
    const server = await startServer();
    server.route('/events', async (sse) => {
      sse.header('x-trace', 'abc');
      await sse.send({ event: 'price', id: '1', data: { symbol: 'ACME', price: 1 } });
      await sse.send('plain');
      await sse.end();
    });
    const stream = await open(`${server.url}/events?x=1`);
    expect(stream.status).toBe(200);
    expect(stream.ok).toBe(true);
    expect(stream.url).toBe(`${server.url}/events?x=1`);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.headers['x-trace']).toBe('abc');
    expect(await stream.closed).toBe('ended');
    expect(stream.events.map((e) => [e.type, e.data, e.id, e.index])).toEqual([
      ['price', '{"symbol":"ACME","price":1}', '1', 0],
      ['message', 'plain', '1', 1],
    ]);
    expect(stream.events[0]?.json()).toEqual({ symbol: 'ACME', price: 1 });
  });

  it('sends Accept, Cache-Control, the method, headers and a JSON body', async () => {
    const server = await startServer();
    server.route('/v1/chat', (sse) => sse.end(), { method: 'POST' });
    const stream = await open('/v1/chat', {
      baseURL: server.url,
      method: 'post',
      headers: { Authorization: 'Bearer t', 'X-Api-Key': 'k' },
      json: { stream: true },
      lastEventId: '41',
    });
    await stream.closed;
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.body).toBe('{"stream":true}');
    expect(request?.headers).toMatchObject({
      accept: 'text/event-stream',
      'cache-control': 'no-cache',
      'content-type': 'application/json',
      authorization: 'Bearer t',
      'x-api-key': 'k',
      'last-event-id': '41',
    });
  });

  it('sends a raw body as is and lets a given header win over the defaults', async () => {
    const server = await startServer();
    server.route('/raw', (sse) => sse.end());
    const headers = new Headers({ accept: 'text/event-stream, */*', 'content-type': 'text/plain' });
    await (await open(`${server.url}/raw`, { method: 'PUT', body: 'hello', headers })).closed;
    expect(server.requests[0]).toMatchObject({ method: 'PUT', body: 'hello' });
    expect(server.requests[0]?.headers.accept).toBe('text/event-stream, */*');
  });

  it('resolves a non-event-stream answer with its status, content type and body', async () => {
    const server = await startServer();
    server.route('/overloaded', (sse) => sse.respond(503, { error: 'overloaded' }));
    const stream = await open(`${server.url}/overloaded`);
    expect(stream).toMatchObject({ status: 503, ok: false, body: '{"error":"overloaded"}', state: 'ended' });
    expect(stream.headers['content-type']).toMatch(/application\/json/);
    expect(stream.events).toEqual([]);
  });

  it('keeps at most 64 KiB of a large non-event-stream body and closes it', async () => {
    const server = await startServer();
    server.route('/big', (sse) => sse.respond(200, 'x'.repeat(200_000), { 'content-type': 'text/html' }));
    const stream = await open(`${server.url}/big`);
    expect(stream.body?.length).toBe(64 * 1024);
    expect(stream.ok).toBe(false);
    expect(stream.state).toBe('closed');
  });

  it('keeps an event stream with a status other than 200 as body text, parsing no events', async () => {
    const server = await startServer();
    server.route('/teapot', async (sse) => {
      sse.status(418);
      await sse.send({ event: 'error', data: 'short and stout' });
    });
    const stream = await open(`${server.url}/teapot`);
    expect(stream).toMatchObject({ status: 418, ok: false, state: 'ended' });
    expect(stream.body).toBe('event: error\ndata: short and stout\n\n');
    expect(stream.events).toEqual([]);
  });

  it('rejects with connect-failed naming the URL and the reason when nothing listens', async () => {
    const server = await startServer();
    const url = `${server.url}/events`;
    await server.close();
    const error = await open(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SseError);
    expect(error).toMatchObject({ type: 'connect-failed', code: 'ECONNREFUSED', url });
    expect((error as Error).message).toBe(`Failed to connect to ${url}: connection refused (ECONNREFUSED).`);
  });

  it('rejects with timeout when the headers do not come within `timeout`', async () => {
    const server = await startServer();
    server.route('/slow', (sse) => sse.delayHeaders(5_000));
    const error = await open(`${server.url}/slow`, { timeout: 100 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'timeout' });
    expect((error as Error).message).toBe(
      `No response headers from ${server.url}/slow within 100 ms. If the server sends them at once, something in between is holding the response: commonly a buffering proxy (nginx: proxy_buffering off, or the response header X-Accel-Buffering: no) or compression middleware that does not flush each event (compression: res.flush() after each write).`,
    );
  });

  it('rejects with aborted when the signal fires while opening, or had fired before', async () => {
    const server = await startServer();
    server.route('/slow', (sse) => sse.delayHeaders(5_000));
    const controller = new AbortController();
    const opening = open(`${server.url}/slow`, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('test is done')), 20);
    await expect(opening).rejects.toMatchObject({ type: 'aborted' });
    await expect(open(`${server.url}/slow`, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      type: 'aborted',
      message: `Opening ${server.url}/slow was aborted before it started.`,
    });
  });

  it('closes an open stream when its signal fires later', async () => {
    const server = await startServer();
    server.route('/forever', (sse) => sse.sleep(60_000));
    const controller = new AbortController();
    const stream = await open(`${server.url}/forever`, { signal: controller.signal });
    controller.abort();
    expect(await stream.closed).toBe('closed');
  });

  it('rejects misuse with invalid-option', async () => {
    await expect(open('/relative')).rejects.toMatchObject({
      type: 'invalid-option',
      message: 'open() needs an absolute URL: cannot resolve "/relative" (no baseURL was given).',
    });
    await expect(open('ftp://127.0.0.1/x')).rejects.toMatchObject({ type: 'invalid-option' });
    await expect(open('http://127.0.0.1:1/', { body: 'a', json: {} })).rejects.toMatchObject({
      message: 'open() takes `body` or `json`, not both.',
    });
    await expect(open('http://127.0.0.1:1/', { maxEventSize: 0 })).rejects.toMatchObject({
      type: 'invalid-option',
    });
    await expect(open('http://127.0.0.1:1/', { reconnect: { delay: -1 } })).rejects.toMatchObject({
      type: 'invalid-option',
    });
    await expect(open('http://127.0.0.1:1/', { lastEventId: 'a\nb' })).rejects.toMatchObject({
      type: 'invalid-option',
      message:
        'lastEventId must be a string without line breaks or NUL (no server can set such an id: the spec\'s parser splits lines there and ignores an id with NUL); received "a\\nb".',
    });
    await expect(
      open('http://127.0.0.1:1/', { headers: { 'Last-Event-ID': 'a\u0000b' } }),
    ).rejects.toMatchObject({ type: 'invalid-option' });
  });
});

describe('open() with a dispatcher of your own', () => {
  it('sends through it and leaves it open for you to close', async () => {
    const server = await startServer();
    server.route('/events', (sse) => sse.send('via agent'));
    const agent = new Agent({ connections: 1 });
    let dispatched = 0;
    const counting = agent.compose((dispatch) => (options, handler) => {
      dispatched++;
      return dispatch(options, handler);
    });
    const stream = await open(`${server.url}/events`, { dispatcher: counting });
    expect((await stream.next({ within: 2_000 })).data).toBe('via agent');
    await stream.close();
    expect(dispatched).toBe(1);
    expect(agent.closed).toBe(false);
    await agent.close();
  });
});
