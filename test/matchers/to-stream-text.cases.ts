import { expect as vitestExpect } from 'vitest';
import type { MatcherCase } from './harness.ts';
import { serveChat } from './llm-chat.ts';

export const cases: MatcherCase[] = [
  {
    name: 'toStreamText passes once the deltas add up to the text',
    serve: (server) => serveChat(server, ['Hel', 'lo', ' there']),
    assert: (expect, stream) => expect(stream).toStreamText('Hello there', { within: 2_000 }),
  },
  {
    name: 'toStreamText takes a RegExp and an asymmetric matcher',
    serve: (server) => serveChat(server, ['The capital ', 'is Paris.']),
    assert: async (expect, stream) => {
      await expect(stream).toStreamText(/paris/i, { within: 2_000 });
      await expect(stream).toStreamText(vitestExpect.stringContaining('capital'), { within: 2_000 });
    },
  },
  {
    name: 'toStreamText fails at once when the text parts from the expected one',
    serve: (server) => serveChat(server, ['Hel', 'p!'], { hold: true, pause: 500 }),
    assert: (expect, stream) => expect(stream).toStreamText('Hello there', { within: 10_000 }),
    fails: `expect(stream).toStreamText(expected)

Expected: the answer "Hello there"
Received: the openaiChat answer "Help!" (5 chars), which parts from it at character 3

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 3 events, read cursor at #0:
· #0 <t> ms  message  {"id":"c1","object":"chat.completion.chunk","choices":[{"in…
  #1 <t> ms  message  {"id":"c1","object":"chat.completion.chunk","choices":[{"in…
  #2 <t> ms  message  {"id":"c1","object":"chat.completion.chunk","choices":[{"in…`,
  },
  {
    name: 'toStreamText fails when the stream ends short of the text',
    serve: (server) => serveChat(server, ['Hel']),
    assert: (expect, stream) => expect(stream).toStreamText(/Hello/, { within: 2_000 }),
    fails: `expect(stream).toStreamText(expected)

Expected: the answer /Hello/
Received: the openaiChat answer "Hel" (3 chars); the stream ended at <t> ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, ended; 4 events, read cursor at #0:
· #0 <t> ms  message  {"id":"c1","object":"chat.completion.chunk","choices":[{"in…
  #1 <t> ms  message  {"id":"c1","object":"chat.completion.chunk","choices":[{"in…
  #2 <t> ms  message  {"id":"c1","object":"chat.completion.chunk","choices":[{"in…
  #3 <t> ms  message  [DONE]`,
  },
  {
    name: '.not.toStreamText passes on another answer, and fails on the one named',
    serve: (server) => serveChat(server, ['Hi'], { pause: 500 }),
    assert: async (expect, stream) => {
      await expect(stream).not.toStreamText('Bye', { within: 1_000 });
      await expect(stream).not.toStreamText('Hi', { within: 1_000 });
    },
    fails: `expect(stream).not.toStreamText(expected)

Expected: an answer other than "Hi"
Received: the openaiChat answer "Hi" (2 chars)
Timeout:  1000 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 2 events, read cursor at #0:
· #0 <t> ms  message  {"id":"c1","object":"chat.completion.chunk","choices":[{"in…
  #1 <t> ms  message  {"id":"c1","object":"chat.completion.chunk","choices":[{"in…`,
  },
];
