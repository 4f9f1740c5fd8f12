import type { SseServer } from '../../src/server.ts';
import type { MatcherCase } from './harness.ts';

const blocks = (n: number) =>
  Array.from({ length: n }, (_, i) => `event: delta\ndata: {"text":"part ${i}"}\n\n`).join('');

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

export const cases: MatcherCase[] = [
  {
    name: 'toStreamIncrementally passes when events arrive spread over time',
    serve: streamed,
    assert: (expect, stream) => expect(stream).toStreamIncrementally({ minBursts: 3, within: 1_000 }),
  },
  {
    name: 'toStreamIncrementally fails on events flushed all at once at the end',
    serve: buffered,
    assert: (expect, stream) => expect(stream).toStreamIncrementally({ within: 5_000 }),
    fails: `expect(stream).toStreamIncrementally()

Expected: events in at least 2 bursts (arrivals more than 1 ms apart)
Received: 1 burst: 5 events (#0) at <t> ms; then the stream ended at <t> ms

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
    assert: (expect, stream) => expect(stream).toStreamIncrementally({ within: 100 }),
    fails: `expect(stream).toStreamIncrementally()

Expected: events in at least 2 bursts (arrivals more than 1 ms apart)
Received: 1 burst: 2 events (#0) at <t> ms
Timeout:  100 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 2 events, read cursor at #0:
· #0 <t> ms  delta  {"text":"part 0"}
  #1 <t> ms  delta  {"text":"part 1"}`,
  },
  {
    name: '.not.toStreamIncrementally passes on a buffered stream',
    serve: buffered,
    assert: (expect, stream) => expect(stream).not.toStreamIncrementally({ within: 5_000 }),
  },
  {
    name: '.not.toStreamIncrementally fails as soon as events came in enough bursts',
    serve: streamed,
    assert: (expect, stream) => expect(stream).not.toStreamIncrementally({ within: 5_000 }),
    fails: `expect(stream).not.toStreamIncrementally()

Expected: events in fewer than 2 bursts (arrivals more than 1 ms apart)
Received: 2 bursts: 1 event (#0) at <t> ms, 1 event (#1) at <t> ms
Timeout:  5000 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 2 events, read cursor at #0:
· #0 <t> ms  delta  {"text":"part 0"}
  #1 <t> ms  delta  {"text":"part 1"}`,
  },
];
