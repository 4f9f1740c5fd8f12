import type { MatcherCase } from './harness.ts';
import { serveChat } from './llm-chat.ts';

export const cases: MatcherCase[] = [
  {
    name: 'toReceiveFirstTokenWithin passes when the first answer token is in time',
    serve: (server) => serveChat(server, ['Hi']),
    assert: (expect, stream) => expect(stream).toReceiveFirstTokenWithin(2_000),
  },
  {
    name: 'toReceiveFirstTokenWithin does not count the role chunk as a token',
    serve: (server) => serveChat(server, ['Hi'], { firstDelay: 300, hold: true }),
    assert: (expect, stream) => expect(stream).toReceiveFirstTokenWithin(100),
    fails: `expect(stream).toReceiveFirstTokenWithin(ms)

Expected: the first answer token within 100 ms of the request
Received: no token after <t> ms; the openaiChat answer "" (0 chars)
Timeout:  100 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 1 event, read cursor at #0:
· #0 <t> ms  message  {"id":"c1","object":"chat.completion.chunk","choices":[{"in…`,
  },
  {
    name: "toReceiveFirstTokenWithin with trigger: 'any' counts the role chunk",
    serve: (server) => serveChat(server, ['Hi'], { firstDelay: 300 }),
    assert: (expect, stream) => expect(stream).toReceiveFirstTokenWithin(250, { trigger: 'any' }),
  },
  {
    name: '.not.toReceiveFirstTokenWithin passes when the first token is late',
    serve: (server) => serveChat(server, ['Hi'], { firstDelay: 300 }),
    assert: (expect, stream) => expect(stream).not.toReceiveFirstTokenWithin(100),
  },
];
