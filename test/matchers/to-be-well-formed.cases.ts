import type { MatcherCase } from './harness.ts';

export const cases: MatcherCase[] = [
  {
    name: 'toBeWellFormed passes on events, comments and a leading BOM',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.writeRaw('\uFEFF: hello\n\n');
        await sse.send({ event: 'price', id: '1', retry: 1000, data: 'line one\nline two' });
        await sse.comment();
        await sse.writeRaw('data\n\n');
      }),
    assert: async (expect, stream) => {
      await expect(stream).toEnd({ within: 1_000 });
      expect(stream).toBeWellFormed();
    },
  },
  {
    name: 'toBeWellFormed lists every issue with its line and text',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.writeRaw('data: a\r\n\r\nretry: soon\nevnet: price\nid: 4\u00002\ndata: b\uFEFFc\n\n');
        await sse.writeRaw(': tail\ndata: {"text":"cut');
      }),
    assert: async (expect, stream) => {
      await expect(stream).toEnd({ within: 1_000 });
      expect(stream).toBeWellFormed();
    },
    fails: `expect(stream).toBeWellFormed()

Expected: a well-formed event stream
Received: 6 issues in 9 lines:
  line 1: mixed line endings (CRLF ×2, LF ×6); the first CRLF is here: "data: a\\r\\n"
  line 3: retry value is not ASCII digits (clients ignore it): "retry: soon"
  line 4: unknown field "evnet" (clients ignore it): "evnet: price"
  line 5: id contains NUL (clients ignore it): "id: 4\\u00002"
  line 6: a byte order mark (U+FEFF) not at the very start: "data: b\\uFEFFc"
  line 9: unterminated last block: the connection ended before its blank line, so clients drop it: "data: {\\"text\\":\\"cut"

Stream: <url>/s → 200 text/event-stream; charset=utf-8, ended; 2 events, read cursor at #0:
· #0 <t> ms  message  a
  #1 <t> ms  message  b\uFEFFc`,
  },
  {
    name: 'toBeWellFormed lists the first 10 issues and counts the rest, per connection',
    serve: (server) =>
      server.route('/s', async (sse, request) => {
        if (request.lastEventId === undefined) await sse.writeRaw('id: 1\ndata: one\n\ndata: cut');
        else await sse.writeRaw(`${Array.from({ length: 12 }, (_, i) => `x-${i}: y\n`).join('')}\n`);
      }),
    open: { reconnect: { delay: 10, maxAttempts: 1 } },
    assert: async (expect, stream) => {
      await expect(stream).toEnd({ within: 1_000 });
      expect(stream).toBeWellFormed();
    },
    fails: `expect(stream).toBeWellFormed()

Expected: a well-formed event stream
Received: 13 issues in 17 lines over 2 connections:
  connection 1, line 4: unterminated last block: the connection ended before its blank line, so clients drop it: "data: cut"
  connection 2, line 1: unknown field "x-0" (clients ignore it): "x-0: y"
  connection 2, line 2: unknown field "x-1" (clients ignore it): "x-1: y"
  connection 2, line 3: unknown field "x-2" (clients ignore it): "x-2: y"
  connection 2, line 4: unknown field "x-3" (clients ignore it): "x-3: y"
  connection 2, line 5: unknown field "x-4" (clients ignore it): "x-4: y"
  connection 2, line 6: unknown field "x-5" (clients ignore it): "x-5: y"
  connection 2, line 7: unknown field "x-6" (clients ignore it): "x-6: y"
  connection 2, line 8: unknown field "x-7" (clients ignore it): "x-7: y"
  connection 2, line 9: unknown field "x-8" (clients ignore it): "x-8: y"
  … and 3 more

Stream: <url>/s → 200 text/event-stream; charset=utf-8, ended; 1 event, read cursor at #0:
· #0 <t> ms  message id=1  one`,
  },
  {
    name: 'toBeWellFormed does not blame the partial block of an open stream',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.writeRaw('data: one\n\ndata: tw');
        await sse.sleep(60_000);
      }),
    assert: async (expect, stream) => {
      await expect(stream).toReceiveEvent();
      expect(stream).toBeWellFormed();
    },
  },
  {
    name: 'toBeWellFormed does not blame the block a client close() cut short',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.writeRaw('data: one\n\ndata: tw');
        await sse.sleep(60_000);
      }),
    assert: async (expect, stream) => {
      await expect(stream).toReceiveEvent();
      await stream.close();
      expect(stream).toBeWellFormed();
    },
  },
  {
    name: 'toBeWellFormed fails on a non-SSE answer',
    serve: (server) => server.route('/s', (sse) => sse.respond(502, 'Bad Gateway')),
    assert: (expect, stream) => expect(stream).toBeWellFormed(),
    fails: `expect(stream).toBeWellFormed()

Expected: a well-formed event stream
Received: not an event stream (502 text/plain; charset=utf-8)

Stream: <url>/s → 502 text/plain; charset=utf-8, ended; not an event stream. Body:
  Bad Gateway`,
  },
  {
    name: '.not.toBeWellFormed passes on a malformed stream',
    serve: (server) => server.route('/s', (sse) => sse.writeRaw('retry: 1s\n\n')),
    assert: async (expect, stream) => {
      await expect(stream).toEnd({ within: 1_000 });
      expect(stream).not.toBeWellFormed();
    },
  },
  {
    name: '.not.toBeWellFormed fails on a well-formed stream',
    serve: (server) => server.route('/s', (sse) => sse.send({ event: 'done', data: '[DONE]' })),
    assert: async (expect, stream) => {
      await expect(stream).toEnd({ within: 1_000 });
      expect(stream).not.toBeWellFormed();
    },
    fails: `expect(stream).not.toBeWellFormed()

Expected: an event stream that breaks a rule of the format
Received: no issues in 3 lines

Stream: <url>/s → 200 text/event-stream; charset=utf-8, ended; 1 event, read cursor at #0:
· #0 <t> ms  done  [DONE]`,
  },
];
