import type { MatcherCase } from './harness.ts';
import { serveChat } from './llm-chat.ts';

export const cases: MatcherCase[] = [
  {
    name: 'toFinishWith passes on the finish reason in the provider’s words',
    serve: (server) => serveChat(server, ['Hi'], { finish: 'stop' }),
    assert: async (expect, stream) => {
      await expect(stream).toFinishWith('stop', { within: 2_000 });
      await expect(stream).toFinishWith(/^(stop|length)$/, { within: 2_000 });
    },
  },
  {
    name: 'toFinishWith fails on another reason',
    serve: (server) => serveChat(server, ['Once upon a'], { finish: 'length' }),
    assert: async (expect, stream) => {
      await expect(stream).toEnd({ within: 2_000 });
      await expect(stream).toFinishWith('stop', { within: 2_000 });
    },
    fails: `expect(stream).toFinishWith(reason)

Expected: finish reason "stop"
Received: finish reason "length"

Stream: <url>/s → 200 text/event-stream; charset=utf-8, ended; 4 events, read cursor at #0:
· #0 <t> ms  message  {"id":"c1","object":"chat.completion.chunk","choices":[{"in…
  #1 <t> ms  message  {"id":"c1","object":"chat.completion.chunk","choices":[{"in…
  #2 <t> ms  message  {"id":"c1","object":"chat.completion.chunk","choices":[{"in…
  #3 <t> ms  message  [DONE]`,
  },
  {
    name: 'toFinishWith fails when the stream ends without a reason',
    serve: (server) => serveChat(server, ['Hi'], { finish: null }),
    assert: (expect, stream) => expect(stream).toFinishWith('stop', { within: 2_000 }),
    fails: `expect(stream).toFinishWith(reason)

Expected: finish reason "stop"
Received: no finish reason; the stream ended at <t> ms; the openaiChat answer "Hi" (2 chars)

Stream: <url>/s → 200 text/event-stream; charset=utf-8, ended; 3 events, read cursor at #0:
· #0 <t> ms  message  {"id":"c1","object":"chat.completion.chunk","choices":[{"in…
  #1 <t> ms  message  {"id":"c1","object":"chat.completion.chunk","choices":[{"in…
  #2 <t> ms  message  [DONE]`,
  },
  {
    name: '.not.toFinishWith passes on another reason',
    serve: (server) => serveChat(server, ['Hi'], { finish: 'length' }),
    assert: (expect, stream) => expect(stream).not.toFinishWith('stop', { within: 2_000 }),
  },
];
