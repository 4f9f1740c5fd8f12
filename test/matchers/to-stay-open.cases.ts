import type { MatcherCase } from './harness.ts';

const ending = (server: import('../../src/server.ts').SseServer) =>
  server.route('/s', async (sse) => {
    await sse.send({ event: 'status', data: 'up' });
    await sse.sleep(50);
  });

export const cases: MatcherCase[] = [
  {
    name: 'toStayOpen passes when the stream is still open after the window',
    serve: (server) => server.route('/s', (sse) => sse.sleep(60_000)),
    assert: (expect, stream) => expect(stream).toStayOpen({ for: 150 }),
  },
  {
    name: 'toStayOpen fails as soon as the stream ends',
    serve: ending,
    assert: (expect, stream) => expect(stream).toStayOpen({ for: 5_000 }),
    fails: `expect(stream).toStayOpen()

Expected: the stream to stay open for 5000 ms
Received: the stream ended at <t> ms, <t> ms after the call

Stream: <url>/s → 200 text/event-stream; charset=utf-8, ended; 1 event, read cursor at #0:
· #0 <t> ms  status  up`,
  },
  {
    name: '.not.toStayOpen passes when the stream stops within the window',
    serve: ending,
    assert: (expect, stream) => expect(stream).not.toStayOpen({ for: 5_000 }),
  },
  {
    name: '.not.toStayOpen fails when the stream is still open at the end of the window',
    serve: (server) => server.route('/s', (sse) => sse.sleep(60_000)),
    assert: (expect, stream) => expect(stream).not.toStayOpen({ for: 100 }),
    fails: `expect(stream).not.toStayOpen()

Expected: the stream to stop within 100 ms
Received: still open after 100 ms
Timeout:  100 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; no events`,
  },
  {
    name: 'toStayOpen fails as soon as the connection breaks, saying when and why once',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.send({ event: 'status', data: 'up' });
        await sse.sleep(50);
        sse.destroy();
      }),
    assert: (expect, stream) => expect(stream).toStayOpen({ for: 5_000 }),
    fails: `expect(stream).toStayOpen()

Expected: the stream to stay open for 5000 ms
Received: the stream broke at <t> ms, <t> ms after the call: read ECONNRESET

Stream: <url>/s → 200 text/event-stream; charset=utf-8, errored; 1 event, read cursor at #0:
· #0 <t> ms  status  up`,
  },
];
