import type { MatcherCase } from './harness.ts';

export const cases: MatcherCase[] = [
  {
    name: 'toEnd passes when the server finishes the stream',
    serve: (server) => server.route('/s', (sse) => sse.send({ event: 'done', data: '[DONE]' })),
    assert: (expect, stream) => expect(stream).toEnd({ within: 1_000 }),
  },
  {
    name: 'toEnd fails at the deadline when the stream stays open',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.send({ event: 'delta', data: 'Hel' });
        await sse.sleep(60_000);
      }),
    assert: (expect, stream) => expect(stream).toEnd({ within: 100 }),
    fails: `expect(stream).toEnd()

Expected: the server to end the stream
Received: still open after 100 ms
Timeout:  100 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 1 event, read cursor at #0:
· #0 <t> ms  delta  Hel`,
  },
  {
    name: 'toEnd fails at once, with the error, when the connection breaks',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.send({ event: 'delta', data: 'Hel' });
        await sse.sleep(20);
        sse.destroy();
      }),
    assert: (expect, stream) => expect(stream).toEnd({ within: 5_000 }),
    fails: `expect(stream).toEnd()

Expected: the server to end the stream
Received: the stream broke at <t> ms: read ECONNRESET

Stream: <url>/s → 200 text/event-stream; charset=utf-8, errored; 1 event, read cursor at #0:
· #0 <t> ms  delta  Hel`,
  },
  {
    name: 'toEnd fails on a stream the client closed',
    serve: (server) => server.route('/s', (sse) => sse.sleep(60_000)),
    assert: async (expect, stream) => {
      await stream.close();
      await expect(stream).toEnd({ within: 5_000 });
    },
    fails: `expect(stream).toEnd()

Expected: the server to end the stream
Received: the stream was closed by the client at <t> ms (close() was called)

Stream: <url>/s → 200 text/event-stream; charset=utf-8, closed; no events`,
  },
  {
    name: '.not.toEnd passes when the stream is still open at the deadline',
    serve: (server) => server.route('/s', (sse) => sse.sleep(60_000)),
    assert: (expect, stream) => expect(stream).not.toEnd({ within: 100 }),
  },
  {
    name: '.not.toEnd fails as soon as the stream ends',
    serve: (server) => server.route('/s', (sse) => sse.send({ event: 'done', data: '[DONE]' })),
    assert: (expect, stream) => expect(stream).not.toEnd({ within: 5_000 }),
    fails: `expect(stream).not.toEnd()

Expected: the stream not to end
Received: the stream ended at <t> ms
Timeout:  5000 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, ended; 1 event, read cursor at #0:
· #0 <t> ms  done  [DONE]`,
  },
];
