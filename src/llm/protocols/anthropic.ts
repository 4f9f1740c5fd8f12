import type { SseEvent } from '../../client/event.ts';
import type { ContractViolation, LlmChunk, LlmProtocol, LlmUsage } from '../protocol.ts';
import { afterEnd, conform, missingEnd, NOT_JSON, notJson, parse, record } from './rules.ts';
import {
  array,
  literal,
  nullable,
  number,
  object,
  optional,
  type Schema,
  string,
  variant,
} from './schema.ts';

// The docs' own examples leave `usage` out of some events, so no field of it is required.
const usage = optional(
  object({
    input_tokens: optional(nullable(number)),
    output_tokens: optional(nullable(number)),
    cache_creation_input_tokens: optional(nullable(number)),
    cache_read_input_tokens: optional(nullable(number)),
  }),
);

const blocks = {
  text: object({ text: string }),
  tool_use: object({ id: string, name: string }),
  server_tool_use: object({ id: string, name: string }),
  thinking: object({ thinking: string }),
  redacted_thinking: object({ data: string }),
};

// Which deltas each block takes; a block kind not listed here (a new server tool's) takes any.
const deltasOf: Readonly<Record<string, readonly string[]>> = {
  text: ['text_delta', 'citations_delta'],
  tool_use: ['input_json_delta'],
  server_tool_use: ['input_json_delta'],
  thinking: ['thinking_delta', 'signature_delta'],
  redacted_thinking: [],
};

const schemas: Readonly<Record<string, Schema>> = {
  message_start: object({
    message: object({
      id: string,
      type: literal('message'),
      role: literal('assistant'),
      content: array(object({ type: string })),
      model: string,
      usage,
    }),
  }),
  content_block_start: object({ index: number, content_block: variant('type', blocks, { open: true }) }),
  content_block_delta: object({
    index: number,
    delta: variant('type', {
      text_delta: object({ text: string }),
      input_json_delta: object({ partial_json: string }),
      thinking_delta: object({ thinking: string }),
      signature_delta: object({ signature: string }),
      citations_delta: object({ citation: object({}) }),
    }),
  }),
  content_block_stop: object({ index: number }),
  message_delta: object({
    delta: object({ stop_reason: optional(nullable(string)), stop_sequence: optional(nullable(string)) }),
    usage,
  }),
  message_stop: object({}),
  ping: object({}),
  error: object({ error: object({ type: string, message: string }) }),
};

const TYPES = Object.keys(schemas);

interface Data {
  type: string;
  index?: number;
  message?: { usage?: Usage };
  content_block?: { type: string; id?: string; name?: string; text?: string };
  delta?: {
    type?: string;
    text?: string;
    thinking?: string;
    partial_json?: string;
    stop_reason?: string | null;
  };
  usage?: Usage;
  error?: { type: string; message: string };
}
type Usage = { input_tokens?: number | null; output_tokens?: number | null };

