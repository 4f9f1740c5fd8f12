import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../../src/client/event.ts';
import { open } from '../../src/index.ts';
import type { LlmProtocol, LlmUsage } from '../../src/llm/protocol.ts';
import {
  anthropic,
  detectProtocol,
  gemini,
  llmProtocols,
  openaiChat,
  openaiResponses,
} from '../../src/llm/protocols/index.ts';
import { startServer } from '../support/server.ts';
import * as streams from './streams.ts';
import { eventsOf, type Message, serve } from './streams.ts';

/** What a reader of the whole stream gets: texts joined, tool calls assembled, the last finish reason and usage. */
function readAll(protocol: LlmProtocol, events: readonly SseEvent[]) {
  let text = '';
  let reasoning = '';
  let finishReason: string | undefined;
  let usage: LlmUsage = {};
  let end = false;
  const calls = new Map<number, { id?: string; name?: string; arguments: string }>();
  const errors: string[] = [];
  for (const event of events) {
    const chunk = protocol.read(event);
    text += chunk.text ?? '';
    reasoning += chunk.reasoning ?? '';
    for (const delta of chunk.toolCalls ?? []) {
      const call = calls.get(delta.index) ?? { arguments: '' };
      if (delta.id) call.id = delta.id;
      if (delta.name) call.name = delta.name;
      call.arguments += delta.arguments ?? '';
      calls.set(delta.index, call);
    }
    finishReason = chunk.finishReason ?? finishReason;
    // A snapshot: each field given replaces the earlier value.
    if (chunk.usage)
      usage = {
        ...usage,
        ...Object.fromEntries(Object.entries(chunk.usage).filter(([, v]) => v !== undefined)),
      };
    end ||= chunk.end === true;
    if (chunk.error) errors.push(`${chunk.error.type}: ${chunk.error.message}`);
  }
  return { text, reasoning, toolCalls: [...calls.values()], finishReason, usage, end, errors };
}

/** The events with one replaced (by position), for the broken variants. */
function replace(messages: readonly Message[], position: number, message: Message): Message[] {
  return messages.map((m, i) => (i === position ? message : m));
}

async function served(messages: readonly Message[]): Promise<readonly SseEvent[]> {
  const server = await startServer();
  serve(server, messages);
  const stream = await open(`${server.url}/s`);
  await stream.closed;
  return stream.events;
}

describe('openaiChat', () => {
  it('accepts the documented stream from a real server, and reads it', async () => {
    const events = await served(streams.openaiChatText);
    expect(openaiChat.check(events, true)).toBeUndefined();
    expect(readAll(openaiChat, events)).toEqual({
      text: 'Hello!',
      reasoning: '',
      toolCalls: [],
      finishReason: 'stop',
      usage: { inputTokens: 9, outputTokens: 12, reasoningTokens: 4, totalTokens: 21 },
      end: true,
      errors: [],
    });
  });

  it('reads tool calls from their deltas, the role chunk with content null', () => {
    const events = eventsOf(streams.openaiChatTool);
    expect(openaiChat.check(events, true)).toBeUndefined();
    const read = readAll(openaiChat, events);
    expect(read.toolCalls).toEqual([
      { id: 'call_abc', name: 'get_weather', arguments: '{"location":"Paris"}' },
    ]);
    expect(read.finishReason).toBe('tool_calls');
    expect(read.text).toBe('');
  });

  it('accepts an error object as the end, and reads it', () => {
    const events = eventsOf([
      streams.openaiChatText[0] as Message,
      {
        data: {
          error: { message: 'The server had an error', type: 'server_error', param: null, code: null },
        },
      },
    ]);
    expect(openaiChat.check(events, true)).toBeUndefined();
    expect(readAll(openaiChat, events)).toMatchObject({
      finishReason: 'error',
      errors: ['server_error: The server had an error'],
    });
  });

  it('rejects a content that is not a string, with its path', () => {
    const bad = replace(streams.openaiChatText, 1, {
      data: { id: 'chatcmpl-123', choices: [{ index: 0, delta: { content: 42 }, finish_reason: null }] },
    });
    expect(openaiChat.check(eventsOf(bad), true)).toEqual({
      index: 1,
      rule: 'the schema of a chunk',
      expected: 'choices[0].delta.content: a string or null',
      received: '42',
    });
  });

  it('rejects a chunk after [DONE], a stream without [DONE], data that is not JSON', () => {
    const after = eventsOf([...streams.openaiChatText, streams.openaiChatText[1] as Message]);
    expect(openaiChat.check(after, true)).toEqual({
      index: 6,
      rule: 'nothing comes after [DONE]',
      expected: 'the end of the stream after event #5',
      received: 'a message event',
    });
    const cut = eventsOf(streams.openaiChatText.slice(0, 4));
    expect(openaiChat.check(cut, false)).toBeUndefined();
    expect(openaiChat.check(cut, true)).toEqual({
      index: undefined,
      rule: '[DONE] ends the stream',
      expected: 'data: [DONE] after the last chunk',
      received: 'the end of the stream after event #3 (message)',
    });
    expect(openaiChat.check(eventsOf(replace(streams.openaiChatText, 2, { data: 'Hello' })), true)).toEqual({
      index: 2,
      rule: 'data is JSON',
      expected: 'a JSON chunk or data: [DONE]',
      received: 'Hello (not JSON)',
    });
  });

  it('rejects a chunk after the usage chunk, and content after finish_reason', () => {
    const late = [...streams.openaiChatText];
    late.splice(5, 0, streams.openaiChatText[2] as Message);
    expect(openaiChat.check(eventsOf(late), true)).toEqual({
      index: 5,
      rule: 'the usage chunk is the last before [DONE]',
      expected: 'data: [DONE] after the usage chunk #4',
      received: 'another chunk',
    });
    const afterFinish = [...streams.openaiChatText];
    afterFinish.splice(4, 0, streams.openaiChatText[2] as Message);
    expect(openaiChat.check(eventsOf(afterFinish), true)).toMatchObject({
      index: 4,
      rule: 'a choice sends nothing after its finish_reason',
    });
  });
});

