import type { MatcherCase } from './harness.ts';

export const cases: MatcherCase[] = [
  {
    name: 'toHaveStatus passes on the response status',
    serve: (server) => server.route('/s', (sse) => sse.send('hi')),
    assert: (expect, stream) => expect(stream).toHaveStatus(200),
  },
  {
    name: 'toHaveStatus fails with the status and the body of the answer',
    serve: (server) => server.route('/s', (sse) => sse.respond(503, { error: 'overloaded' })),
    assert: (expect, stream) => expect(stream).toHaveStatus(200),
    fails: `expect(stream).toHaveStatus(expected)

Expected: status 200
Received: status 503

Stream: <url>/s → 503 application/json; charset=utf-8, ended; not an event stream. Body:
  {"error":"overloaded"}`,
  },
  {
    name: '.not.toHaveStatus passes on another status',
    serve: (server) => server.route('/s', (sse) => sse.respond(503, { error: 'overloaded' })),
    assert: (expect, stream) => expect(stream).not.toHaveStatus(200),
  },
  {
    name: '.not.toHaveStatus fails on that status',
    serve: (server) => server.route('/s', (sse) => sse.send({ event: 'ready', data: 'ok' })),
    assert: async (expect, stream) => {
      await expect(stream).toReceiveEvent('ready');
      expect(stream).not.toHaveStatus(200);
    },
    fails: `expect(stream).not.toHaveStatus(expected)

Expected: not status 200
Received: status 200

Stream: <url>/s → 200 text/event-stream; charset=utf-8, ended; 1 event, read cursor at #1, past the last event:
  #0 <t> ms  ready  ok`,
  },
  {
    name: 'toHaveStatus says how to fix a missing await',
    serve: (server) => server.route('/s', (sse) => sse.send('hi')),
    assert: (expect, stream) => expect(Promise.resolve(stream)).toHaveStatus(200),
    fails: `toHaveStatus() expects an SseStream from sse.open(); received a Promise — did you forget await?`,
  },
];
