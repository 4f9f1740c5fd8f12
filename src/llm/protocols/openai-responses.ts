import type { SseEvent } from '../../client/event.ts';
import type { ContractViolation, LlmChunk, LlmProtocol, LlmUsage } from '../protocol.ts';
import { afterEnd, conform, missingEnd, NOT_JSON, notJson, parse, record } from './rules.ts';
import { nullable, number, object, optional, type Schema, string, variant } from './schema.ts';

const usage = object({
  input_tokens: number,
  output_tokens: number,
  total_tokens: number,
  output_tokens_details: optional(nullable(object({ reasoning_tokens: optional(number) }))),
});

const response = object({
  response: object({
    id: string,
    status: optional(string),
    usage: optional(nullable(usage)),
    error: optional(nullable(object({ code: optional(nullable(string)), message: string }))),
  }),
});

const item = object({
  output_index: number,
  item: variant(
    'type',
    { function_call: object({ id: optional(string), call_id: string, name: string, arguments: string }) },
    { open: true },
  ),
});
const part = object({
  item_id: string,
  output_index: number,
  content_index: number,
  part: object({ type: string }),
});
const delta = (more: Record<string, Schema> = {}) =>
  object({ item_id: string, output_index: number, delta: string, ...more });
const done = (field: string) => object({ item_id: string, output_index: number, [field]: string });
const any = object({});

const TERMINAL = ['response.completed', 'response.incomplete', 'response.failed'];

// Every type the API reference lists; the ones a reader of text, reasoning and tool calls needs have
// a schema of their own, the rest (hosted tools' progress) only the fields all events carry.
const schemas: Readonly<Record<string, Schema>> = {
  'response.created': response,
  'response.queued': response,
  'response.in_progress': response,
  'response.completed': response,
  'response.incomplete': response,
  'response.failed': response,
  'response.output_item.added': item,
  'response.output_item.done': item,
  'response.content_part.added': part,
  'response.content_part.done': part,
  'response.output_text.delta': delta({ content_index: number }),
  'response.output_text.done': done('text'),
  'response.output_text.annotation.added': any,
  'response.refusal.delta': delta({ content_index: number }),
  'response.refusal.done': done('refusal'),
  'response.function_call_arguments.delta': delta(),
  'response.function_call_arguments.done': done('arguments'),
  'response.reasoning_summary_part.added': any,
  'response.reasoning_summary_part.done': any,
  'response.reasoning_summary_text.delta': delta({ summary_index: number }),
  'response.reasoning_summary_text.done': done('text'),
  'response.reasoning_text.delta': delta({ content_index: number }),
  'response.reasoning_text.done': done('text'),
  'response.custom_tool_call_input.delta': delta(),
  'response.custom_tool_call_input.done': any,
  'response.mcp_call_arguments.delta': delta(),
  'response.mcp_call_arguments.done': any,
  'response.code_interpreter_call_code.delta': delta(),
  'response.code_interpreter_call_code.done': any,
  ...Object.fromEntries(
    [
      'file_search_call.in_progress',
      'file_search_call.searching',
      'file_search_call.completed',
      'web_search_call.in_progress',
      'web_search_call.searching',
      'web_search_call.completed',
      'image_generation_call.in_progress',
      'image_generation_call.generating',
      'image_generation_call.partial_image',
      'image_generation_call.completed',
      'code_interpreter_call.in_progress',
      'code_interpreter_call.interpreting',
      'code_interpreter_call.completed',
      'mcp_call.in_progress',
      'mcp_call.completed',
      'mcp_call.failed',
      'mcp_list_tools.in_progress',
      'mcp_list_tools.completed',
      'mcp_list_tools.failed',
    ].map((type) => [`response.${type}`, any]),
  ),
  error: object({ message: string, code: optional(nullable(string)), param: optional(nullable(string)) }),
};

const base = object({ type: string, sequence_number: number });

interface Data {
  type: string;
  sequence_number: number;
  output_index?: number;
  item_id?: string;
  delta?: string;
  item?: { type: string; id?: string; call_id?: string; name?: string; arguments?: string };
  response?: {
    status?: string;
    usage?: {
      input_tokens: number;
      output_tokens: number;
      total_tokens: number;
      output_tokens_details?: { reasoning_tokens?: number } | null;
    } | null;
    error?: { code?: string | null; message: string } | null;
  };
  code?: string | null;
  message?: string;
}

// Events that belong to an output item, by `item_id`: they need the item added and not yet done.
const ITEM_EVENTS =
  /^response\.(content_part|output_text|refusal|function_call_arguments|reasoning_\w+|custom_tool_call_input)\./;

