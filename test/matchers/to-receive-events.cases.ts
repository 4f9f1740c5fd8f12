import type { SseServer } from '../../src/server.ts';
import type { MatcherCase } from './harness.ts';

/** An OpenAI-style stream: start, three deltas with a heartbeat event between, done. */
const chat = (server: SseServer) =>
  server.route('/s', async (sse) => {
    await sse.send({ event: 'start', data: { id: 'c1' } });
    for (const text of ['Hel', 'lo', '!']) {
      await sse.send({ event: 'delta', data: { text } });
      if (text === 'lo') await sse.send({ event: 'ping', data: '' });
    }
    await sse.send({ event: 'done', data: '[DONE]' });
    await sse.sleep(60_000);
  });

export const cases: MatcherCase[] = [
  {
    name: 'toReceiveEvents passes on the sequence in order, others between, and moves the cursor past it',
    serve: chat,
    assert: async (expect, stream) => {
      await expect(stream).toReceiveEvents(['start', { type: 'delta', data: { text: '!' } }, 'done']);
      expect(stream.cursor).toBe(6);
    },
  },
  {
    name: 'toReceiveEvents with { strict: true } passes on exactly the next events',
    serve: chat,
    assert: (expect, stream) =>
      expect(stream).toReceiveEvents(['start', 'delta', 'delta', 'ping'], { strict: true, within: 1_000 }),
  },
  {
    name: 'toReceiveEvents fails when an item never comes, showing how far it got',
    serve: chat,
    assert: (expect, stream) =>
      expect(stream).toReceiveEvents(['start', { type: 'delta', data: { text: 'Bye' } }, 'done'], {
        within: 100,
      }),
    fails: `expect(stream).toReceiveEvents(sequence)

Expected: in order: 1. event "start"; 2. event "delta" with data {"text": "Bye"}; 3. event "done"
Received: 1 matched (up to #0); waiting for 2. event "delta" with data {"text": "Bye"}
Timeout:  100 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 6 events, read cursor at #0:
· #0 <t> ms  start  {"id":"c1"}
> #1 <t> ms  delta  {"text":"Hel"}   ← nearest: data differs
  #2 <t> ms  delta  {"text":"lo"}
  #3 <t> ms  ping  ""
  #4 <t> ms  delta  {"text":"!"}
  #5 <t> ms  done  [DONE]

Data of #1, the nearest:
- Expected  - 1
+ Received  + 1

  Object {
-   "text": "Bye",
+   "text": "Hel",
  }`,
  },
  {
    name: 'toReceiveEvents with { strict: true } fails at the first event out of sequence',
    serve: chat,
    assert: (expect, stream) =>
      expect(stream).toReceiveEvents(['start', 'delta', 'delta', 'delta'], { strict: true, within: 1_000 }),
    fails: `expect(stream).toReceiveEvents(sequence)

Expected: exactly, in order: 1. event "start"; 2. event "delta"; 3. event "delta"; 4. event "delta"
Received: 3 matched (up to #2), then #3 broke the strict sequence; waiting for 4. event "delta"

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 6 events, read cursor at #0:
· #0 <t> ms  start  {"id":"c1"}
  #1 <t> ms  delta  {"text":"Hel"}
  #2 <t> ms  delta  {"text":"lo"}
> #3 <t> ms  ping  ""   ← nearest: type is "ping"
  #4 <t> ms  delta  {"text":"!"}
  #5 <t> ms  done  [DONE]`,
  },
  {
    name: '.not.toReceiveEvents passes when the sequence does not complete within the window',
    serve: chat,
    assert: (expect, stream) => expect(stream).not.toReceiveEvents(['done', 'start'], { within: 100 }),
  },
  {
    name: '.not.toReceiveEvents fails once the whole sequence has come',
    serve: chat,
    assert: (expect, stream) => expect(stream).not.toReceiveEvents(['start', 'done'], { within: 1_000 }),
    fails: `expect(stream).not.toReceiveEvents(sequence)

Expected: not in order: 1. event "start"; 2. event "done"
Received: all 2 events, the last at #5
Timeout:  1000 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 6 events, read cursor at #0:
· #0 <t> ms  start  {"id":"c1"}
  #1 <t> ms  delta  {"text":"Hel"}
  #2 <t> ms  delta  {"text":"lo"}
  #3 <t> ms  ping  ""
  #4 <t> ms  delta  {"text":"!"}
  #5 <t> ms  done  [DONE]`,
  },
  {
    name: 'toReceiveEvents says an item came before the one it should follow: out of order, not missing',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.send({ event: 'item', data: '1' });
        await sse.send({ event: 'item', data: '2' });
      }),
    assert: (expect, stream) =>
      expect(stream).toReceiveEvents([
        { type: 'item', data: '2' },
        { type: 'item', data: '1' },
      ]),
    fails: `expect(stream).toReceiveEvents(sequence)

Expected: in order: 1. event "item" with data "2"; 2. event "item" with data "1"
Received: 1 matched (up to #1), then the stream ended at <t> ms; waiting for 2. event "item" with data "1"; it came earlier, at #0, before 1. matched at #1: out of order

Stream: <url>/s → 200 text/event-stream; charset=utf-8, ended; 2 events, read cursor at #0:
> #0 <t> ms  item  1   ← out of order: matches 2.
  #1 <t> ms  item  2`,
  },
  {
    name: 'toReceiveEvents with { strict: true } says the event that broke the sequence is a later item',
    serve: chat,
    assert: (expect, stream) =>
      expect(stream).toReceiveEvents(['start', 'delta', 'delta', 'delta', 'ping'], {
        strict: true,
        within: 1_000,
      }),
    fails: `expect(stream).toReceiveEvents(sequence)

Expected: exactly, in order: 1. event "start"; 2. event "delta"; 3. event "delta"; 4. event "delta"; 5. event "ping"
Received: 3 matched (up to #2), then #3 broke the strict sequence; waiting for 4. event "delta"; #3 matches 5.: out of order

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 6 events, read cursor at #0:
· #0 <t> ms  start  {"id":"c1"}
  #1 <t> ms  delta  {"text":"Hel"}
  #2 <t> ms  delta  {"text":"lo"}
> #3 <t> ms  ping  ""   ← out of order: matches 5.
  #4 <t> ms  delta  {"text":"!"}
  #5 <t> ms  done  [DONE]`,
  },
];
