import type { MatcherCase } from './harness.ts';

export const cases: MatcherCase[] = [
  {
    name: 'toBeEventStream passes on 200 text/event-stream',
    serve: (server) => server.route('/s', (sse) => sse.sleep(60_000)),
    assert: (expect, stream) => expect(stream).toBeEventStream(),
  },
  {
    name: 'toBeEventStream fails with status, content type and the start of the body',
    serve: (server) => server.route('/s', (sse) => sse.respond(503, { error: 'overloaded' })),
    assert: (expect, stream) => expect(stream).toBeEventStream(),
    fails: `expect(stream).toBeEventStream()

Expected: 200 with content type text/event-stream
Received: 503 application/json; charset=utf-8 (status 503 is not 200; content type is not text/event-stream)

Stream: <url>/s → 503 application/json; charset=utf-8, ended; not an event stream. Body:
  {"error":"overloaded"}`,
  },
  {
    name: 'toBeEventStream fails on a 200 with another content type',
    serve: (server) =>
      server.route('/s', (sse) =>
        sse.respond(200, '<!doctype html><p>Sign in', { 'content-type': 'text/html' }),
      ),
    assert: (expect, stream) => expect(stream).toBeEventStream(),
    fails: `expect(stream).toBeEventStream()

Expected: 200 with content type text/event-stream
Received: 200 text/html (content type is not text/event-stream)

Stream: <url>/s → 200 text/html, ended; not an event stream. Body:
  <!doctype html><p>Sign in`,
  },
  {
    name: 'toBeEventStream fails on a 2xx other than 200 typed text/event-stream, showing its body',
    serve: (server) =>
      server.route('/s', async (sse) => {
        sse.status(206);
        await sse.send({ id: '1', data: 'partial' });
      }),
    assert: (expect, stream) => expect(stream).toBeEventStream(),
    fails: `expect(stream).toBeEventStream()

Expected: 200 with content type text/event-stream
Received: 206 text/event-stream; charset=utf-8 (status 206 is not 200)

Stream: <url>/s → 206 text/event-stream; charset=utf-8, ended; not an event stream. Body:
  id: 1\\ndata: partial\\n\\n`,
  },
  {
    name: '.not.toBeEventStream passes on a 204 typed text/event-stream',
    serve: (server) =>
      server.route('/s', (sse) => sse.respond(204, '', { 'content-type': 'text/event-stream' })),
    assert: (expect, stream) => expect(stream).not.toBeEventStream(),
  },
  {
    name: '.not.toBeEventStream passes on a non-SSE answer',
    serve: (server) => server.route('/s', (sse) => sse.respond(404, 'no such feed')),
    assert: (expect, stream) => expect(stream).not.toBeEventStream(),
  },
  {
    name: '.not.toBeEventStream fails on an event stream',
    serve: (server) => server.route('/s', (sse) => sse.sleep(60_000)),
    assert: (expect, stream) => expect(stream).not.toBeEventStream(),
    fails: `expect(stream).not.toBeEventStream()

Expected: not an event stream (not 200 text/event-stream)
Received: 200 text/event-stream; charset=utf-8

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; no events`,
  },
];