function check(events: readonly SseEvent[], ended: boolean): ContractViolation | undefined {
  let last: Data | undefined;
  let end: { event: SseEvent; what: string } | undefined;
  const items = new Map<string, 'open' | 'done'>();
  const order = (event: SseEvent, rule: string, expected: string, received: string): ContractViolation => ({
    index: event.index,
    rule,
    expected,
    received,
  });
  for (const event of events) {
    // An `error` event may still be followed by the response.failed that closes the response.
    if (end && !(end.what === 'the error event' && event.type === 'response.failed'))
      return afterEnd(event, end.event, end.what);
    const parsed = parse(event);
    if (parsed === NOT_JSON) return notJson(event, `a JSON ${event.type} event`);
    const violation = conform(event, 'an event', base, parsed);
    if (violation) return violation;
    const data = parsed as Data;
    if (event.type !== data.type)
      return order(event, 'the event name is the data’s type', `event: ${data.type}`, `event: ${event.type}`);
    const schema = schemas[data.type];
    if (!schema)
      return order(
        event,
        'a Responses API event type',
        'a type the API reference lists (response.created, response.output_text.delta, …)',
        `type: ${JSON.stringify(data.type)}`,
      );
    const invalid = conform(event, data.type, schema, data);
    if (invalid) return invalid;
    if (!last && data.type !== 'response.created' && data.type !== 'error')
      return order(event, 'response.created comes first', 'response.created', data.type);
    if (last && data.sequence_number <= last.sequence_number)
      return order(
        event,
        'sequence_number increases',
        `a sequence_number above ${last.sequence_number}`,
        String(data.sequence_number),
      );
    last = data;
    if (data.type === 'response.output_item.added' && data.item?.id) items.set(data.item.id, 'open');
    const id = data.type === 'response.output_item.done' ? data.item?.id : data.item_id;
    if (id !== undefined && (data.type === 'response.output_item.done' || ITEM_EVENTS.test(data.type))) {
      const state = items.get(id);
      if (state !== 'open')
        return order(
          event,
          state
            ? 'nothing comes for an item after its output_item.done'
            : 'an item is added before its events',
          state ? `no more events for item ${id}` : `response.output_item.added for item ${id} first`,
          `${data.type} for item ${id}`,
        );
      if (data.type === 'response.output_item.done') items.set(id, 'done');
    }
    if (TERMINAL.includes(data.type)) end = { event, what: data.type };
    else if (data.type === 'error') end = { event, what: 'the error event' };
  }
  if (ended && !end)
    return missingEnd(
      events,
      'a terminal event ends the stream',
      'response.completed, response.incomplete or response.failed (or an error event)',
    );
  return undefined;
}

function readUsage(usage: NonNullable<NonNullable<Data['response']>['usage']>): LlmUsage {
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    reasoningTokens: usage.output_tokens_details?.reasoning_tokens,
    totalTokens: usage.total_tokens,
  };
}

function read(event: SseEvent): LlmChunk {
  const data = record(event) as Data | undefined;
  if (!data) return {};
  switch (data.type) {
    case 'response.output_text.delta':
      return { text: data.delta };
    case 'response.reasoning_summary_text.delta':
    case 'response.reasoning_text.delta':
      return { reasoning: data.delta };
    case 'response.output_item.added': {
      const item = data.item;
      if (item?.type !== 'function_call') return {};
      return {
        toolCalls: [
          {
            index: data.output_index ?? 0,
            id: item.call_id,
            name: item.name,
            arguments: item.arguments || undefined,
          },
        ],
      };
    }
    case 'response.function_call_arguments.delta':
      return { toolCalls: [{ index: data.output_index ?? 0, arguments: data.delta }] };
    case 'response.completed':
    case 'response.incomplete':
    case 'response.failed': {
      const { status, usage, error } = data.response ?? {};
      return {
        // The finish reason is the terminal status; incomplete_details.reason says more, when wanted.
        finishReason: status ?? data.type.slice('response.'.length),
        ...(usage && { usage: readUsage(usage) }),
        ...(error && { error: { type: error.code ?? undefined, message: error.message } }),
        end: true,
      };
    }
    case 'error':
      return {
        error: { type: data.code ?? undefined, message: String(data.message) },
        finishReason: 'error',
      };
    default:
      return {};
  }
}

/**
 * OpenAI Responses with `stream: true`: typed events whose `event:` name equals the data's `type`,
 * with a strictly increasing `sequence_number`: `response.created` first, output items (messages,
 * reasoning, function calls) with their parts and deltas, then one terminal event,
 * `response.completed`, `response.incomplete` or `response.failed`, whose status is the finish reason
 * and whose `response.usage` the usage. A top-level `error` event may end it instead. No `[DONE]`.
 *
 * @example
 * await expect(stream).toFollowProtocol(openaiResponses);
 */
export const openaiResponses: LlmProtocol = {
  name: 'openaiResponses',
  check,
  read,
  detect(events) {
    const data = record(events[0]);
    return (
      typeof data?.sequence_number === 'number' &&
      typeof data.type === 'string' &&
      (data.type.startsWith('response.') || data.type === 'error')
    );
  },
};
