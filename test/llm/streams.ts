import { SseEvent } from '../../src/client/event.ts';
import type { SseServer } from '../../src/server.ts';

/**
 * Providers' streams as their docs show them (ids, models and numbers shortened), one message per
 * event: `event` is the SSE event name (none for unnamed events), `data` is sent as JSON unless it
 * is a string.
 */
export interface Message {
  event?: string;
  data: unknown;
}

/** The events a client would dispatch for these messages, without a server. */
export function eventsOf(messages: readonly Message[]): SseEvent[] {
  return messages.map(
    ({ event, data }, index) =>
      new SseEvent(
        event ?? 'message',
        typeof data === 'string' ? data : JSON.stringify(data),
        '',
        undefined,
        index,
        index * 10,
      ),
  );
}

/** Serves the messages on `path`, in order, then ends the response. */
export function serve(server: SseServer, messages: readonly Message[], path = '/s'): void {
  server.route(path, async (sse) => {
    for (const { event, data } of messages) await sse.send(event === undefined ? { data } : { event, data });
  });
}

const chunk = (delta: object, finish: string | null = null, extra: object = {}) => ({
  data: {
    id: 'chatcmpl-123',
    object: 'chat.completion.chunk',
    created: 1_694_268_190,
    model: 'gpt-4o-mini',
    system_fingerprint: 'fp_44709d6fcb',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    usage: null,
    obfuscation: 'q2Gk',
    ...extra,
  },
});

/** OpenAI chat with `stream_options: { include_usage: true }`: role chunk, content, finish, usage chunk, [DONE]. */
export const openaiChatText: Message[] = [
  chunk({ role: 'assistant', content: '', refusal: null }),
  chunk({ content: 'Hello' }),
  chunk({ content: '!' }),
  chunk({}, 'stop'),
  chunk({}, null, {
    choices: [],
    usage: {
      prompt_tokens: 9,
      completion_tokens: 12,
      total_tokens: 21,
      completion_tokens_details: { reasoning_tokens: 4 },
    },
  }),
  { data: '[DONE]' },
];

/** OpenAI chat calling a tool: the role chunk's `content` is null, the arguments come in pieces. */
export const openaiChatTool: Message[] = [
  chunk({
    role: 'assistant',
    content: null,
    tool_calls: [
      { index: 0, id: 'call_abc', type: 'function', function: { name: 'get_weather', arguments: '' } },
    ],
  }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '{"location"' } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: ':"Paris"}' } }] }),
  chunk({}, 'tool_calls'),
  { data: '[DONE]' },
];

const responseObject = (status: string, usage: object | null = null) => ({
  id: 'resp_67c9',
  object: 'response',
  created_at: 1_741_290_958,
  status,
  model: 'gpt-5-mini',
  output: [],
  usage,
});

/** Numbers `sequence_number` from 0 and names each event after its type, as the Responses API does. */
function responses(events: readonly object[]): Message[] {
  return events.map((data, sequence) => {
    const typed = data as { type: string };
    return { event: typed.type, data: { ...typed, sequence_number: sequence } };
  });
}

/** OpenAI Responses: a reasoning summary, then the answer, then `response.completed` with usage. */
export const openaiResponsesText: Message[] = responses([
  { type: 'response.created', response: responseObject('in_progress') },
  { type: 'response.in_progress', response: responseObject('in_progress') },
  {
    type: 'response.output_item.added',
    output_index: 0,
    item: { id: 'rs_1', type: 'reasoning', summary: [] },
  },
  {
    type: 'response.reasoning_summary_part.added',
    item_id: 'rs_1',
    output_index: 0,
    summary_index: 0,
    part: { type: 'summary_text', text: '' },
  },
  {
    type: 'response.reasoning_summary_text.delta',
    item_id: 'rs_1',
    output_index: 0,
    summary_index: 0,
    delta: 'Greeting',
  },
  {
    type: 'response.reasoning_summary_text.done',
    item_id: 'rs_1',
    output_index: 0,
    summary_index: 0,
    text: 'Greeting',
  },
  {
    type: 'response.output_item.done',
    output_index: 0,
    item: { id: 'rs_1', type: 'reasoning', summary: [] },
  },
  {
    type: 'response.output_item.added',
    output_index: 1,
    item: { id: 'msg_1', type: 'message', status: 'in_progress', role: 'assistant', content: [] },
  },
  {
    type: 'response.content_part.added',
    item_id: 'msg_1',
    output_index: 1,
    content_index: 0,
    part: { type: 'output_text', text: '', annotations: [] },
  },
  {
    type: 'response.output_text.delta',
    item_id: 'msg_1',
    output_index: 1,
    content_index: 0,
    delta: 'Hi',
    logprobs: [],
    obfuscation: 'xY',
  },
  {
    type: 'response.output_text.delta',
    item_id: 'msg_1',
    output_index: 1,
    content_index: 0,
    delta: ' there',
    logprobs: [],
  },
  {
    type: 'response.output_text.done',
    item_id: 'msg_1',
    output_index: 1,
    content_index: 0,
    text: 'Hi there',
    logprobs: [],
  },
  {
    type: 'response.content_part.done',
    item_id: 'msg_1',
    output_index: 1,
    content_index: 0,
    part: { type: 'output_text', text: 'Hi there', annotations: [] },
  },
  {
    type: 'response.output_item.done',
    output_index: 1,
    item: { id: 'msg_1', type: 'message', status: 'completed', role: 'assistant', content: [] },
  },
  {
    type: 'response.completed',
    response: responseObject('completed', {
      input_tokens: 36,
      output_tokens: 87,
      total_tokens: 123,
      output_tokens_details: { reasoning_tokens: 64 },
    }),
  },
]);