/** Reads the events in order and returns the first that breaks the grammar (or a schema). */
function check(events: readonly SseEvent[], ended: boolean): ContractViolation | undefined {
  let started = false;
  let blockCount = 0;
  let open: { index: number; kind: string } | undefined;
  let deltas = 0;
  let end: { event: SseEvent; what: string } | undefined;
  const order = (event: SseEvent, rule: string, expected: string, received: string): ContractViolation => ({
    index: event.index,
    rule,
    expected,
    received,
  });
  for (const event of events) {
    if (end) return afterEnd(event, end.event, end.what);
    if (!TYPES.includes(event.type))
      return order(
        event,
        'a Messages stream event type',
        `one of ${TYPES.join(', ')}`,
        `event: ${event.type}`,
      );
    const parsed = parse(event);
    if (parsed === NOT_JSON) return notJson(event, `a JSON ${event.type} event`);
    const violation = conform(event, event.type, schemas[event.type] as Schema, parsed);
    if (violation) return violation;
    const data = parsed as Data;
    if (data.type !== event.type)
      return order(event, 'the event name is the data’s type', `type: "${event.type}"`, show(data.type));
    const index = data.index ?? -1;
    switch (event.type) {
      case 'ping':
        break;
      case 'error':
        end = { event, what: 'an error' };
        break;
      case 'message_start':
        if (started)
          return order(event, 'message_start comes once', 'no second message_start', 'message_start');
        started = true;
        break;
      default:
        if (!started) return order(event, 'message_start comes first', 'message_start', event.type);
    }
    switch (event.type) {
      case 'content_block_start':
        if (deltas > 0)
          return order(
            event,
            'content blocks come before message_delta',
            'message_delta or message_stop',
            'content_block_start',
          );
        if (open)
          return order(
            event,
            'a content block stops before the next starts',
            `content_block_stop for index ${open.index}`,
            `content_block_start for index ${index}`,
          );
        if (index !== blockCount)
          return order(
            event,
            'content blocks are numbered in order from 0',
            `index ${blockCount}`,
            `index ${index}`,
          );
        open = { index, kind: data.content_block?.type ?? '' };
        blockCount++;
        break;
      case 'content_block_delta':
      case 'content_block_stop': {
        if (open?.index !== index)
          return order(
            event,
            `${event.type} comes inside a content block`,
            open ? `index ${open.index}, the open block` : `content_block_start for index ${index} first`,
            `${event.type} for index ${index}`,
          );
        const allowed = deltasOf[open.kind];
        const type = data.delta?.type ?? '';
        if (event.type === 'content_block_delta' && allowed && !allowed.includes(type))
          return order(
            event,
            'a delta fits its block',
            `${allowed.join(' or ') || 'no delta'} in a ${open.kind} block`,
            type,
          );
        if (event.type === 'content_block_stop') open = undefined;
        break;
      }
      case 'message_delta':
        if (open)
          return order(
            event,
            'content blocks stop before message_delta',
            `content_block_stop for index ${open.index}`,
            'message_delta',
          );
        deltas++;
        break;
      case 'message_stop':
        if (deltas === 0)
          return order(event, 'message_delta comes before message_stop', 'message_delta', 'message_stop');
        end = { event, what: 'message_stop' };
        break;
    }
  }
  if (ended && !end) return missingEnd(events, 'message_stop ends the stream', 'message_stop (or an error)');
  return undefined;
}

function show(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

function readUsage(usage: Usage | undefined): LlmUsage | undefined {
  if (!usage) return undefined;
  const read = {
    ...(typeof usage.input_tokens === 'number' && { inputTokens: usage.input_tokens }),
    // Cumulative: message_delta's count is the total so far, not an increment.
    ...(typeof usage.output_tokens === 'number' && { outputTokens: usage.output_tokens }),
  };
  return Object.keys(read).length > 0 ? read : undefined;
}

function read(event: SseEvent): LlmChunk {
  const data = record(event) as Data | undefined;
  if (!data) return {};
  switch (data.type) {
    case 'message_start': {
      const usage = readUsage(data.message?.usage);
      return usage ? { usage } : {};
    }
    case 'content_block_start': {
      const block = data.content_block;
      if (block?.type === 'tool_use' || block?.type === 'server_tool_use')
        return { toolCalls: [{ index: data.index ?? 0, id: block.id, name: block.name }] };
      return block?.type === 'text' && block.text ? { text: block.text } : {};
    }
    case 'content_block_delta': {
      const delta = data.delta;
      if (delta?.type === 'text_delta') return { text: delta.text };
      if (delta?.type === 'thinking_delta') return { reasoning: delta.thinking };
      if (delta?.type === 'input_json_delta')
        return { toolCalls: [{ index: data.index ?? 0, arguments: delta.partial_json }] };
      return {};
    }
    case 'message_delta': {
      const usage = readUsage(data.usage);
      return {
        ...(data.delta?.stop_reason && { finishReason: data.delta.stop_reason }),
        ...(usage && { usage }),
      };
    }
    case 'message_stop':
      return { end: true };
    case 'error':
      return {
        error: { type: data.error?.type, message: String(data.error?.message) },
        finishReason: 'error',
      };
    default:
      return {};
  }
}

/**
 * Anthropic Messages with `stream: true`: `message_start`, then content blocks (`content_block_start`,
 * its `content_block_delta`s — `text_delta`, `input_json_delta`, `thinking_delta`, `signature_delta`
 * — and `content_block_stop`), one or more `message_delta` (`stop_reason`, cumulative
 * `usage.output_tokens`), then `message_stop`. `ping` may come anywhere; an `error` event
 * (`overloaded_error`) ends the stream instead of `message_stop`. Each event's name is its data's
 * `type`.
 *
 * @example
 * await expect(stream).toFollowProtocol(anthropic);
 */
export const anthropic: LlmProtocol = {
  name: 'anthropic',
  check,
  read,
  detect(events) {
    const first = events[0];
    if (first?.type === 'message_start') return true;
    const data = record(first);
    return first?.type === 'error' && data?.type === 'error' && typeof data.error === 'object';
  },
};
