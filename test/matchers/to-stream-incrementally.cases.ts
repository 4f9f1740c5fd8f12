import type { SseServer } from '../../src/server.ts';
import type { MatcherCase } from './harness.ts';

const blocks = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `event: delta\ndata: {"text":"part ${from + i}"}\n\n`).join('');

/** Three deltas, 20 ms apart. */
const streamed = (server: SseServer) =>
  server.route('/s', async (sse) => {
    for (let i = 0; i < 3; i++) {
      await sse.send({ event: 'delta', data: { text: `part ${i}` } });
      await sse.sleep(20);
    }
  });
/** Five deltas in one write, as a buffering proxy would flush them. */
const buffered = (server: SseServer) =>
  server.route('/s', async (sse) => {
    await sse.sleep(30);
    await sse.writeRaw(blocks(5));
  });
/**
 * Ten deltas released in pages of 4, 4 and 2, headers held with the first page: what nginx with
 * proxy_buffering on does to events written 100 ms apart (test/proxies/nginx.test.ts has the real one).
 */
const paged = (server: SseServer) =>
  server.route('/s', async (sse) => {
    await sse.delayHeaders(80);
    await sse.writeRaw(blocks(4));
    await sse.sleep(40);
    await sse.writeRaw(blocks(4, 4));
    await sse.sleep(40);
    await sse.writeRaw(blocks(2, 8));
  });

