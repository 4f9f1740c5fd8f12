import { describe, expect, it } from 'vitest';
import { open, toHar } from '../../src/index.ts';
import { startServer } from '../support/server.ts';

describe('toHar()', () => {
  it("writes one HAR 1.2 entry with the stream's events as _eventSourceMessages", async () => {
    const server = await startServer();
    server.route('/feed', async (sse) => {
      const from = Number(sse.request.lastEventId ?? 0);
      if (from >= 2) return sse.respond(204);
      await sse.send({ id: String(from + 1), retry: 10, data: `n${from + 1}` });
      await sse.send({ event: 'tick', id: String(from + 2), data: `{"n":${from + 2}}` });
    });
    const stream = await open(`${server.url}/feed?token=abc`, { reconnect: true });
    await stream.closed;
    const har = toHar(stream);
    expect(har.log).toMatchObject({ version: '1.2', creator: { name: 'sse-test' } });
    expect(har.log.entries).toHaveLength(1);
    const [entry] = har.log.entries;
    expect(entry.request).toMatchObject({
      method: 'GET',
      url: `${server.url}/feed?token=[redacted]`,
      queryString: [{ name: 'token', value: '[redacted]' }],
    });
    expect(entry.request.headers).toContainEqual({ name: 'accept', value: 'text/event-stream' });
    expect(entry.response).toMatchObject({
      status: 200,
      content: { mimeType: expect.stringMatching(/^text\/event-stream/) },
    });
    expect(entry.response.content.text).toBe(
      'id: 1\nretry: 10\ndata: n1\n\nevent: tick\nid: 2\ndata: {"n":2}\n\n',
    );
    expect(entry._eventSourceMessages.map(({ time, ...rest }) => rest)).toEqual(
      stream.events.map((event) => ({ eventName: event.type, eventId: event.id, data: event.data })),
    );
    expect(entry._eventSourceMessages).toHaveLength(2);
    // Seconds since the epoch, as Chrome writes them: the stream's start plus each event's time.
    const started = Date.parse(entry.startedDateTime);
    entry._eventSourceMessages.forEach((message, i) => {
      expect(message.time * 1000 - started).toBeCloseTo(stream.events[i]?.time ?? 0, 3);
    });
    expect(entry.timings.wait).toBeGreaterThanOrEqual(0);
    expect(entry.time).toBeGreaterThanOrEqual(entry.timings.wait);
  });
});
