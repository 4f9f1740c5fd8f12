import { describe, expect, it } from 'vitest';
import { open } from '../src/index.ts';
import type { RecordedChunk, RecordedConnection, SseRecording } from '../src/record/format.ts';
import '../src/vitest-setup.ts';
import { startServer } from './support/server.ts';

const EVENT_STREAM = { 'content-type': 'text/event-stream' };

/** A recording of these connections, as capture would write it. */
function recording(...connections: RecordedConnection[]): SseRecording {
  return {
    version: 1,
    recordedAt: '2026-12-02T15:00:00.000Z',
    request: { method: 'GET', url: 'http://127.0.0.1:3000/events', headers: {} },
    connections,
  };
}

/** A 200 event stream whose chunks come `spacing` ms apart, ended after the last. */
function connection(
  texts: readonly string[],
  spacing = 1,
  more: Partial<RecordedConnection> = {},
): RecordedConnection {
  const chunks: RecordedChunk[] = texts.map((text, i) => ({ at: 2 + i * spacing, text }));
  return {
    at: 1,
    status: 200,
    headers: EVENT_STREAM,
    chunks,
    end: 2 + texts.length * spacing,
    ending: 'ended',
    ...more,
  };
}

const base64 = (bytes: number[]) => Buffer.from(bytes).toString('base64');

