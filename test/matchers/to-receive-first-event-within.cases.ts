import type { MatcherCase } from './harness.ts';
import { pause } from './harness.ts';

export const cases: MatcherCase[] = [
  {
    name: 'toReceiveFirstEventWithin passes when the first event comes in time',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.send({ event: 'ready', data: 'ok' });
        await sse.sleep(60_000);
      }),
    assert: (expect, stream) => expect(stream).toReceiveFirstEventWithin(1_000),
  },
  {
    name: 'toReceiveFirstEventWithin waits out the budget, then fails',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.sleep(300);
        await sse.send({ event: 'ready', data: 'late' });
      }),
    assert: (expect, stream) => expect(stream).toReceiveFirstEventWithin(50),
    fails: `expect(stream).toReceiveFirstEventWithin(ms)

Expected: the first event within 50 ms of the request
Received: no event after <t> ms
Timeout:  50 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; no events`,
  },
  {
    name: 'toReceiveFirstEventWithin fails on a first event that came too late',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.sleep(80);
        await sse.send({ event: 'ready', data: 'late' });
        await sse.sleep(60_000);
      }),
    assert: async (expect, stream) => {
      await pause(200);
      await expect(stream).toReceiveFirstEventWithin(20);
    },
    fails: `expect(stream).toReceiveFirstEventWithin(ms)

Expected: the first event within 20 ms of the request
Received: the first event, #0, at <t> ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 1 event, read cursor at #0:
> #0 <t> ms  ready  late   ← first event: over the 20 ms budget`,
  },
  {
    name: 'toReceiveFirstEventWithin fails at once when the stream ends without an event',
    serve: (server) => server.route('/s', (sse) => sse.comment('bye')),
    assert: (expect, stream) => expect(stream).toReceiveFirstEventWithin(60_000),
    fails: `expect(stream).toReceiveFirstEventWithin(ms)

Expected: the first event within 60000 ms of the request
Received: no event; the stream ended at <t> ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, ended; no events`,
  },
  {
    name: '.not.toReceiveFirstEventWithin passes when no event comes in the budget',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.sleep(300);
        await sse.send('late');
      }),
    assert: (expect, stream) => expect(stream).not.toReceiveFirstEventWithin(50),
  },
  {
    name: '.not.toReceiveFirstEventWithin fails as soon as an event comes in the budget',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.send({ event: 'ready', data: 'ok' });
        await sse.sleep(60_000);
      }),
    assert: (expect, stream) => expect(stream).not.toReceiveFirstEventWithin(5_000),
    fails: `expect(stream).not.toReceiveFirstEventWithin(ms)

Expected: no event within 5000 ms of the request
Received: the first event, #0, at <t> ms
Timeout:  5000 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 1 event, read cursor at #0:
> #0 <t> ms  ready  ok   ← first event: within the 5000 ms budget`,
  },
  {
    name: 'toReceiveFirstEventWithin says what commonly holds a response whose headers came with a late first event',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.delayHeaders(120); // as a buffering proxy releases headers and first event together
        await sse.send({ event: 'ready', data: 'held' });
        await sse.sleep(60_000);
      }),
    assert: async (expect, stream) => {
      await pause(50);
      await expect(stream).toReceiveFirstEventWithin(50);
    },
    fails: `expect(stream).toReceiveFirstEventWithin(ms)

Expected: the first event within 50 ms of the request
Received: the first event, #0, at <t> ms
          The response headers came only with the first event: if the server sends them at once, something held the whole response, commonly a buffering proxy (nginx: proxy_buffering off, or the response header X-Accel-Buffering: no) or compression middleware that does not flush each event (compression: res.flush() after each write).

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 1 event, read cursor at #0:
> #0 <t> ms  ready  held   ← first event: over the 50 ms budget`,
  },
];
