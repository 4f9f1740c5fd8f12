import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSseServer,
  formatComment,
  formatEvent,
  type SseMessage,
  type SseServer,
  type SseWriter,
} from '../src/server.ts';

const servers: SseServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(): Promise<SseServer> {
  const server = await createSseServer();
  servers.push(server);
  return server;
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** ms from the request start until headers arrived. */
  headersAt: number;
  chunks: Buffer[];
  /** Settles when the body ends ('end') or breaks ('error'). */
  done: Promise<{ outcome: 'end' | 'error'; body: Buffer; error?: Error }>;
  abort(): void;
}

/** A `node:http` client without keep-alive, so no socket of ours outlives a test. */
function openRaw(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers ?? {}, agent: false });
    req.on('error', reject);
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      const done = new Promise<Awaited<RawResponse['done']>>((settle) => {
        let settled = false;
        const finish = (outcome: 'end' | 'error', error?: Error): void => {
          if (settled) return;
          settled = true;
          const result = { outcome, body: Buffer.concat(chunks) };
          settle(error === undefined ? result : { ...result, error });
        };
        res.once('end', () => finish('end'));
        res.once('error', (error) => finish('error', error));
        res.once('close', () => finish('error', new Error('closed without end')));
      });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        headersAt: performance.now() - started,
        chunks,
        done,
        abort: () => req.destroy(),
      });
    });
    req.end(init.body);
  });
}

async function bodyOf(url: string): Promise<string> {
  const response = await openRaw(url);
  return (await response.done).body.toString('utf8');
}

describe('createSseServer', () => {
  it('listens on 127.0.0.1 with an ephemeral port', async () => {
    const server = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
  });

  it('answers with event-stream headers by default, before the first event', async () => {
    const server = await start();
    server.route('/events', async (sse) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await sse.send('late');
    });
    const response = await openRaw(`${server.url}/events`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers.connection).toBe('keep-alive');
    expect(response.headersAt).toBeLessThan(300);
    expect((await response.done).body.toString()).toBe('data: late\n\n');
  });

  it('applies status() and header() called at the top of a handler', async () => {
    const server = await start();
    let late: unknown;
    server.route('/s', async (sse) => {
      sse
        .status(201)
        .header('x-one', '1')
        .headers({ 'x-two': '2', 'set-cookie': ['a=1', 'b=2'] });
      await sse.send('x');
      try {
        sse.status(500);
      } catch (error) {
        late = error;
      }
    });
    const response = await openRaw(`${server.url}/s`);
    await response.done;
    expect(response.status).toBe(201);
    expect(response.headers['x-one']).toBe('1');
    expect(response.headers['x-two']).toBe('2');
    expect(response.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(String(late)).toMatch(/status\(\) came after the response headers were sent/);
  });
});