export const cases: MatcherCase[] = [
  {
    name: 'toStreamIncrementally passes when events arrive spread over time',
    serve: streamed,
    assert: (expect, stream) => expect(stream).toStreamIncrementally({ minBursts: 3, within: 1_000 }),
  },
  {
    name: 'toStreamIncrementally passes a stream with a batch written on purpose among single events',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.writeRaw(blocks(3)); // an opening batch, such as a replay of missed events
        for (let i = 3; i < 6; i++) {
          await sse.sleep(20);
          await sse.send({ event: 'delta', data: { text: `part ${i}` } });
        }
      }),
    assert: (expect, stream) => expect(stream).toStreamIncrementally({ within: 5_000 }),
  },
  {
    name: 'toStreamIncrementally fails on events released in pages, headers held with the first',
    serve: paged,
    assert: (expect, stream) => expect(stream).toStreamIncrementally({ within: 5_000 }),
    fails: `expect(stream).toStreamIncrementally()

Expected: events in at least 2 bursts, at most 2 per burst on average (arrivals more than 1 ms apart)
Received: 10 events in 3 bursts (3.3 per burst): 4 events (#0) at <t> ms, 4 events (#4) at <t> ms, 2 events (#8) at <t> ms; then the stream ended at <t> ms
          The response headers came only with the first event: if the server sends them at once, something held the whole response, commonly a buffering proxy (nginx: proxy_buffering off, or the response header X-Accel-Buffering: no) or compression middleware that does not flush each event (compression: res.flush() after each write).

Stream: <url>/s → 200 text/event-stream; charset=utf-8, ended; 10 events, read cursor at #0:
· #0 <t> ms  delta  {"text":"part 0"}
  #1 <t> ms  delta  {"text":"part 1"}
  #2 <t> ms  delta  {"text":"part 2"}
  #3 <t> ms  delta  {"text":"part 3"}
  #4 <t> ms  delta  {"text":"part 4"}
  #5 <t> ms  delta  {"text":"part 5"}
  #6 <t> ms  delta  {"text":"part 6"}
  #7 <t> ms  delta  {"text":"part 7"}
  #8 <t> ms  delta  {"text":"part 8"}
  #9 <t> ms  delta  {"text":"part 9"}`,
  },
  {
    name: 'toStreamIncrementally with maxEventsPerBurst: Infinity counts bursts only',
    serve: paged,
    assert: (expect, stream) =>
      expect(stream).toStreamIncrementally({ minBursts: 3, maxEventsPerBurst: Number.POSITIVE_INFINITY }),
  },
  {
    name: 'toStreamIncrementally fails on events flushed all at once at the end',
    serve: buffered,
    assert: (expect, stream) => expect(stream).toStreamIncrementally({ within: 5_000 }),
    fails: `expect(stream).toStreamIncrementally()

Expected: events in at least 2 bursts, at most 2 per burst on average (arrivals more than 1 ms apart)
Received: 5 events in 1 burst: 5 events (#0) at <t> ms; then the stream ended at <t> ms
          If the server writes its events apart, something held them: commonly a buffering proxy (nginx: proxy_buffering off, or the response header X-Accel-Buffering: no) or compression middleware that does not flush each event (compression: res.flush() after each write).

Stream: <url>/s → 200 text/event-stream; charset=utf-8, ended; 5 events, read cursor at #0:
· #0 <t> ms  delta  {"text":"part 0"}
  #1 <t> ms  delta  {"text":"part 1"}
  #2 <t> ms  delta  {"text":"part 2"}
  #3 <t> ms  delta  {"text":"part 3"}
  #4 <t> ms  delta  {"text":"part 4"}`,
  },
  {
    name: 'toStreamIncrementally fails at the deadline with the bursts found so far',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.writeRaw(blocks(2));
        await sse.sleep(60_000);
      }),
    assert: (expect, stream) => expect(stream).toStreamIncrementally({ within: 100, maxEventsPerBurst: 3 }),
    fails: `expect(stream).toStreamIncrementally()

Expected: events in at least 2 bursts, at most 3 per burst on average (arrivals more than 1 ms apart)
Received: 2 events in 1 burst: 2 events (#0) at <t> ms
          If the server writes its events apart, something held them: commonly a buffering proxy (nginx: proxy_buffering off, or the response header X-Accel-Buffering: no) or compression middleware that does not flush each event (compression: res.flush() after each write).
Timeout:  100 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 2 events, read cursor at #0:
· #0 <t> ms  delta  {"text":"part 0"}
  #1 <t> ms  delta  {"text":"part 1"}`,
  },
  {
    name: 'toStreamIncrementally fails on too few events without blaming a proxy',
    serve: streamed,
    assert: (expect, stream) => expect(stream).toStreamIncrementally({ minBursts: 5, within: 5_000 }),
    fails: `expect(stream).toStreamIncrementally()

Expected: events in at least 5 bursts, at most 2 per burst on average (arrivals more than 1 ms apart)
Received: 3 events in 3 bursts (1 per burst): 1 event (#0) at <t> ms, 1 event (#1) at <t> ms, 1 event (#2) at <t> ms; then the stream ended at <t> ms
          Too few events to judge: 5 bursts need at least 5 events.

Stream: <url>/s → 200 text/event-stream; charset=utf-8, ended; 3 events, read cursor at #0:
· #0 <t> ms  delta  {"text":"part 0"}
  #1 <t> ms  delta  {"text":"part 1"}
  #2 <t> ms  delta  {"text":"part 2"}`,
  },
  {
    name: '.not.toStreamIncrementally passes on a buffered stream',
    serve: buffered,
    assert: (expect, stream) => expect(stream).not.toStreamIncrementally({ within: 5_000 }),
  },
  {
    name: '.not.toStreamIncrementally passes on a stream released in pages',
    serve: paged,
    assert: (expect, stream) => expect(stream).not.toStreamIncrementally({ within: 5_000 }),
  },
  {
    name: '.not.toStreamIncrementally fails as soon as events came in enough bursts',
    serve: streamed,
    assert: (expect, stream) => expect(stream).not.toStreamIncrementally({ within: 5_000 }),
    fails: `expect(stream).not.toStreamIncrementally()

Expected: events in fewer than 2 bursts, or more than 2 per burst on average (arrivals more than 1 ms apart)
Received: 2 events in 2 bursts (1 per burst): 1 event (#0) at <t> ms, 1 event (#1) at <t> ms
Timeout:  5000 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 2 events, read cursor at #0:
· #0 <t> ms  delta  {"text":"part 0"}
  #1 <t> ms  delta  {"text":"part 1"}`,
  },
  {
    name: 'toStreamIncrementally rejects a maxEventsPerBurst below 1, saying what it got',
    serve: streamed,
    assert: (expect, stream) => expect(stream).toStreamIncrementally({ maxEventsPerBurst: 0 }),
    fails:
      'toStreamIncrementally() expects maxEventsPerBurst as a number >= 1 (Infinity for no limit); received 0.',
  },
];
