import type { SseServer } from '../../src/server.ts';
import type { MatcherCase } from './harness.ts';
import { pause } from './harness.ts';

const two = (server: SseServer) =>
  server.route('/s', async (sse) => {
    await sse.send({ event: 'price', id: '1', data: { symbol: 'ACME', price: 1 } });
    await sse.send({ event: 'price', id: '2', data: { symbol: 'GLOBEX', price: 2 } });
    await sse.sleep(60_000);
  });

export const cases: MatcherCase[] = [
  {
    name: 'toHaveReceivedEvent looks at every event so far, behind the cursor too, and does not move it',
    serve: two,
    assert: async (expect, stream) => {
      await expect(stream).toReceiveEvent({ id: '2' });
      expect(stream).toHaveReceivedEvent('price', { symbol: 'ACME' });
      expect(stream.cursor).toBe(2);
    },
  },
  {
    name: 'toHaveReceivedEvent fails at once, without waiting, showing what arrived',
    serve: two,
    assert: async (expect, stream) => {
      await pause(50);
      expect(stream).toHaveReceivedEvent({ type: 'price', id: '3' });
    },
    fails: `expect(stream).toHaveReceivedEvent(expected)

Expected: event "price" with id "3" so far
Received: no match among 2 events

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 2 events, read cursor at #0:
> #0 <t> ms  price id=1  {"symbol":"ACME","price":1}   ← nearest: id is "1"
  #1 <t> ms  price id=2  {"symbol":"GLOBEX","price":2}`,
  },
  {
    name: '.not.toHaveReceivedEvent passes when no such event came',
    serve: two,
    assert: async (expect, stream) => {
      await pause(50);
      expect(stream).not.toHaveReceivedEvent('error');
    },
  },
  {
    name: '.not.toHaveReceivedEvent fails naming the event that matched',
    serve: two,
    assert: async (expect, stream) => {
      await pause(50);
      expect(stream).not.toHaveReceivedEvent('price', { symbol: 'GLOBEX' });
    },
    fails: `expect(stream).not.toHaveReceivedEvent(expected)

Expected: no event "price" with data {"symbol": "GLOBEX"} so far
Received: event #1 matched

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 2 events, read cursor at #0:
· #0 <t> ms  price id=1  {"symbol":"ACME","price":1}
> #1 <t> ms  price id=2  {"symbol":"GLOBEX","price":2}   ← matched`,
  },
];