describe('formatting', () => {
  it('serialises fields in order, JSON-encodes data and splits lines', () => {
    expect(formatEvent({ data: 'hi', retry: 10, id: '7', event: 'tick' })).toBe(
      'event: tick\nid: 7\nretry: 10\ndata: hi\n\n',
    );
    expect(formatEvent({ data: { a: [1, 'b'] } })).toBe('data: {"a":[1,"b"]}\n\n');
    expect(formatEvent({ data: 'a\r\nb\rc\nd' })).toBe('data: a\ndata: b\ndata: c\ndata: d\n\n');
    expect(formatEvent({ data: '' })).toBe('data: \n\n');
    expect(formatEvent({ id: '' })).toBe('id: \n\n');
  });

  it('refuses fields that would break the framing, pointing to writeRaw()', () => {
    expect(() => formatEvent({ event: 'a\nb' })).toThrow(/line break.*writeRaw/);
    expect(() => formatEvent({ id: 'a\rb' })).toThrow(/line break.*writeRaw/);
    expect(() => formatEvent({ id: 'a\0b' })).toThrow(/NUL.*writeRaw/);
    expect(() => formatEvent({ retry: -1 })).toThrow(/retry/);
    expect(() => formatEvent({ data: () => 1 })).toThrow(/JSON/);
  });

  it('formats comments one line per line', () => {
    expect(formatComment()).toBe(':\n\n');
    expect(formatComment('ping')).toBe(': ping\n\n');
    expect(formatComment('a\nb')).toBe(': a\n: b\n\n');
  });

  it('sends events, strings, comments and retry over the wire', async () => {
    const server = await start();
    const thrown: unknown[] = [];
    server.route('/events', async (sse) => {
      await sse.send({ event: 'greeting', id: '1', data: { hello: 'world' } });
      await sse.send('line one\nline two');
      await sse.send({ data: { user: 1, name: 'Ada' } });
      await sse.send({ data: [1, 2] });
      await sse.send({ data: { data: 'nested', id: 'not a field' } }); // a payload is never unwrapped
      await sse.comment('heartbeat');
      await sse.retry(2500);
      for (const bad of [{ event: 'x\ny' }, { id: 'x\r\ny' }, { id: '\0' }]) {
        try {
          void sse.send(bad); // throws synchronously, before anything is written
        } catch (error) {
          thrown.push(error);
        }
      }
      void sse.end();
    });
    expect(await bodyOf(`${server.url}/events`)).toBe(
      'event: greeting\nid: 1\ndata: {"hello":"world"}\n\n' +
        'data: line one\ndata: line two\n\n' +
        'data: {"user":1,"name":"Ada"}\n\n' +
        'data: [1,2]\n\n' +
        'data: {"data":"nested","id":"not a field"}\n\n' +
        ': heartbeat\n\n' +
        'retry: 2500\n\n',
    );
    expect(thrown.map(String)).toEqual([
      expect.stringMatching(/event "x\\ny" contains a line break; use sse.writeRaw\(\)/),
      expect.stringMatching(/id "x\\r\\ny" contains a line break/),
      expect.stringMatching(/id contains NUL/),
    ]);
  });

  it('refuses a payload outside data, naming what it got, before anything is written', async () => {
    const server = await start();
    class Price {
      symbol = 'ACME';
    }
    const bad: unknown[] = [
      {},
      { data: undefined },
      { event: undefined, id: undefined },
      { user: 1 },
      { data: 1, user: 1, name: 'Ada' },
      { type: 'delta', data: 'x', index: 0 },
      [1, 2],
      3,
      true,
      null,
      undefined,
      new Price(),
      new Date(0),
    ];
    const thrown: unknown[] = [];
    server.route('/events', async (sse) => {
      for (const message of bad) {
        try {
          void sse.send(message as SseMessage);
        } catch (error) {
          thrown.push(error);
        }
      }
      await sse.send({ data: 'still open' });
    });
    expect(await bodyOf(`${server.url}/events`)).toBe('data: still open\n\n');
    expect(thrown.every((error) => error instanceof TypeError)).toBe(true);
    const fix = 'pass a payload as data: send({ data: ... }).';
    expect(thrown.map((error) => (error as Error).message)).toEqual(
      [
        'an empty object',
        'an object whose only field is undefined',
        'an object whose fields are all undefined',
        'an object with the key "user"',
        'an object with the keys "user", "name"',
        'an object with the keys "type", "index" (an event\'s type goes in event)',
        'an array',
        'the number 3',
        'the boolean true',
        'null',
        'undefined',
        'a Price',
        'a Date',
      ].map((got) => `send() takes event fields { data, event, id, retry } or a string, got ${got}; ${fix}`),
    );
  });

  it('refuses an id or event that is not a string and a retry that is not a number, naming the field', async () => {
    const server = await start();
    const thrown: string[] = [];
    server.route('/events', async (sse) => {
      for (const fields of [{ id: 5 }, { event: null, data: 'x' }, { retry: '10' }]) {
        try {
          void sse.send(fields as unknown as SseMessage);
        } catch (error) {
          thrown.push(`${(error as Error).name}: ${(error as Error).message}`);
        }
      }
      await sse.send({ data: 'still open' });
    });
    expect(await bodyOf(`${server.url}/events`)).toBe('data: still open\n\n');
    expect(thrown).toEqual([
      'TypeError: send() takes the event id (id) as a string, got the number 5; pass id: String(...).',
      'TypeError: send() takes the event type (event) as a string, got null; pass event: String(...).',
      'TypeError: send() takes retry as a number of ms, got the string 10.',
    ]);
  });
});