const call = {
  id: 'fc_1',
  type: 'function_call',
  status: 'in_progress',
  call_id: 'call_abc',
  name: 'get_weather',
};

/** OpenAI Responses calling a function: the item, its argument deltas, then `response.completed`. */
export const openaiResponsesTool: Message[] = responses([
  { type: 'response.created', response: responseObject('in_progress') },
  { type: 'response.output_item.added', output_index: 0, item: { ...call, arguments: '' } },
  { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 0, delta: '{"location"' },
  { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 0, delta: ':"Paris"}' },
  {
    type: 'response.function_call_arguments.done',
    item_id: 'fc_1',
    output_index: 0,
    arguments: '{"location":"Paris"}',
  },
  {
    type: 'response.output_item.done',
    output_index: 0,
    item: { ...call, status: 'completed', arguments: '{"location":"Paris"}' },
  },
  { type: 'response.completed', response: responseObject('completed') },
]);

/** Names each event after its data's type, as Anthropic does. */
function named(events: readonly object[]): Message[] {
  return events.map((data) => ({ event: (data as { type: string }).type, data }));
}

const messageStart = {
  type: 'message_start',
  message: {
    id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY',
    type: 'message',
    role: 'assistant',
    content: [],
    model: 'claude-sonnet-4-5',
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 25, output_tokens: 1 },
  },
};

/** Anthropic's basic streaming example: one text block, a ping, `message_delta`, `message_stop`. */
export const anthropicText: Message[] = named([
  messageStart,
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'ping' },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: '!' } },
  { type: 'content_block_stop', index: 0 },
  {
    type: 'message_delta',
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { output_tokens: 15 },
  },
  { type: 'message_stop' },
]);

/** Anthropic with extended thinking and a tool call: thinking, text, then a tool_use block. */
export const anthropicTool: Message[] = named([
  messageStart,
  { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
  {
    type: 'content_block_delta',
    index: 0,
    delta: { type: 'thinking_delta', thinking: 'Weather: use the tool.' },
  },
  {
    type: 'content_block_delta',
    index: 0,
    delta: { type: 'signature_delta', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA' },
  },
  { type: 'content_block_stop', index: 0 },
  { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Let me check.' } },
  { type: 'content_block_stop', index: 1 },
  {
    type: 'content_block_start',
    index: 2,
    content_block: { type: 'tool_use', id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', input: {} },
  },
  { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '' } },
  {
    type: 'content_block_delta',
    index: 2,
    delta: { type: 'input_json_delta', partial_json: '{"location": "Pa' },
  },
  { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: 'ris"}' } },
  { type: 'content_block_stop', index: 2 },
  {
    type: 'message_delta',
    delta: { stop_reason: 'tool_use', stop_sequence: null },
    usage: { output_tokens: 60 },
  },
  { type: 'message_delta', delta: {}, usage: { output_tokens: 89 } },
  { type: 'message_stop' },
]);

/** Anthropic overloaded mid-answer: an `error` event and no `message_stop`. */
export const anthropicOverloaded: Message[] = named([
  messageStart,
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } },
  { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
]);

const candidate = (parts: object[], finishReason?: string) => ({
  content: { parts, role: 'model' },
  index: 0,
  ...(finishReason && { finishReason }),
});

/** Gemini `alt=sse` with thinking: a thought, the answer in two responses, the last with `finishReason`. */
export const geminiText: Message[] = [
  {
    data: {
      candidates: [candidate([{ text: 'The user asks about the sky.', thought: true }])],
      usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 },
      modelVersion: 'gemini-2.5-flash',
      responseId: 'mCPNaP2yBv6Vz7IPq8ewmQ4',
    },
  },
  {
    data: {
      candidates: [candidate([{ text: 'The sky' }])],
      usageMetadata: {
        promptTokenCount: 9,
        candidatesTokenCount: 2,
        thoughtsTokenCount: 30,
        totalTokenCount: 41,
      },
      modelVersion: 'gemini-2.5-flash',
    },
  },
  {
    data: {
      candidates: [candidate([{ text: ' is blue.' }], 'STOP')],
      usageMetadata: {
        promptTokenCount: 9,
        candidatesTokenCount: 5,
        thoughtsTokenCount: 30,
        totalTokenCount: 44,
      },
      modelVersion: 'gemini-2.5-flash',
    },
  },
];

/** Gemini calling a function: the call comes whole, with its arguments as an object. */
export const geminiTool: Message[] = [
  {
    data: {
      candidates: [
        candidate([{ functionCall: { name: 'get_weather', args: { location: 'Paris' } } }], 'STOP'),
      ],
      usageMetadata: { promptTokenCount: 20, candidatesTokenCount: 6, totalTokenCount: 26 },
    },
  },
];
