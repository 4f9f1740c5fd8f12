import { z } from 'zod';
import type { StreamContract } from '../../src/llm/protocol.ts';
import { anthropic, openaiChat } from '../../src/llm/protocols/index.ts';
import * as streams from '../llm/streams.ts';
import type { MatcherCase } from './harness.ts';

const deltaFirst = streams.anthropicText.filter((_, i) => i !== 1);

/** A contract of the user's own, for the ticker of the cases below. */
const ticker = {
  events: {
    start: z.object({ id: z.string() }),
    price: z.object({ symbol: z.string(), price: z.number() }),
    done: z.string(),
  },
  order: ['start', 'price*', 'done'],
  end: 'done',
};

export const cases: MatcherCase[] = [
  {
    name: 'toFollowProtocol passes on the Anthropic docs’ stream',
    serve: (server) => streams.serve(server, streams.anthropicTool),
    assert: (expect, stream) => expect(stream).toFollowProtocol(anthropic, { within: 1_000 }),
  },
  {
    name: 'toFollowProtocol detects the protocol when none is given, or takes its name',
    serve: (server) => streams.serve(server, streams.openaiChatText),
    assert: async (expect, stream) => {
      await expect(stream).toFollowProtocol();
      await expect(stream).toFollowProtocol('openaiChat');
    },
  },
  {
    name: 'toFollowProtocol fails at once on a violation, naming the event, the rule and what was expected',
    serve: (server) =>
      server.route('/s', async (sse) => {
        for (const { event, data } of deltaFirst.slice(0, 3)) await sse.send({ event, data });
        await sse.sleep(60_000);
      }),
    assert: (expect, stream) => expect(stream).toFollowProtocol(anthropic, { within: 10_000 }),
    fails: `expect(stream).toFollowProtocol(protocol)

Expected: a stream that follows anthropic to its end
Received: event #2 breaks the rule: content_block_delta comes inside a content block
  event:    #2 content_block_delta {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}
  expected: content_block_start for index 0 first
  received: content_block_delta for index 0

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 3 events, read cursor at #0:
· #0 <t> ms  message_start  {"type":"message_start","message":{"id":"msg_1nZdL29xx5MUA1…
  #1 <t> ms  ping  {"type":"ping"}
> #2 <t> ms  content_block_d…  {"type":"content_block_delta","index":0,"delta":{"type":"te…   ← violation: content_block_delta comes inside a content block`,
  },
  {
    name: 'toFollowProtocol quotes the path of a schema error',
    serve: (server) =>
      streams.serve(server, [
        streams.openaiChatText[0] as streams.Message,
        {
          data: { id: 'chatcmpl-123', choices: [{ index: 0, delta: { content: 42 }, finish_reason: null }] },
        },
        { data: '[DONE]' },
      ]),
    assert: (expect, stream) => expect(stream).toFollowProtocol(openaiChat),
    fails: `expect(stream).toFollowProtocol(protocol)

Expected: a stream that follows openaiChat to its end
Received: event #1 breaks the rule: the schema of a chunk
  event:    #1 message {"id":"chatcmpl-123","choices":[{"index":0,"delta":{"content":42},"finish_reason":null}]}
  expected: choices[0].delta.content: a string or null
  received: 42

Stream: <url>/s → 200 text/event-stream; charset=utf-8, ended; 3 events, read cursor at #0:
· #0 <t> ms  message  {"id":"chatcmpl-123","object":"chat.completion.chunk","crea…
> #1 <t> ms  message  {"id":"chatcmpl-123","choices":[{"index":0,"delta":{"conten…   ← violation: the schema of a chunk
  #2 <t> ms  message  [DONE]`,
  },
  {
    name: 'toFollowProtocol fails on a stream that ends without its terminal event, saying what it detected',
    serve: (server) => streams.serve(server, streams.openaiChatText.slice(0, 4)),
    assert: (expect, stream) => expect(stream).toFollowProtocol(),
    fails: `expect(stream).toFollowProtocol()

Expected: a stream that follows openaiChat (detected from the first event) to its end
Received: the end of the stream breaks the rule: [DONE] ends the stream
  expected: data: [DONE] after the last chunk
  received: the end of the stream after event #3 (message)

Stream: <url>/s → 200 text/event-stream; charset=utf-8, ended; 4 events, read cursor at #0:
· #0 <t> ms  message  {"id":"chatcmpl-123","object":"chat.completion.chunk","crea…
  #1 <t> ms  message  {"id":"chatcmpl-123","object":"chat.completion.chunk","crea…
  #2 <t> ms  message  {"id":"chatcmpl-123","object":"chat.completion.chunk","crea…
  #3 <t> ms  message  {"id":"chatcmpl-123","object":"chat.completion.chunk","crea…`,
  },
  {
    name: 'toFollowProtocol counts a broken connection as an end: the terminal event is missing',
    serve: (server) =>
      server.route('/s', async (sse) => {
        for (const { event, data } of streams.anthropicText.slice(0, 4)) await sse.send({ event, data });
        await sse.sleep(20);
        sse.destroy();
      }),
    assert: (expect, stream) => expect(stream).toFollowProtocol('anthropic'),
    fails: `expect(stream).toFollowProtocol(protocol)

Expected: a stream that follows anthropic to its end
Received: the end of the stream breaks the rule: message_stop ends the stream
  expected: message_stop (or an error)
  received: the end of the stream after event #3 (content_block_delta)
  stream:   broke: read ECONNRESET

Stream: <url>/s → 200 text/event-stream; charset=utf-8, errored; 4 events, read cursor at #0:
· #0 <t> ms  message_start  {"type":"message_start","message":{"id":"msg_1nZdL29xx5MUA1…
  #1 <t> ms  content_block_s…  {"type":"content_block_start","index":0,"content_block":{"t…
  #2 <t> ms  ping  {"type":"ping"}
  #3 <t> ms  content_block_d…  {"type":"content_block_delta","index":0,"delta":{"type":"te…`,
  },
  {
    name: 'toFollowProtocol says when no protocol matched, and what the first event looked like',
    serve: (server) =>
      server.route('/s', (sse) => sse.send({ event: 'price', data: { symbol: 'ACME', price: 101 } })),
    assert: (expect, stream) => expect(stream).toFollowProtocol(),
    fails: `expect(stream).toFollowProtocol()

Expected: a stream that follows one of openaiResponses, anthropic, openaiChat, gemini (detected from the first event) to its end
Received: no protocol matched the first event: #0 price {"symbol":"ACME","price":101}

Stream: <url>/s → 200 text/event-stream; charset=utf-8, ended; 1 event, read cursor at #0:
· #0 <t> ms  price  {"symbol":"ACME","price":101}`,
  },
  {
    name: 'toFollowProtocol fails at the deadline on a stream still open, with no violation so far',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.send({ data: streams.geminiText[0]?.data });
        await sse.sleep(60_000);
      }),
    assert: (expect, stream) => expect(stream).toFollowProtocol('gemini', { within: 100 }),
    fails: `expect(stream).toFollowProtocol(protocol)

Expected: a stream that follows gemini to its end
Received: no violation in 1 event, but the stream was still open after 100 ms
Timeout:  100 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 1 event, read cursor at #0:
· #0 <t> ms  message  {"candidates":[{"content":{"parts":[{"text":"The user asks …`,
  },
  {
    name: 'toFollowProtocol takes a contract of one’s own: any object with check()',
    serve: (server) => server.route('/s', (sse) => sse.send({ event: 'tick', data: '1' })),
    assert: async (expect, stream) => {
      const ticks: StreamContract = {
        name: 'ticks',
        check: (events) =>
          events.find((event) => event.type !== 'tick')
            ? { index: 0, rule: 'only ticks', expected: 'tick', received: 'other' }
            : undefined,
      };
      await expect(stream).toFollowProtocol(ticks);
    },
  },
  {
    name: '.not.toFollowProtocol passes on a stream that breaks it',
    serve: (server) => streams.serve(server, deltaFirst),
    assert: (expect, stream) => expect(stream).not.toFollowProtocol(anthropic),
  },
  {
    name: '.not.toFollowProtocol fails on a stream that follows it',
    serve: (server) => streams.serve(server, streams.anthropicText),
    assert: (expect, stream) => expect(stream).not.toFollowProtocol(),
    fails: `expect(stream).not.toFollowProtocol()

Expected: a stream that breaks anthropic (detected from the first event)
Received: no violation in 8 events; then the stream ended at <t> ms
Timeout:  5000 ms

Stream: <url>/s → 200 text/event-stream; charset=utf-8, ended; 8 events, read cursor at #0:
· #0 <t> ms  message_start  {"type":"message_start","message":{"id":"msg_1nZdL29xx5MUA1…
  #1 <t> ms  content_block_s…  {"type":"content_block_start","index":0,"content_block":{"t…
  #2 <t> ms  ping  {"type":"ping"}
  #3 <t> ms  content_block_d…  {"type":"content_block_delta","index":0,"delta":{"type":"te…
  #4 <t> ms  content_block_d…  {"type":"content_block_delta","index":0,"delta":{"type":"te…
  #5 <t> ms  content_block_s…  {"type":"content_block_stop","index":0}
  #6 <t> ms  message_delta  {"type":"message_delta","delta":{"stop_reason":"end_turn","…
  #7 <t> ms  message_stop  {"type":"message_stop"}`,
  },
  {
    name: 'toFollowProtocol says what it takes when given something else',
    serve: (server) => streams.serve(server, streams.anthropicText),
    assert: (expect, stream) => expect(stream).toFollowProtocol('claude'),
    fails: `toFollowProtocol() expects a protocol (openaiResponses, anthropic, openaiChat, gemini: the objects from sse-test/llm or their names), a contract { events: { type: schema }, order?, end? }, or anything with check(events, ended); received "claude".`,
  },
  {
    name: 'toFollowProtocol holds a stream to a contract of your own: a schema per type, an order, an end',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.send({ event: 'start', data: { id: 'a1' } });
        await sse.send({ event: 'price', data: { symbol: 'ACME', price: 1 } });
        await sse.send({ event: 'price', data: { symbol: 'GLOBEX', price: 2 } });
        await sse.send({ event: 'done', data: '' });
      }),
    assert: (expect, stream) => expect(stream).toFollowProtocol(ticker, { within: 2_000 }),
  },
  {
    name: 'toFollowProtocol with a contract of your own quotes the path of the first schema error',
    serve: (server) =>
      server.route('/s', async (sse) => {
        await sse.send({ event: 'start', data: { id: 'a1' } });
        await sse.send({ event: 'price', data: { symbol: 'ACME', price: '1.00' } });
        await sse.sleep(60_000);
      }),
    assert: (expect, stream) => expect(stream).toFollowProtocol(ticker, { within: 10_000 }),
    fails: `expect(stream).toFollowProtocol(protocol)

Expected: a stream that follows your contract to its end
Received: event #1 breaks the rule: schema of price
  event:    #1 price {"symbol":"ACME","price":"1.00"}
  expected: price data matching its schema
  received: data.price: Invalid input: expected number, received string

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; 2 events, read cursor at #0:
· #0 <t> ms  start  {"id":"a1"}
> #1 <t> ms  price  {"symbol":"ACME","price":"1.00"}   ← violation: schema of price`,
  },
];