describe('server.replay()', () => {
  it('is byte-exact: the same bytes, events and raw text, a character split across chunks included', async () => {
    const server = await startServer();
    // 'é' is c3 a9: its two bytes come in two chunks; ff is not UTF-8 at all.
    const chunks: RecordedChunk[] = [
      { at: 2, text: 'id: 1\ndata: caf' },
      { at: 3, base64: base64([0xc3]) },
      { at: 4, base64: base64([0xa9, 0x0a, 0x0a]) },
      { at: 5, base64: base64([...Buffer.from('data: bad '), 0xff, 0x0a, 0x0a]) },
      { at: 6, text: ': note\r\nevent: last\r\ndata: ok\r\n\r\n' },
    ];
    const replayed = recording({ ...connection([]), chunks });
    expect(server.replay('/events', replayed)).toBe(server);
    const bytes = Buffer.concat(
      chunks.map((chunk) =>
        chunk.text === undefined ? Buffer.from(chunk.base64, 'base64') : Buffer.from(chunk.text),
      ),
    );

    const stream = await open(`${server.url}/events`);
    expect(await stream.closed).toBe('ended');
    expect(stream.events.map(({ type, data, id }) => ({ type, data, id }))).toEqual([
      { type: 'message', data: 'café', id: '1' },
      { type: 'message', data: 'bad \uFFFD', id: '1' },
      { type: 'last', data: 'ok', id: '1' },
    ]);
    expect(stream.recording.rawText().map((texts) => texts.join(''))).toEqual([
      new TextDecoder().decode(bytes),
    ]);

    const response = await fetch(`${server.url}/events`, { headers: { connection: 'close' } });
    expect(response.status).toBe(204); // the recording had one connection; this is the second request
    server.replay('/bytes', replayed);
    const raw = await fetch(`${server.url}/bytes`, { headers: { connection: 'close' } });
    expect(Buffer.from(await raw.arrayBuffer())).toEqual(bytes);
  });

  it('gives the same events and toBeWellFormed verdict as the stream it was recorded from', async () => {
    const server = await startServer();
    server.route('/original', async (sse) => {
      sse.chunking({ size: 7, delay: 1 });
      await sse.writeRaw('\uFEFFretry: soon\nevnet: x\nid: 1\ndata: héllo\n\n: note\r\ndata: end\r\n\r\n');
    });
    const original = await open(`${server.url}/original`);
    await original.closed;
    // Until capture lands, the recording is built from what the stream kept: its chunks' text.
    const texts = original.recording.rawText()[0] ?? [];
    server.replay(
      '/replayed',
      recording({
        ...connection([]),
        headers: original.headers,
        chunks: texts.map((text, i) => ({ at: 2 + i, text })),
      }),
    );
    const replayed = await open(`${server.url}/replayed`);
    await replayed.closed;

    const fields = (stream: typeof original) =>
      stream.events.map(({ type, data, id }) => ({ type, data, id }));
    expect(fields(replayed)).toEqual(fields(original));
    expect(replayed.recording.rawText()[0]?.join('')).toBe(texts.join(''));
    const verdict = (stream: typeof original) => {
      try {
        expect(stream).toBeWellFormed();
        return 'well-formed';
      } catch (error) {
        return (error as Error).message.split('\nStream:')[0]; // the transcript after it has times
      }
    };
    expect(verdict(replayed)).toBe(verdict(original));
    expect(verdict(original)).toContain('issue');
  });

  it('sends the recorded status and headers, not the hop-by-hop ones or the body encoding, after the head delay', async () => {
    const server = await startServer();
    const headers = {
      'content-type': 'text/event-stream; charset=utf-8',
      'x-request-id': 'abc',
      'transfer-encoding': 'chunked',
      'content-length': '999',
      'content-encoding': 'gzip',
      connection: 'keep-alive',
      'set-cookie': '[redacted]',
    };
    server.replay(
      '/events',
      recording(
        connection(['data: x\n\n'], 1, { at: 120, headers, chunks: [{ at: 121, text: 'data: x\n\n' }] }),
      ),
    );
    const stream = await open(`${server.url}/events`);
    expect(stream.timing.headers).toBeGreaterThanOrEqual(100);
    expect(stream.status).toBe(200);
    expect(stream.headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'x-request-id': 'abc',
    });
    for (const name of ['content-length', 'content-encoding', 'set-cookie', 'cache-control']) {
      expect(stream.headers[name], name).toBeUndefined();
    }
    await expect(stream).toReceiveEvent('message', 'x');
  });

  it('replays a non-200 answer with its body', async () => {
    const server = await startServer();
    const body = '{"error":"overloaded"}';
    server.replay(
      '/events',
      recording({
        at: 1,
        status: 503,
        headers: { 'content-type': 'application/json', 'retry-after': '5' },
        chunks: [{ at: 2, text: body }],
        end: 2,
        ending: 'ended',
      }),
    );
    const response = await fetch(`${server.url}/events`, { headers: { connection: 'close' } });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toEqual({ error: 'overloaded' });
  });

  it('answers each reconnection with the next connection, then 204 after the last', async () => {
    const server = await startServer();
    server.replay(
      '/events',
      recording(
        connection(['retry: 10\nid: 1\ndata: a\n\n']),
        connection(['id: 2\ndata: b\n\n'], 1, {
          at: 30,
          lastEventId: '1',
          chunks: [{ at: 31, text: 'id: 2\ndata: b\n\n' }],
          end: 32,
        }),
      ),
    );
    const stream = await open(`${server.url}/events`, { reconnect: true });
    expect(await stream.closed).toBe('ended');
    expect(stream.events.map((event) => event.data)).toEqual(['a', 'b']);
    expect(stream.status).toBe(200);
    expect(server.requests.map((request) => request.lastEventId)).toEqual([undefined, '1', '2']);
  });

  it("breaks the connection at its recorded end when it ended 'errored'", async () => {
    const server = await startServer();
    server.replay('/events', recording(connection(['data: one\n\n'], 1, { ending: 'errored' })));
    const stream = await open(`${server.url}/events`);
    expect(await stream.closed).toBe('errored');
    expect(stream.error?.type).toBe('stream-error');
    expect(stream.events.map((event) => event.data)).toEqual(['one']);
  });

  it("keeps an 'open' connection open until the client goes", async () => {
    const server = await startServer();
    server.replay('/events', recording(connection(['data: one\n\n'], 1, { ending: 'open', end: undefined })));
    await using stream = await open(`${server.url}/events`);
    await expect(stream).toReceiveEvent('message', 'one');
    await expect(stream).toStayOpen({ for: 100 });
  });

  it('sends everything at once at speed Infinity', async () => {
    const server = await startServer();
    const texts = Array.from({ length: 5 }, (_, i) => `data: ${i}\n\n`);
    server.replay('/events', recording(connection(texts, 1_000, { at: 1_000 })), { speed: Infinity });
    const started = performance.now();
    const stream = await open(`${server.url}/events`);
    expect(await stream.closed).toBe('ended');
    expect(stream.eventCount).toBe(5);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('halves the delays at speed 2 (a generous window)', async () => {
    const server = await startServer();
    const texts = Array.from({ length: 10 }, (_, i) => `data: ${i}\n\n`);
    server.replay('/events', recording(connection(texts, 40)), { speed: 2 });
    const stream = await open(`${server.url}/events`);
    expect(await stream.closed).toBe('ended');
    const events = stream.events;
    const span = (events.at(-1)?.time ?? 0) - (events[0]?.time ?? 0);
    expect(span).toBeGreaterThanOrEqual(150); // 9 gaps of 40 ms at speed 2: 180 ms
    expect(span).toBeLessThan(340); // speed 1 would take 360 ms
  });

  it('loops: after the last chunk, the first again on the same connection', async () => {
    const server = await startServer();
    server.replay('/events', recording(connection(['data: a\n\n', 'data: b\n\n'], 2)), { loop: true });
    await using stream = await open(`${server.url}/events`);
    await expect(stream).toReceiveEvents(['a', 'b', 'a', 'b', 'a', 'b', 'a'].map((data) => ({ data })));
    expect(stream.state).toBe('open');
    expect(server.requests).toHaveLength(1);
  });

  it('stops a looping replay when the server closes', async () => {
    const server = await startServer();
    server.replay('/events', recording(connection(['data: a\n\n'], 0)), { loop: true, speed: Infinity });
    const stream = await open(`${server.url}/events`);
    await expect(stream).toReceiveEvents(Array.from({ length: 50 }, () => ({ data: 'a' })));
    await server.close();
    expect(await stream.closed).toBe('ended');
    expect(server.errors).toEqual([]);
  });

  it('refuses an invalid recording or option at once, naming the problem', async () => {
    const server = await startServer();
    const valid = recording(connection(['data: x\n\n']));
    const attempt = (value: unknown, options?: object) => () =>
      server.replay('/events', value as SseRecording, options);
    expect(attempt(undefined)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: replay(): the recording is not a valid one: it is undefined, not an object.]`,
    );
    expect(attempt({ ...valid, version: 2 })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: replay(): the recording is not a valid one: "version" is 2, not 1.]`,
    );
    expect(attempt({ ...valid, connections: undefined })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: replay(): the recording is not a valid one: "connections" is missing.]`,
    );
    const chunk = { at: 2, text: 'data: x\n\n', base64: 'eA==' } as never;
    expect(attempt(recording({ ...connection([]), chunks: [chunk] }))).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: replay(): the recording is not a valid one: connections[0].chunks[0] has both "text" and "base64".]`,
    );
    expect(
      attempt(recording(connection([]), { ...connection([]), status: 42 })),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: replay(): the recording is not a valid one: "connections[1].status" should be an HTTP status code from 100 to 999, not the number 42.]`,
    );
    expect(
      attempt(recording({ ...connection([]), ending: 'done' } as never)),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: replay(): the recording is not a valid one: "connections[0].ending" should be one of "ended", "errored", "closed", "open", not the string "done".]`,
    );
    expect(attempt(valid, { speed: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: replay(): speed must be a number above 0 (Infinity: at once), got 0.]`,
    );
  });
});
