import { expect as vitestExpect } from 'vitest';
import { z } from 'zod';
import { open } from '../../src/index.ts';
import type { MatcherCase } from './harness.ts';
import { pause } from './harness.ts';

const ticker = (server: import('../../src/server.ts').SseServer) =>
  server.route('/s', async (sse) => {
    for (const [n, symbol] of ['GLOBEX', 'ACME', 'INITECH'].entries()) {
      await sse.send({ event: 'price', id: String(n + 1), data: { symbol, price: 100 + n } });
    }
    await sse.sleep(60_000);
  });

export const cases: MatcherCase[] = [
  {
    name: 'toReceiveEvent passes on the first matching event after the cursor, skipping others',
    serve: ticker,
    assert: async (expect, stream) => {
      await expect(stream).toReceiveEvent('price', { symbol: 'ACME' });
      await expect(stream).toReceiveEvent('price', { symbol: 'INITECH' });
    },
  },
  {
    name: 'toReceiveEvent finds events that arrived before the call, and two calls match two events',
    serve: ticker,
    assert: async (expect, stream) => {
      await pause(50);
      await expect(stream).toReceiveEvent('price');
      await expect(stream).toReceiveEvent('price');
      expect(stream.cursor).toBe(2);
    },
  },
  {
    name: 'toReceiveEvent takes { type, data, id } and options second',
    serve: ticker,
    assert: (expect, stream) => expect(stream).toReceiveEvent({ type: 'price', id: '3' }, { within: 1_000 }),
  },
  {
    name: 'toReceiveEvent accepts RegExp, asymmetric matchers, predicates and schemas for data',
    serve: ticker,
    assert: async (expect, stream) => {
      await expect(stream).toReceiveEvent(/^pri/, /GLOBEX/);
      await expect(stream).toReceiveEvent('price', vitestExpect.objectContaining({ symbol: 'ACME' }));
      await expect(stream).toReceiveEvent('price', (data: { price: number }) => data.price === 102);
    },
  },
  {
    name: 'toReceiveEvent gives a predicate its own parsed data: what it mutates, no other expectation sees',
    serve: ticker,
    assert: async (expect, stream) => {
      const mutate = (data: { symbol: string }) => {
        data.symbol = 'MUTATED';
        return true;
      };
      await expect(stream).toReceiveEvent('price', mutate);
      expect(stream).toHaveReceivedEvent('price', { symbol: 'GLOBEX' });
      // The same data on another stream (as in another test) is parsed for that stream.
      const other = await open(stream.url);
      try {
        await expect(other).toReceiveEvent('price', { symbol: 'GLOBEX' }, { within: 1_000 });
      } finally {
        await other.close();
      }
    },
  },
  {
    name: 'toReceiveEvent validates data with a Standard Schema (zod)',
    serve: ticker,
    assert: (expect, stream) =>
      expect(stream).toReceiveEvent('price', z.object({ symbol: z.literal('ACME'), price: z.number() })),
  },
  {
    name: 'toReceiveEvent with a schema fails naming the schema issues of the nearest event',
    serve: ticker,
    assert: (expect, stream) =>
      expect(stream).toReceiveEvent('price', z.object({ symbol: z.string(), price: z.string() }), {
        within: 100,
      }),
    fails: `expect(stream).toReceiveEvent(expected)

Expected: event "price" with data matching a zod schema
Received: no match among 3 events after the cursor
Timeout:  100 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 3 events, read cursor at #0:
> #0 <t> ms  price id=1  {"symbol":"GLOBEX","price":100}   ← nearest: schema: price: Invalid input: expected string, received number
  #1 <t> ms  price id=2  {"symbol":"ACME","price":101}
  #2 <t> ms  price id=3  {"symbol":"INITECH","price":102}`,
  },
  {
    name: 'toReceiveEvent fails with the transcript and the nearest candidate',
    serve: ticker,
    assert: (expect, stream) =>
      expect(stream).toReceiveEvent('price', { symbol: 'UMBRELLA' }, { within: 100 }),
    fails: `expect(stream).toReceiveEvent(expected)

Expected: event "price" with data {"symbol": "UMBRELLA"}
Received: no match among 3 events after the cursor
Timeout:  100 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 3 events, read cursor at #0:
> #0 <t> ms  price id=1  {"symbol":"GLOBEX","price":100}   ← nearest: data differs
  #1 <t> ms  price id=2  {"symbol":"ACME","price":101}
  #2 <t> ms  price id=3  {"symbol":"INITECH","price":102}

Data of #0, the nearest:
- Expected  - 1
+ Received  + 1

  Object {
-   "symbol": "UMBRELLA",
+   "symbol": "GLOBEX",
  }`,
  },
  {
    name: 'toReceiveEvent with { strict: true } fails when the very next event does not match',
    serve: ticker,
    assert: (expect, stream) =>
      expect(stream).toReceiveEvent('price', { symbol: 'ACME' }, { strict: true, within: 1_000 }),
    fails: `expect(stream).toReceiveEvent(expected)

Expected: next event "price" with data {"symbol": "ACME"}
Received: the next event, #0, did not match

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 3 events, read cursor at #0:
> #0 <t> ms  price id=1  {"symbol":"GLOBEX","price":100}   ← nearest: data differs
  #1 <t> ms  price id=2  {"symbol":"ACME","price":101}
  #2 <t> ms  price id=3  {"symbol":"INITECH","price":102}

Data of #0, the nearest:
- Expected  - 1
+ Received  + 1

  Object {
-   "symbol": "ACME",
+   "symbol": "GLOBEX",
  }`,
  },
  {
    name: '.not.toReceiveEvent passes when no such event comes within the window',
    serve: ticker,
    assert: (expect, stream) => expect(stream).not.toReceiveEvent('error', undefined, { within: 100 }),
  },
  {
    name: '.not.toReceiveEvent fails as soon as such an event comes',
    serve: ticker,
    assert: (expect, stream) =>
      expect(stream).not.toReceiveEvent('price', { symbol: 'ACME' }, { within: 2_000 }),
    fails: `expect(stream).not.toReceiveEvent(expected)

Expected: no event "price" with data {"symbol": "ACME"}
Received: event #1 matched
Timeout:  2000 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 3 events, read cursor at #0:
· #0 <t> ms  price id=1  {"symbol":"GLOBEX","price":100}
> #1 <t> ms  price id=2  {"symbol":"ACME","price":101}   ← matched
  #2 <t> ms  price id=3  {"symbol":"INITECH","price":102}`,
  },
  {
    name: 'toReceiveEvent fails at once when the stream ends without a match',
    serve: (server) => server.route('/s', (sse) => sse.send({ event: 'done', data: '[DONE]' })),
    assert: (expect, stream) => expect(stream).toReceiveEvent('delta', undefined, { within: 60_000 }),
    fails: `expect(stream).toReceiveEvent(expected)

Expected: event "delta"
Received: no match among 1 event after the cursor; then the stream ended at <t> ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, ended; 1 event, read cursor at #0:
> #0 <t> ms  done  [DONE]   ← nearest: type is "done"`,
  },
  {
    name: 'toReceiveEvent shows status, content type and body of a non-SSE answer',
    serve: (server) => server.route('/s', (sse) => sse.respond(503, { error: 'overloaded' })),
    assert: (expect, stream) => expect(stream).toReceiveEvent('price', undefined, { within: 100 }),
    fails: `expect(stream).toReceiveEvent(expected)

Expected: event "price"
Received: no match among 0 events after the cursor; then the stream ended at <t> ms

Stream: <url>/s → 503 application/json; charset=utf-8, ended; not an event stream. Body:
  {"error":"overloaded"}`,
  },
  {
    name: 'toReceiveEvent prints an expected text with its line breaks as the events show them, and diffs it',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.send('line one\nline two\n\nline 4');
        await sse.sleep(60_000);
      }),
    assert: (expect, stream) =>
      expect(stream).toReceiveEvent('message', 'line one\nline two\n\nline four', { within: 100 }),
    fails: `expect(stream).toReceiveEvent(expected)

Expected: event "message" with data "line one\\nline two\\n\\nline four"
Received: no match among 1 event after the cursor
Timeout:  100 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 1 event, read cursor at #0:
> #0 <t> ms  message  line one\\nline two\\n\\nline 4   ← nearest: data differs

Data of #0, the nearest:
- Expected  - 1
+ Received  + 1

  line one
  line two

- line four
+ line 4`,
  },
  {
    name: 'toReceiveEvent marks the event one field off as nearest, over data that is not JSON, with a field diff',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.send({ data: { type: 'start' } });
        await sse.send({ data: { type: 'text-start', id: 't1' } });
        await sse.send({ data: { type: 'text-delta', id: 't1', delta: 'Hi' } });
        await sse.send({ data: { type: 'text-end', id: 't1' } });
        await sse.send({ data: { type: 'finish' } });
        await sse.send('[DONE]');
        await sse.sleep(60_000);
      }),
    assert: (expect, stream) =>
      expect(stream).toReceiveEvent({ data: { type: 'text-end', id: 't2' } }, { within: 100 }),
    fails: `expect(stream).toReceiveEvent(expected)

Expected: any event with data {"id": "t2", "type": "text-end"}
Received: no match among 6 events after the cursor
Timeout:  100 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 6 events, read cursor at #0:
· #0 <t> ms  message  {"type":"start"}
  #1 <t> ms  message  {"type":"text-start","id":"t1"}
  #2 <t> ms  message  {"type":"text-delta","id":"t1","delta":"Hi"}
> #3 <t> ms  message  {"type":"text-end","id":"t1"}   ← nearest: data differs
  #4 <t> ms  message  {"type":"finish"}
  #5 <t> ms  message  [DONE]

Data of #3, the nearest:
- Expected  - 1
+ Received  + 1

  Object {
-   "id": "t2",
+   "id": "t1",
    "type": "text-end",
  }`,
  },
  {
    name: 'toReceiveEvent shows the read cursor among many events, with the nearest candidate far from it',
    serve: (server) =>
      server.route('/s', async (sse) => {
        for (let n = 0; n < 20; n++) await sse.send({ event: 'n', data: { n } });
        await sse.sleep(60_000);
      }),
    assert: async (expect, stream) => {
      await expect(stream).toReceiveEvent('n', { n: 2 });
      await expect(stream).toReceiveEvent('n', { n: 17, last: true }, { within: 100 });
    },
    fails: `expect(stream).toReceiveEvent(expected)

Expected: event "n" with data {"last": true, "n": 17}
Received: no match among 17 events after the cursor
Timeout:  100 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 20 events, read cursor at #3:
  … 3 earlier events
· #3 <t> ms  n  {"n":3}
  … 4 events
  #8 <t> ms  n  {"n":8}
  #9 <t> ms  n  {"n":9}
  #10 <t> ms  n  {"n":10}
  #11 <t> ms  n  {"n":11}
  #12 <t> ms  n  {"n":12}
  #13 <t> ms  n  {"n":13}
  #14 <t> ms  n  {"n":14}
  #15 <t> ms  n  {"n":15}
  #16 <t> ms  n  {"n":16}
> #17 <t> ms  n  {"n":17}   ← nearest: data differs
  #18 <t> ms  n  {"n":18}
  #19 <t> ms  n  {"n":19}

Data of #17, the nearest:
- Expected  - 1
+ Received  + 0

  Object {
-   "last": true,
    "n": 17,
  }`,
  },
  {
    name: 'toReceiveEvent centres the list on a nearest candidate mid-stream, showing a one-event gap as the event',
    serve: (server) =>
      server.route('/s', async (sse) => {
        for (let n = 0; n < 30; n++) await sse.send({ event: 'n', data: { n } });
        await sse.sleep(60_000);
      }),
    assert: async (expect, stream) => {
      await expect(stream).toReceiveEvent('n', { n: 1 });
      await expect(stream).toReceiveEvent('n', { n: 10, last: true }, { within: 100 });
    },
    fails: `expect(stream).toReceiveEvent(expected)

Expected: event "n" with data {"last": true, "n": 10}
Received: no match among 28 events after the cursor
Timeout:  100 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 30 events, read cursor at #2:
  … 2 earlier events
· #2 <t> ms  n  {"n":2}
  #3 <t> ms  n  {"n":3}
  #4 <t> ms  n  {"n":4}
  #5 <t> ms  n  {"n":5}
  #6 <t> ms  n  {"n":6}
  #7 <t> ms  n  {"n":7}
  #8 <t> ms  n  {"n":8}
  #9 <t> ms  n  {"n":9}
> #10 <t> ms  n  {"n":10}   ← nearest: data differs
  #11 <t> ms  n  {"n":11}
  #12 <t> ms  n  {"n":12}
  #13 <t> ms  n  {"n":13}
  #14 <t> ms  n  {"n":14}
  #15 <t> ms  n  {"n":15}
  … 14 later events

Data of #10, the nearest:
- Expected  - 1
+ Received  + 0

  Object {
-   "last": true,
    "n": 10,
  }`,
  },
  {
    name: 'toReceiveEvent with strict waits for the next event, takes it, and goes on from there',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.sleep(50);
        await sse.send({ event: 'a', data: '1' });
        await sse.sleep(20);
        await sse.send({ event: 'b', data: '2' });
        await sse.sleep(60_000);
      }),
    assert: async (expect, stream) => {
      await expect(stream).toReceiveEvent('a', undefined, { strict: true, within: 2_000 });
      expect(stream.cursor).toBe(1);
      await expect(stream).toReceiveEvent('b', '2', { strict: true, within: 2_000 });
      expect(stream.cursor).toBe(2);
    },
  },
  {
    name: 'toReceiveEvent waiting beside another skips what the other took, and never moves the cursor back',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.sleep(50);
        await sse.writeRaw('event: a\ndata: 1\n\nevent: b\ndata: 2\n\nevent: a\ndata: 3\n\n');
        await sse.sleep(60_000);
      }),
    assert: async (expect, stream) => {
      // Both wait from #0; the b expectation looks first and takes #1, so the a one goes on at #2.
      await Promise.all([
        expect(stream).toReceiveEvent('b', undefined, { within: 2_000 }),
        expect(stream).toReceiveEvent('a', undefined, { within: 2_000 }),
      ]);
      expect(stream.cursor).toBe(3);
    },
  },
];