describe('openaiResponses', () => {
  it('accepts the documented stream from a real server, and reads it', async () => {
    const events = await served(streams.openaiResponsesText);
    expect(openaiResponses.check(events, true)).toBeUndefined();
    expect(readAll(openaiResponses, events)).toEqual({
      text: 'Hi there',
      reasoning: 'Greeting',
      toolCalls: [],
      finishReason: 'completed',
      usage: { inputTokens: 36, outputTokens: 87, reasoningTokens: 64, totalTokens: 123 },
      end: true,
      errors: [],
    });
  });

  it('reads a function call from its item and argument deltas', () => {
    const events = eventsOf(streams.openaiResponsesTool);
    expect(openaiResponses.check(events, true)).toBeUndefined();
    expect(readAll(openaiResponses, events).toolCalls).toEqual([
      { id: 'call_abc', name: 'get_weather', arguments: '{"location":"Paris"}' },
    ]);
  });

  it('reads an incomplete or failed response’s status as the finish reason', () => {
    const last = streams.openaiResponsesText.length - 1;
    const incomplete = structuredClone(streams.openaiResponsesText);
    const terminal = incomplete[last] as {
      event: string;
      data: { type: string; response: { status: string } };
    };
    terminal.event = terminal.data.type = 'response.incomplete';
    terminal.data.response.status = 'incomplete';
    const events = eventsOf(incomplete);
    expect(openaiResponses.check(events, true)).toBeUndefined();
    expect(readAll(openaiResponses, events)).toMatchObject({ finishReason: 'incomplete', end: true });
  });

  it('accepts a top-level error event as the end', () => {
    const events = eventsOf([
      ...streams.openaiResponsesText.slice(0, 2),
      {
        event: 'error',
        data: { type: 'error', code: 'server_error', message: 'Try again', param: null, sequence_number: 2 },
      },
    ]);
    expect(openaiResponses.check(events, true)).toBeUndefined();
    expect(readAll(openaiResponses, events)).toMatchObject({
      finishReason: 'error',
      errors: ['server_error: Try again'],
    });
  });

  it('rejects a sequence_number that does not increase', () => {
    const bad = structuredClone(streams.openaiResponsesText);
    (bad[5]?.data as { sequence_number: number }).sequence_number = 4;
    expect(openaiResponses.check(eventsOf(bad), true)).toEqual({
      index: 5,
      rule: 'sequence_number increases',
      expected: 'a sequence_number above 4',
      received: '4',
    });
  });

  it('rejects an event name other than its type, an unknown type, a delta before its item', () => {
    const renamed = replace(streams.openaiResponsesText, 9, {
      ...streams.openaiResponsesText[9],
      event: 'message',
    } as Message);
    expect(openaiResponses.check(eventsOf(renamed), true)).toEqual({
      index: 9,
      rule: 'the event name is the data’s type',
      expected: 'event: response.output_text.delta',
      received: 'event: message',
    });
    const unknown = replace(streams.openaiResponsesText, 1, {
      event: 'response.thinking',
      data: { type: 'response.thinking', sequence_number: 1 },
    });
    expect(openaiResponses.check(eventsOf(unknown), true)).toMatchObject({
      index: 1,
      rule: 'a Responses API event type',
      received: 'type: "response.thinking"',
    });
    const early = streams.openaiResponsesText.filter((_, i) => i !== 7);
    expect(openaiResponses.check(eventsOf(early), true)).toEqual({
      index: 7,
      rule: 'an item is added before its events',
      expected: 'response.output_item.added for item msg_1 first',
      received: 'response.content_part.added for item msg_1',
    });
  });

  it('rejects a stream without its terminal event, and a first event other than response.created', () => {
    const cut = eventsOf(streams.openaiResponsesText.slice(0, -1));
    expect(openaiResponses.check(cut, true)).toEqual({
      index: undefined,
      rule: 'a terminal event ends the stream',
      expected: 'response.completed, response.incomplete or response.failed (or an error event)',
      received: 'the end of the stream after event #13 (response.output_item.done)',
    });
    expect(openaiResponses.check(eventsOf(streams.openaiResponsesText.slice(1)), true)).toMatchObject({
      index: 0,
      rule: 'response.created comes first',
    });
  });
});