describe('faults', () => {
  it('writeRaw() sends exactly the given bytes', async () => {
    const server = await start();
    const euro = Buffer.from('€');
    const bytes = Buffer.concat([Buffer.from('\uFEFFdata: a\rdata: '), euro.subarray(0, 1)]);
    server.route('/raw', async (sse) => {
      await sse.writeRaw(bytes);
      await sse.writeRaw(euro.subarray(1));
      await sse.writeRaw('\r\r');
    });
    const response = await openRaw(`${server.url}/raw`);
    expect((await response.done).body).toEqual(Buffer.concat([bytes, euro.subarray(1), Buffer.from('\r\r')]));
  });

  it('chunking() delivers the same bytes in separate pieces', async () => {
    const server = await start();
    const text = 'data: héllo wörld\n\n';
    server.route('/chunks', async (sse) => {
      sse.chunking({ size: 3, delay: 5 });
      void sse.send('héllo wörld'); // queued: the next write must wait for its pieces
      await sse.chunking(null).writeRaw('id: 1\n\n');
    });
    const response = await openRaw(`${server.url}/chunks`);
    const { body } = await response.done;
    expect(body.toString()).toBe(`${text}id: 1\n\n`);
    expect(response.chunks.length).toBeGreaterThan(3);
  });

  it('delayHeaders() holds the headers back', async () => {
    const server = await start();
    server.route('/slow', async (sse) => {
      void sse.delayHeaders(100);
      sse.status(202);
      await sse.send('after');
    });
    const response = await openRaw(`${server.url}/slow`);
    expect(response.headersAt).toBeGreaterThanOrEqual(80);
    expect(response.status).toBe(202);
    expect((await response.done).body.toString()).toBe('data: after\n\n');
  });

  it('respond() sends JSON, text or bytes instead of a stream', async () => {
    const server = await start();
    server.route('/json', (sse) => sse.respond(500, { error: 'overloaded' }));
    server.route('/text', (sse) => sse.respond(503, 'try later', { 'retry-after': '1' }));
    server.route('/html', (sse) => sse.respond(200, '<p>', { 'content-type': 'text/html' }));
    const json = await fetch(`${server.url}/json`);
    expect(json.status).toBe(500);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await json.json()).toEqual({ error: 'overloaded' });
    const text = await fetch(`${server.url}/text`);
    expect([text.status, text.headers.get('content-type'), text.headers.get('retry-after')]).toEqual([
      503,
      'text/plain; charset=utf-8',
      '1',
    ]);
    expect(await text.text()).toBe('try later');
    const html = await fetch(`${server.url}/html`);
    expect(html.headers.get('content-type')).toBe('text/html');
  });

  it('llm() writes through the same writer: its headers, chunking, and what the handler sends after', async () => {
    const server = await start();
    server.route('/llm', async (sse) => {
      sse.chunking({ size: 16 });
      await sse.llm('openaiChat', { text: 'Hi there', id: 'c1' });
      await sse.comment('after');
    });
    const response = await openRaw(`${server.url}/llm`);
    const { body } = await response.done;
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(response.chunks.length).toBeGreaterThan(10);
    expect(body.toString()).toMatch(
      /^data: \{"id":"c1",[^\n]*\n\n(data: [^\n]*\n\n)+data: \[DONE\]\n\n: after\n\n$/,
    );
  });

  it('destroy() resets the connection', async () => {
    const server = await start();
    server.route('/reset', async (sse) => {
      await sse.send('one');
      await sse.sleep(20);
      sse.destroy();
      expect(sse.closed).toBe(true);
      expect(await sse.send('two')).toBe(false);
    });
    const response = await fetch(`${server.url}/reset`);
    await expect(response.text()).rejects.toMatchObject({ cause: { code: 'ECONNRESET' } });
    const raw = await openRaw(`${server.url}/reset`);
    expect(await raw.done).toMatchObject({ outcome: 'error', error: { code: 'ECONNRESET' } });
  });
});

