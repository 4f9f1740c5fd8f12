import type { SseServer } from '../../src/server.ts';
import type { MatcherCase } from './harness.ts';

/** The first connection sends event 1 and ends; the reconnection stays open. */
const resumable = (server: SseServer) =>
  server.route('/s', async (sse, request) => {
    if (request.lastEventId !== undefined) return sse.sleep(60_000);
    await sse.send({ event: 'tick', id: '1', data: 'one' });
  });
const reconnect = { reconnect: { delay: 20 } };

export const cases: MatcherCase[] = [
  {
    name: 'toReconnect passes on a reconnection that sends the last event ID',
    serve: resumable,
    open: reconnect,
    assert: (expect, stream) => expect(stream).toReconnect({ within: 1_000, lastEventId: '1' }),
  },
  {
    name: 'toReconnect fails on a reconnection with another Last-Event-ID',
    serve: resumable,
    open: reconnect,
    assert: (expect, stream) => expect(stream).toReconnect({ within: 1_000, lastEventId: '2' }),
    fails: `expect(stream).toReconnect()

Expected: a reconnection sending Last-Event-ID "2"
Received: reconnection 1 at <t> ms, sending Last-Event-ID "1"

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 1 event, read cursor at #0:
· #0 <t> ms  tick id=1  one`,
  },
  {
    name: 'toReconnect fails at once when the stream ends without reconnecting',
    serve: resumable,
    assert: (expect, stream) => expect(stream).toReconnect({ within: 5_000 }),
    fails: `expect(stream).toReconnect()

Expected: a reconnection
Received: no reconnection; the stream ended at <t> ms; the stream was opened without { reconnect }, so it never reconnects

Stream: <url>/s → 200 text/event-stream; charset=utf-8, ended; 1 event, read cursor at #0:
· #0 <t> ms  tick id=1  one`,
  },
  {
    name: 'toReconnect fails at the deadline when the connection stays up',
    serve: (server) => server.route('/s', (sse) => sse.sleep(60_000)),
    open: reconnect,
    assert: (expect, stream) => expect(stream).toReconnect({ within: 100 }),
    fails: `expect(stream).toReconnect()

Expected: a reconnection
Received: no reconnection after 100 ms
Timeout:  100 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; no events`,
  },
  {
    name: '.not.toReconnect passes when no reconnection comes in the window',
    serve: (server) => server.route('/s', (sse) => sse.sleep(60_000)),
    open: reconnect,
    assert: (expect, stream) => expect(stream).not.toReconnect({ within: 100 }),
  },
  {
    name: '.not.toReconnect fails as soon as the stream reconnects',
    serve: resumable,
    open: reconnect,
    assert: (expect, stream) => expect(stream).not.toReconnect({ within: 5_000 }),
    fails: `expect(stream).not.toReconnect()

Expected: no reconnection
Received: reconnection 1 at <t> ms, sending Last-Event-ID "1"
Timeout:  5000 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 1 event, read cursor at #0:
· #0 <t> ms  tick id=1  one`,
  },
  {
    name: 'toReconnect on a broken stream opened without { reconnect } says that is why',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.send({ event: 'tick', id: '1', data: 'one' });
        await sse.sleep(20);
        sse.destroy();
      }),
    assert: (expect, stream) => expect(stream).toReconnect({ within: 5_000 }),
    fails: `expect(stream).toReconnect()

Expected: a reconnection
Received: no reconnection; the stream broke at <t> ms: read ECONNRESET; the stream was opened without { reconnect }, so it never reconnects

Stream: <url>/s → 200 text/event-stream; charset=utf-8, errored; 1 event, read cursor at #0:
· #0 <t> ms  tick id=1  one`,
  },
  {
    name: 'toReconnect at the deadline on a stream opened without { reconnect } says that is why',
    serve: (server) => server.route('/s', (sse) => sse.sleep(60_000)),
    assert: (expect, stream) => expect(stream).toReconnect({ within: 100 }),
    fails: `expect(stream).toReconnect()

Expected: a reconnection
Received: no reconnection after 100 ms; the stream was opened without { reconnect }, so it never reconnects
Timeout:  100 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; no events`,
  },
];