describe('anthropic', () => {
  it('accepts the documented stream from a real server, and reads it', async () => {
    const events = await served(streams.anthropicText);
    expect(anthropic.check(events, true)).toBeUndefined();
    expect(readAll(anthropic, events)).toEqual({
      text: 'Hello!',
      reasoning: '',
      toolCalls: [],
      finishReason: 'end_turn',
      usage: { inputTokens: 25, outputTokens: 15 },
      end: true,
      errors: [],
    });
  });

  it('reads thinking, text and a tool call; output_tokens replaced, never added', () => {
    const events = eventsOf(streams.anthropicTool);
    expect(anthropic.check(events, true)).toBeUndefined();
    expect(readAll(anthropic, events)).toEqual({
      text: 'Let me check.',
      reasoning: 'Weather: use the tool.',
      toolCalls: [
        { id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', arguments: '{"location": "Paris"}' },
      ],
      finishReason: 'tool_use',
      usage: { inputTokens: 25, outputTokens: 89 },
      end: true,
      errors: [],
    });
  });

  it('accepts an error event as the end, without message_stop', () => {
    const events = eventsOf(streams.anthropicOverloaded);
    expect(anthropic.check(events, true)).toBeUndefined();
    expect(readAll(anthropic, events)).toMatchObject({
      text: 'Hel',
      finishReason: 'error',
      end: false,
      errors: ['overloaded_error: Overloaded'],
    });
  });

  it('rejects a delta before its block starts', () => {
    const bad = streams.anthropicText.filter((_, i) => i !== 1);
    expect(anthropic.check(eventsOf(bad), true)).toEqual({
      index: 2,
      rule: 'content_block_delta comes inside a content block',
      expected: 'content_block_start for index 0 first',
      received: 'content_block_delta for index 0',
    });
  });

  it('rejects a delta that does not fit its block, an unknown event, a name other than the type', () => {
    const misfit = replace(streams.anthropicText, 3, {
      event: 'content_block_delta',
      data: { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{' } },
    });
    expect(anthropic.check(eventsOf(misfit), true)).toEqual({
      index: 3,
      rule: 'a delta fits its block',
      expected: 'text_delta or citations_delta in a text block',
      received: 'input_json_delta',
    });
    const unknown = replace(streams.anthropicText, 2, { event: 'heartbeat', data: { type: 'heartbeat' } });
    expect(anthropic.check(eventsOf(unknown), true)).toMatchObject({
      index: 2,
      rule: 'a Messages stream event type',
    });
    const renamed = replace(streams.anthropicText, 2, { event: 'ping', data: { type: 'pong' } });
    expect(anthropic.check(eventsOf(renamed), true)).toEqual({
      index: 2,
      rule: 'the event name is the data’s type',
      expected: 'type: "ping"',
      received: '"pong"',
    });
  });

  it('rejects a bad delta schema with its path, and a stream without message_stop', () => {
    const bad = replace(streams.anthropicText, 3, {
      event: 'content_block_delta',
      data: { type: 'content_block_delta', index: 0, delta: { type: 'text', text: 'Hello' } },
    });
    expect(anthropic.check(eventsOf(bad), true)).toEqual({
      index: 3,
      rule: 'the schema of content_block_delta',
      expected:
        'delta.type: one of "text_delta", "input_json_delta", "thinking_delta", "signature_delta", "citations_delta"',
      received: '"text"',
    });
    expect(anthropic.check(eventsOf(streams.anthropicText.slice(0, -1)), true)).toEqual({
      index: undefined,
      rule: 'message_stop ends the stream',
      expected: 'message_stop (or an error)',
      received: 'the end of the stream after event #6 (message_delta)',
    });
  });
});

describe('gemini', () => {
  it('accepts an alt=sse stream from a real server, and reads it', async () => {
    const events = await served(streams.geminiText);
    expect(gemini.check(events, true)).toBeUndefined();
    expect(readAll(gemini, events)).toEqual({
      text: 'The sky is blue.',
      reasoning: 'The user asks about the sky.',
      toolCalls: [],
      finishReason: 'STOP',
      // Output tokens are candidates + thoughts: 5 + 30.
      usage: { inputTokens: 9, outputTokens: 35, reasoningTokens: 30, totalTokens: 44 },
      end: false,
      errors: [],
    });
  });

  it('reads a whole function call', () => {
    const events = eventsOf(streams.geminiTool);
    expect(gemini.check(events, true)).toBeUndefined();
    expect(readAll(gemini, events).toolCalls).toEqual([
      { name: 'get_weather', arguments: '{"location":"Paris"}' },
    ]);
  });

  it('rejects a stream without finishReason, a response after it, an event name, a bad part', () => {
    expect(gemini.check(eventsOf(streams.geminiText.slice(0, 2)), true)).toEqual({
      index: undefined,
      rule: 'the last response has a finishReason',
      expected: 'a response with candidates[].finishReason (or promptFeedback.blockReason)',
      received: 'the end of the stream after event #1 (message)',
    });
    expect(gemini.check(eventsOf([...streams.geminiText, streams.geminiText[1] as Message]), true)).toEqual({
      index: 3,
      rule: 'nothing comes after the finishReason',
      expected: 'the end of the stream after event #2',
      received: 'a message event',
    });
    const named = replace(streams.geminiText, 0, { ...streams.geminiText[0], event: 'chunk' } as Message);
    expect(gemini.check(eventsOf(named), true)).toMatchObject({
      index: 0,
      rule: 'responses come without an event name',
    });
    const bad = replace(streams.geminiText, 1, {
      data: { candidates: [{ content: { parts: [{ text: 7 }] } }] },
    });
    expect(gemini.check(eventsOf(bad), true)).toEqual({
      index: 1,
      rule: 'the schema of a GenerateContentResponse',
      expected: 'candidates[0].content.parts[0].text: a string',
      received: '7',
    });
  });
});

describe('detectProtocol', () => {
  it('tells each provider from its first event', () => {
    expect(detectProtocol(eventsOf(streams.openaiChatText))?.name).toBe('openaiChat');
    expect(detectProtocol(eventsOf(streams.openaiResponsesText))?.name).toBe('openaiResponses');
    expect(detectProtocol(eventsOf(streams.anthropicText))?.name).toBe('anthropic');
    expect(detectProtocol(eventsOf(streams.geminiText))?.name).toBe('gemini');
    expect(llmProtocols.map((protocol) => protocol.name)).toEqual([
      'openaiResponses',
      'anthropic',
      'openaiChat',
      'gemini',
    ]);
  });

  it('tells none from a stream of another kind, or from no events', () => {
    expect(
      detectProtocol(eventsOf([{ event: 'price', data: { symbol: 'ACME', price: 1 } }])),
    ).toBeUndefined();
    expect(detectProtocol(eventsOf([{ data: 'hello' }]))).toBeUndefined();
    expect(detectProtocol([])).toBeUndefined();
  });

  it('no protocol accepts another provider’s stream', () => {
    const all = {
      openaiChat: streams.openaiChatText,
      openaiResponses: streams.openaiResponsesText,
      anthropic: streams.anthropicText,
      gemini: streams.geminiText,
    };
    for (const protocol of llmProtocols)
      for (const [name, messages] of Object.entries(all))
        expect(protocol.check(eventsOf(messages), true) === undefined, `${protocol.name} on ${name}`).toBe(
          protocol.name === name,
        );
  });
});
