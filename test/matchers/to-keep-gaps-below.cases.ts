import type { SseServer } from '../../src/server.ts';
import type { MatcherCase } from './harness.ts';

/** A heartbeat comment at once, then every 20 ms (bounded), with or without an event first. */
const heartbeat = (withEvent: boolean) => (server: SseServer) =>
  server.route('/s', async (sse) => {
    if (withEvent) await sse.send({ event: 'status', data: 'up' });
    await sse.comment();
    for (let beat = 0; beat < 200 && !sse.closed; beat++) {
      await sse.sleep(20);
      await sse.comment();
    }
  });

export const cases: MatcherCase[] = [
  {
    name: 'toKeepGapsBelow passes when comments keep the stream alive',
    serve: heartbeat(true),
    assert: (expect, stream) => expect(stream).toKeepGapsBelow(150, { for: 300 }),
  },
  {
    name: 'toKeepGapsBelow fails as soon as a silence passes the bound, saying from when',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.send({ event: 'status', data: 'up' });
        await sse.sleep(60_000);
      }),
    assert: (expect, stream) => expect(stream).toKeepGapsBelow(100, { for: 5_000 }),
    fails: `expect(stream).toKeepGapsBelow(ms)

Expected: no silence longer than 100 ms for 5000 ms (events and comments count as life)
Received: silent for over 100 ms: from <t> ms (event #0) to <t> ms, and still silent

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 1 event, read cursor at #0:
· #0 <t> ms  status  up`,
  },
  {
    name: "toKeepGapsBelow on a record: 'timing' stream fails with the count, saying no data was kept",
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.send({ event: 'status', data: 'up' });
        await sse.sleep(60_000);
      }),
    open: { record: 'timing' },
    assert: (expect, stream) => expect(stream).toKeepGapsBelow(100, { for: 5_000 }),
    fails: `expect(stream).toKeepGapsBelow(ms)

Expected: no silence longer than 100 ms for 5000 ms (events and comments count as life)
Received: silent for over 100 ms: from <t> ms (event #0) to <t> ms, and still silent

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 1 event (record: 'timing' keeps no data)`,
  },
  {
    name: 'toKeepGapsBelow fails when the stream stops within the window',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.send({ event: 'status', data: 'up' });
        await sse.sleep(30);
        await sse.comment();
      }),
    assert: (expect, stream) => expect(stream).toKeepGapsBelow(500, { for: 5_000 }),
    fails: `expect(stream).toKeepGapsBelow(ms)

Expected: no silence longer than 500 ms for 5000 ms (events and comments count as life)
Received: the stream ended at <t> ms, within the window; the last sign of life was at <t> ms (a comment)

Stream: <url>/s → 200 text/event-stream; charset=utf-8, ended; 1 event, read cursor at #0:
· #0 <t> ms  status  up`,
  },
  {
    name: '.not.toKeepGapsBelow passes as soon as a long silence comes',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.send({ event: 'status', data: 'up' });
        await sse.sleep(60_000);
      }),
    assert: (expect, stream) => expect(stream).not.toKeepGapsBelow(50, { for: 5_000 }),
  },
  {
    name: '.not.toKeepGapsBelow fails when the whole window kept gaps short',
    serve: heartbeat(false),
    assert: (expect, stream) => expect(stream).not.toKeepGapsBelow(150, { for: 200 }),
    fails: `expect(stream).not.toKeepGapsBelow(ms)

Expected: a silence longer than 150 ms within 200 ms (events and comments count as life)
Received: no silence that long in the window; the longest was <t> ms, from <t> ms (a comment)
Timeout:  200 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; no events`,
  },
];