describe('routing', () => {
  it('answers an unknown path with 404 listing the routes', async () => {
    const server = await start();
    server.route('/events', () => {}).route('/chat', () => {}, { method: 'post' });
    const response = await fetch(`${server.url}/nope?x=1`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe(
      'sse-test server: no route for GET /nope.\nRegistered routes:\n  ANY /events\n  POST /chat\n',
    );
    expect(server.requests.map((r) => r.path)).toEqual(['/nope']);
  });

  it('filters by method (405 with Allow) and lets a later route replace an earlier one', async () => {
    const server = await start();
    server.route('/m', (sse) => sse.respond(200, 'first'), { method: 'POST' });
    server.route('/m', (sse) => sse.respond(200, 'second'), { method: 'POST' });
    const post = await fetch(`${server.url}/m?ignored=1`, { method: 'POST' });
    expect(await post.text()).toBe('second');
    const get = await fetch(`${server.url}/m`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(await get.text()).toMatch(/no route for GET \/m/);
  });

  it('answers 500 with the message when a handler throws before headers', async () => {
    const server = await start();
    server.route('/boom', () => {
      throw new Error('kaboom');
    });
    const response = await fetch(`${server.url}/boom`);
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(/handler for GET \/boom threw:\nError: kaboom/);
    expect(server.errors).toEqual([new Error('kaboom')]);
  });

  it('cuts the connection when a handler throws after headers', async () => {
    const server = await start();
    server.route('/late-boom', async (sse) => {
      await sse.send('one');
      throw new Error('late');
    });
    const response = await openRaw(`${server.url}/late-boom`);
    expect(response.status).toBe(200);
    expect(await response.done).toMatchObject({ outcome: 'error' });
    expect(server.errors).toHaveLength(1);
  });
});

describe('request log', () => {
  it('records method, path, query, headers and the body before the handler runs', async () => {
    const server = await start();
    let seen: string | undefined;
    server.route('/chat', (sse, request) => {
      seen = request.body;
      return sse.respond(200, { echo: JSON.parse(sse.request.body) });
    });
    const before = performance.now();
    const response = await openRaw(`${server.url}/chat?model=x&model=y`, {
      method: 'POST',
      headers: { 'Last-Event-ID': '42', 'X-Multi': 'a', 'content-type': 'application/json' },
      body: JSON.stringify({ stream: true, text: 'é' }),
    });
    await response.done;
    expect(seen).toBe('{"stream":true,"text":"é"}');
    const [request] = server.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/chat',
      url: `${server.url}/chat?model=x&model=y`,
      body: '{"stream":true,"text":"é"}',
      lastEventId: '42',
    });
    expect(request?.query.getAll('model')).toEqual(['x', 'y']);
    expect(request?.headers['x-multi']).toBe('a');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.receivedAt).toBeGreaterThanOrEqual(before);
  });

  it('joins a repeated header with a comma', async () => {
    const server = await start();
    server.route('/h', (sse) => sse.end());
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${server.url}/h`, { agent: false, headers: { 'x-tag': ['a', 'b'] } });
      req.once('error', reject).once('response', (res) => res.resume().once('end', resolve));
      req.end();
    });
    expect(server.requests[0]?.headers['x-tag']).toBe('a, b');
    expect(server.requests[0]?.lastEventId).toBeUndefined();
  });
});

const watched = ['TCPSocketWrap', 'TCPServerWrap', 'Timeout'];

function handles(): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(watched.map((kind) => [kind, 0]));
  for (const kind of process.getActiveResourcesInfo()) {
    if (watched.includes(kind)) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/**
 * True when no socket, server or timer was added since `before`. The runner's own timers come and go
 * (its RPC calls carry timeouts), so timers may be fewer, never more.
 */
function noneAdded(before: Record<string, number>, after: Record<string, number>): boolean {
  return (
    after.TCPSocketWrap === before.TCPSocketWrap &&
    after.TCPServerWrap === before.TCPServerWrap &&
    (after.Timeout ?? 0) <= (before.Timeout ?? 0)
  );
}

/** Lets closed sockets finish closing (event-loop turns, bounded), then counts handles. */
async function handlesAfterSettling(before: Record<string, number>): Promise<Record<string, number>> {
  let current = handles();
  for (let turn = 0; turn < 100 && !noneAdded(before, current); turn++) {
    await new Promise((resolve) => setImmediate(resolve));
    current = handles();
  }
  return current;
}

/** Counts handles once earlier tests' closing sockets are gone: no change for 5 turns (bounded). */
async function steadyHandles(): Promise<Record<string, number>> {
  let current = handles();
  for (let turn = 0, unchanged = 0; turn < 100 && unchanged < 5; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
    const next = handles();
    unchanged = JSON.stringify(next) === JSON.stringify(current) ? unchanged + 1 : 0;
    current = next;
  }
  return current;
}

async function firstChunk(response: RawResponse): Promise<void> {
  for (let turn = 0; turn < 200 && response.chunks.length === 0; turn++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('lifecycle', () => {
  it('close() ends a sleeping stream promptly and leaves no socket or timer', async () => {
    const before = await steadyHandles();
    const server = await createSseServer();
    servers.push(server);
    let woken: { closed: boolean; aborted: boolean; sent: boolean } | undefined;
    server.route('/sleep', async (sse) => {
      await sse.send('first');
      await sse.sleep(60_000);
      woken = { closed: sse.closed, aborted: sse.signal.aborted, sent: await sse.send('late') };
    });
    const response = await openRaw(`${server.url}/sleep`);
    await firstChunk(response);
    const during = handles();
    expect(during.TCPServerWrap).toBe((before.TCPServerWrap ?? 0) + 1);
    expect(during.TCPSocketWrap).toBe((before.TCPSocketWrap ?? 0) + 2);
    const started = performance.now();
    await server.close();
    expect(performance.now() - started).toBeLessThan(500);
    const done = await response.done;
    expect(done.outcome).toBe('end');
    expect(done.body.toString()).toBe('data: first\n\n');
    expect(woken).toEqual({ closed: true, aborted: true, sent: false });
    await server.close();
    const after = await handlesAfterSettling(before);
    expect(noneAdded(before, after), `before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`).toBe(
      true,
    );
  });

  it('wakes a sleeping handler when the client goes away', async () => {
    const server = await start();
    let woke!: (state: { ms: number; closed: boolean }) => void;
    const wakeUp = new Promise<{ ms: number; closed: boolean }>((resolve) => {
      woke = resolve;
    });
    server.route('/sleep', async (sse) => {
      await sse.send('x');
      const started = performance.now();
      await sse.sleep(60_000);
      woke({ ms: performance.now() - started, closed: sse.closed });
    });
    const response = await openRaw(`${server.url}/sleep`);
    await firstChunk(response);
    response.abort();
    const state = await wakeUp;
    expect(state.closed).toBe(true);
    expect(state.ms).toBeLessThan(2_000);
  });

  it('end() finishes cleanly once, and stops handler loops', async () => {
    const server = await start();
    let sends = 0;
    server.route('/loop', async (sse: SseWriter) => {
      while (!sse.closed && sends < 100) {
        await sse.send({ data: sends });
        sends++;
        if (sends === 3) {
          void sse.end();
          await sse.end();
        }
        await sse.sleep(1);
      }
    });
    expect(await bodyOf(`${server.url}/loop`)).toBe('data: 0\n\ndata: 1\n\ndata: 2\n\n');
    expect(sends).toBe(3);
  });

  it('ends the response when the handler returns without end()', async () => {
    const server = await start();
    server.route('/once', async (sse) => {
      await sse.send('only');
    });
    const response = await openRaw(`${server.url}/once`);
    expect(await response.done).toMatchObject({ outcome: 'end' });
  });

  it('closes with await using', async () => {
    let url: string;
    {
      await using server = await createSseServer();
      url = server.url;
      server.route('/x', (sse) => sse.end());
      expect((await fetch(`${url}/x`)).status).toBe(200);
    }
    const refused = await fetch(`${url}/x`).catch((error: unknown) => error);
    expect(refused).toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
  });
});
