import { describe, expect, it, vi } from 'vitest';
import { open } from '../src/index.ts';
import { startServer } from './support/server.ts';

describe('reconnection (opt-in)', () => {
  it('is off by default: a finished stream is ended', async () => {
    const server = await startServer();
    server.route('/once', (sse) => sse.send({ id: '1', data: 'x' }));
    const stream = await open(`${server.url}/once`);
    expect(await stream.closed).toBe('ended');
    expect(server.requests).toHaveLength(1);
  });

  it('waits the retry: time, sends Last-Event-ID and continues the transcript', async () => {
    const server = await startServer();
    server.route('/feed', async (sse) => {
      const from = Number(sse.request.lastEventId ?? 0);
      if (from >= 4) return sse.respond(204);
      await sse.send({ id: String(from + 1), retry: 30, data: `n${from + 1}` });
      await sse.send({ id: String(from + 2), data: `n${from + 2}` });
    });
    const stream = await open(`${server.url}/feed`, { reconnect: true });
    expect(await stream.closed).toBe('ended');
    expect(stream.events.map((e) => [e.data, e.id, e.index])).toEqual([
      ['n1', '1', 0],
      ['n2', '2', 1],
      ['n3', '3', 2],
      ['n4', '4', 3],
    ]);
    expect(server.requests.map((r) => r.lastEventId)).toEqual([undefined, '2', '4']);
    expect(stream.timing.connections).toBe(2); // the third answer, a 204, stopped it
    expect(stream.retry).toBe(30);
    // Generous window: two reconnections, each after the 30 ms the server asked for.
    const first = server.requests[0]?.receivedAt as number;
    expect((server.requests[1]?.receivedAt as number) - first).toBeGreaterThanOrEqual(25);
  });

  it('an id-only block still moves Last-Event-ID; an unterminated block does not', async () => {
    const server = await startServer();
    server.route('/ids', async (sse) => {
      if (sse.request.lastEventId !== undefined) return sse.respond(204);
      await sse.send({ id: 'a', data: 'x' });
      await sse.writeRaw('id: b\n\nid: c\ndata: never dispatched');
    });
    const stream = await open(`${server.url}/ids`, { reconnect: { delay: 10 } });
    await stream.closed;
    expect(server.requests[1]?.lastEventId).toBe('b');
  });

  it('reconnects after the connection breaks, and stops at maxAttempts', async () => {
    const server = await startServer();
    server.route('/flaky', async (sse) => {
      await sse.send({ id: String(server.requests.length), data: 'hi' });
      await sse.sleep(10);
      sse.destroy();
    });
    const stream = await open(`${server.url}/flaky`, { reconnect: { delay: 10, maxAttempts: 2 } });
    expect(await stream.closed).toBe('errored');
    expect(server.requests).toHaveLength(3);
    expect(stream.events).toHaveLength(3);
    expect(stream.error).toMatchObject({ type: 'reconnect-failed' });
    expect(stream.error?.message).toMatch(
      new RegExp(`^Gave up on ${server.url}/flaky after 2 reconnection attempts: The stream from .* broke: `),
    );
  });

  it('stops with reconnect-failed when a reconnection is not a 200 event stream', async () => {
    const server = await startServer();
    server.route('/gone', async (sse) => {
      if (sse.request.lastEventId) return sse.respond(410, { error: 'gone' });
      await sse.send({ id: '9', data: 'last' });
    });
    const stream = await open(`${server.url}/gone`, { reconnect: { delay: 10 } });
    expect(await stream.closed).toBe('errored');
    expect(stream.error?.message).toBe(
      `Reconnecting to ${server.url}/gone got status 410 with content type application/json; charset=utf-8; an EventSource stops here (it needs 200 text/event-stream).`,
    );
  });

  it('waits the delay option between connections when the server sent no retry:', async () => {
    const server = await startServer();
    server.route('/wait', async (sse) => {
      if (server.requests.length === 2) return sse.respond(204);
      await sse.send('one');
    });
    const stream = await open(`${server.url}/wait`, { reconnect: { delay: 300 } });
    expect(await stream.closed).toBe('ended');
    const [first, second] = server.requests.map((request) => request.receivedAt) as [number, number];
    // A lower bound only: a busy machine makes a wait longer, never shorter.
    expect(second - first).toBeGreaterThanOrEqual(290);
  });

  it('keeps retrying while the server is down, within maxAttempts', async () => {
    const server = await startServer();
    server.route('/down', (sse) => sse.send('before the crash'));
    const stream = await open(`${server.url}/down`, { reconnect: { delay: 5, maxAttempts: 3 } });
    await stream.next({ within: 2_000 });
    await server.close();
    expect(await stream.closed).toBe('errored');
    expect(stream.error?.message).toMatch(
      /after 3 reconnection attempts: Failed to connect to .*ECONNREFUSED/,
    );
  });

  it('close() during the reconnection wait stops it at once and clears its timer', async () => {
    const server = await startServer();
    server.route('/slow-retry', (sse) => sse.send({ retry: 60_000, data: 'x' }));
    const stream = await open(`${server.url}/slow-retry`, { reconnect: true });
    await stream.next({ within: 2_000 });
    // The stream is waiting its 60 s once the server's end has come in: one timer more than before.
    await vi.waitFor(() => expect(stream.toRecording().connections[0]?.ending).toBe('ended'), {
      timeout: 2_000,
    });
    const waiting = await settledTimers();
    await stream.close();
    expect(await stream.closed).toBe('closed');
    // Without the wait cancelled, its 60 s timer would still be there (and keep the process alive).
    expect(await settledTimers()).toBe(waiting - 1);
    expect(server.requests).toHaveLength(1);
  });
});

/** Live timers (`setTimeout`) in the process, once pending closes have had a few turns to finish. */
async function settledTimers(): Promise<number> {
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}
