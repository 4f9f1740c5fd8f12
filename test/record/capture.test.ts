import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { open, SseError, type SseRecording } from '../../src/index.ts';
import { chunkBytes } from '../../src/record/record.ts';
import { startServer } from '../support/server.ts';

/** Every byte of a connection's chunks, in order. */
const bodyOf = (recording: SseRecording, connection = 0) =>
  Buffer.concat(recording.connections[connection]?.chunks.map(chunkBytes) ?? []);

describe('stream.toRecording()', () => {
  it('records the request, the response head and every chunk with its arrival time', async () => {
    const server = await startServer();
    server.route('/ticker', async (sse) => {
      await sse.send({ id: '1', data: 'one' });
      await sse.sleep(20);
      await sse.send({ event: 'done', data: 'two' });
    });
    const stream = await open(`${server.url}/ticker`, { headers: { 'x-trace': 'abc' } });
    await stream.closed;
    const recording = stream.toRecording();
    expect(recording).toMatchObject({
      version: 1,
      request: {
        method: 'GET',
        url: `${server.url}/ticker`,
        headers: { accept: 'text/event-stream', 'x-trace': 'abc' },
      },
      connections: [{ status: 200, ending: 'ended' }],
    });
    expect(Math.abs(Date.parse(recording.recordedAt) - Date.now())).toBeLessThan(60_000);
    const [connection] = recording.connections;
    expect(connection?.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(bodyOf(recording).toString()).toBe('id: 1\ndata: one\n\nevent: done\ndata: two\n\n');
    const times = connection?.chunks.map((chunk) => chunk.at) ?? [];
    expect(times[0]).toBeGreaterThanOrEqual(connection?.at ?? 0);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(connection?.chunks.every((chunk) => chunk.text !== undefined)).toBe(true);
    // The 20 ms pause puts the second event in a later chunk.
    expect(times.length).toBeGreaterThanOrEqual(2);
    expect(times.at(-1)).toBeGreaterThan(times[0] ?? 0);
    expect(connection?.end).toBeGreaterThanOrEqual(times.at(-1) ?? 0);
  });

  it('keeps a big ASCII chunk byte for byte', async () => {
    const server = await startServer();
    const data = 'x'.repeat(4000);
    server.route('/big', (sse) => sse.send({ data }));
    const stream = await open(`${server.url}/big`);
    await stream.closed;
    expect(bodyOf(stream.toRecording()).toString()).toBe(`data: ${data}\n\n`);
  });

  it('keeps a character split across two chunks as the bytes of each', async () => {
    const server = await startServer();
    const bytes = Buffer.from('data: é€👋\n\n');
    server.route('/split', async (sse) => {
      sse.chunking({ size: 1, delay: 2 });
      await sse.writeRaw(bytes);
    });
    const stream = await open(`${server.url}/split`);
    await stream.closed;
    expect(stream.events[0]?.data).toBe('é€👋');
    const recording = stream.toRecording();
    expect(bodyOf(recording)).toEqual(bytes);
    // Some chunk ends inside a character: on its own it is no valid UTF-8.
    expect(recording.connections[0]?.chunks.some((chunk) => chunk.base64 !== undefined)).toBe(true);
  });

  it('keeps invalid UTF-8 as base64, exactly', async () => {
    const server = await startServer();
    const bytes = Buffer.from([...Buffer.from('data: a'), 0xff, 0xc3, 0x28, ...Buffer.from('\n\n')]);
    server.route('/bad', (sse) => sse.writeRaw(bytes));
    const stream = await open(`${server.url}/bad`);
    await stream.closed;
    expect(stream.events[0]?.data).toBe('a\uFFFD\uFFFD(');
    const recording = stream.toRecording();
    expect(bodyOf(recording)).toEqual(bytes);
    expect(recording.connections[0]?.chunks).toEqual([
      { at: expect.any(Number), base64: bytes.toString('base64') },
    ]);
  });

  it('keeps a BOM, which the parser never sees', async () => {
    const server = await startServer();
    const bytes = Buffer.from('\uFEFFdata: after the BOM\n\n');
    server.route('/bom', (sse) => sse.writeRaw(bytes));
    const stream = await open(`${server.url}/bom`);
    await stream.closed;
    expect(stream.events[0]?.data).toBe('after the BOM');
    const recording = stream.toRecording();
    expect(bodyOf(recording)).toEqual(bytes);
    expect(recording.connections[0]?.chunks[0]?.text?.startsWith('\uFEFF')).toBe(true);
  });

  it('records the bytes as decoded from gzip, under the gzip header', async () => {
    const server = await startServer();
    const text = 'data: héllo\n\ndata: bye\n\n';
    server.route('/gz', async (sse) => {
      sse.header('content-encoding', 'gzip');
      sse.chunking({ size: 7 });
      await sse.writeRaw(gzipSync(Buffer.from(text)));
    });
    const stream = await open(`${server.url}/gz`);
    await stream.closed;
    const recording = stream.toRecording();
    expect(recording.connections[0]?.headers['content-encoding']).toBe('gzip');
    expect(bodyOf(recording).toString()).toBe(text);
  });

  it('records each connection, with the Last-Event-ID it sent and how it ended', async () => {
    const server = await startServer();
    server.route('/feed', async (sse) => {
      const from = Number(sse.request.lastEventId ?? 0);
      if (from >= 4) return sse.respond(204);
      await sse.send({ id: String(from + 1), retry: 10, data: `n${from + 1}` });
      await sse.send({ id: String(from + 2), data: `n${from + 2}` });
    });
    const stream = await open(`${server.url}/feed`, { reconnect: true });
    expect(await stream.closed).toBe('ended');
    const { connections } = stream.toRecording();
    expect(connections.map((c) => [c.status, c.lastEventId, c.ending])).toEqual([
      [200, undefined, 'ended'],
      [200, '2', 'ended'],
      [204, '4', 'ended'],
    ]);
    expect(connections.map((c) => c.chunks.length > 0)).toEqual([true, true, false]);
    expect(bodyOf({ connections } as SseRecording, 1).toString()).toBe(
      'id: 3\nretry: 10\ndata: n3\n\nid: 4\ndata: n4\n\n',
    );
    const ats = connections.map((c) => c.at);
    expect(ats).toEqual([...ats].sort((a, b) => a - b));
    expect(connections[0]?.end).toBeLessThanOrEqual(connections[1]?.at ?? 0);
  });

  it('records a stream still open, and one closed by the client', async () => {
    const server = await startServer();
    server.route('/open', async (sse) => {
      await sse.send({ data: 'first' });
      await sse.sleep(10_000);
    });
    const stream = await open(`${server.url}/open`);
    await stream.next({ within: 5000 });
    const live = stream.toRecording();
    expect(live.connections[0]).toMatchObject({ ending: 'open' });
    expect(live.connections[0]).not.toHaveProperty('end');
    expect(bodyOf(live).toString()).toBe('data: first\n\n');
    await stream.close();
    expect(stream.toRecording().connections[0]).toMatchObject({ ending: 'closed', end: expect.any(Number) });
  });

  it('records an answer that is not an event stream with the start of its body', async () => {
    const server = await startServer();
    server.route('/oops', (sse) => sse.respond(500, 'it broke'));
    const stream = await open(`${server.url}/oops`);
    await stream.closed;
    const { connections } = stream.toRecording();
    expect(connections).toMatchObject([{ status: 500, chunks: [{ text: 'it broke' }] }]);
  });

  it('redacts a token in the query and credential headers, as messages do', async () => {
    const server = await startServer();
    server.route('/private', (sse) => {
      sse.header('set-cookie', 'session=s3cr3t');
      return sse.send({ data: 'ok' });
    });
    const stream = await open(`${server.url}/private?access_token=abc123&page=2`, {
      headers: { authorization: 'Bearer abc123', 'x-api-key': 'k-123' },
    });
    await stream.closed;
    const recording = stream.toRecording();
    expect(recording.request.url).toBe(`${server.url}/private?access_token=[redacted]&page=2`);
    expect(recording.request.headers).toMatchObject({
      authorization: '[redacted]',
      'x-api-key': '[redacted]',
    });
    expect(recording.connections[0]?.headers['set-cookie']).toBe('[redacted]');
    expect(JSON.stringify(recording)).not.toMatch(/abc123|k-123|s3cr3t/);
  });

  it("refuses a stream opened with record: 'timing'", async () => {
    const server = await startServer();
    server.route('/t', (sse) => sse.send({ data: 'x' }));
    const stream = await open(`${server.url}/t`, { record: 'timing' });
    await stream.closed;
    const error = (() => {
      try {
        stream.toRecording();
      } catch (caught) {
        return caught as SseError;
      }
    })();
    expect(error).toBeInstanceOf(SseError);
    expect(error?.type).toBe('not-recorded');
    expect(error?.message.replace(server.url, 'URL')).toMatchInlineSnapshot(
      `"The stream from URL/t was opened with record: 'timing', which keeps no bytes to record; open it with record: 'events'."`,
    );
  });
});
