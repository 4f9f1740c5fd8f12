import type { SseEvent } from '../../client/event.ts';
import type { ContractViolation, LlmChunk, LlmProtocol, LlmToolCallDelta, LlmUsage } from '../protocol.ts';
import { afterEnd, conform, missingEnd, NOT_JSON, notJson, parse, record } from './rules.ts';
import { array, nullable, number, object, optional, string } from './schema.ts';

const usage = object({
  prompt_tokens: number,
  completion_tokens: number,
  total_tokens: number,
  completion_tokens_details: optional(nullable(object({ reasoning_tokens: optional(number) }))),
});

const toolCall = object({
  index: number,
  id: optional(string),
  type: optional(string),
  function: optional(object({ name: optional(string), arguments: optional(string) })),
});

// The docs' chunk; `id`, `created` and `model` are always there from OpenAI, but compatible servers
// (and Azure's prompt-filter chunk, with `object: ""`) are looser, so only what a reader needs is required.
const chunk = object({
  id: optional(string),
  object: optional(string),
  model: optional(string),
  choices: array(
    object({
      index: number,
      delta: object({
        role: optional(nullable(string)),
        // The role-only first chunk carries `content: ""` or `null`.
        content: optional(nullable(string)),
        refusal: optional(nullable(string)),
        tool_calls: optional(array(toolCall)),
      }),
      finish_reason: optional(nullable(string)),
    }),
  ),
  usage: optional(nullable(usage)),
});

const error = object({ error: object({ message: string, type: optional(nullable(string)) }) });

const DONE = '[DONE]';

interface Chunk {
  choices?: {
    index?: number;
    delta?: {
      content?: string | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
      tool_calls?: { index: number; id?: string; function?: { name?: string; arguments?: string } }[];
    };
    finish_reason?: string | null;
  }[];
  usage?: {
    prompt_tokens?: number;
    completion_tokens?: number;
    total_tokens?: number;
    completion_tokens_details?: { reasoning_tokens?: number } | null;
  } | null;
  error?: { message?: unknown; type?: unknown };
}

function check(events: readonly SseEvent[], ended: boolean): ContractViolation | undefined {
  let end: { event: SseEvent; what: string } | undefined;
  let usageChunk: SseEvent | undefined;
  const finished = new Set<number>();
  for (const event of events) {
    if (end && !(end.what === 'an error' && event.data === DONE)) return afterEnd(event, end.event, end.what);
    if (event.type !== 'message' && event.type !== 'error')
      return {
        index: event.index,
        rule: 'chunks come without an event name',
        expected: 'no event: field (type message)',
        received: `event: ${event.type}`,
      };
    if (event.data === DONE) {
      end = { event, what: '[DONE]' };
      continue;
    }
    const data = parse(event);
    if (data === NOT_JSON) return notJson(event, 'a JSON chunk or data: [DONE]');
    if (typeof data === 'object' && data !== null && 'error' in data) {
      const violation = conform(event, 'an error', error, data);
      if (violation) return violation;
      end = { event, what: 'an error' };
      continue;
    }
    const violation = conform(event, 'a chunk', chunk, data);
    if (violation) return violation;
    const { choices = [], usage } = data as Chunk;
    if (usageChunk)
      return {
        index: event.index,
        rule: 'the usage chunk is the last before [DONE]',
        expected: `data: [DONE] after the usage chunk #${usageChunk.index}`,
        received: 'another chunk',
      };
    if (choices.length === 0 && usage) usageChunk = event;
    for (const [position, choice] of choices.entries()) {
      const index = choice.index ?? position;
      const delta = choice.delta ?? {};
      const carries = !!delta.content || !!delta.tool_calls?.length || !!delta.reasoning_content;
      if (carries && finished.has(index))
        return {
          index: event.index,
          rule: 'a choice sends nothing after its finish_reason',
          expected: `no more content for choice ${index}`,
          received: delta.tool_calls?.length ? 'tool_calls' : 'content',
        };
      if (choice.finish_reason) finished.add(index);
    }
  }
  if (ended && !end) return missingEnd(events, '[DONE] ends the stream', 'data: [DONE] after the last chunk');
  return undefined;
}

function readUsage(usage: NonNullable<Chunk['usage']>): LlmUsage {
  return {
    inputTokens: usage.prompt_tokens,
    outputTokens: usage.completion_tokens,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens,
    totalTokens: usage.total_tokens,
  };
}

function read(event: SseEvent): LlmChunk {
  if (event.data === DONE) return { end: true };
  const data = record(event) as Chunk | undefined;
  if (!data) return {};
  if (data.error)
    return {
      error: {
        type: typeof data.error.type === 'string' ? data.error.type : undefined,
        message: String(data.error.message),
      },
      finishReason: 'error',
    };
  // One answer is read: the first choice (n > 1 is rare in streams, and the view holds one text).
  const choice = data.choices?.find((c) => (c.index ?? 0) === 0) ?? data.choices?.[0];
  const delta = choice?.delta;
  const reasoning = delta?.reasoning_content ?? delta?.reasoning;
  const toolCalls = delta?.tool_calls?.map(
    (call): LlmToolCallDelta => ({
      index: call.index,
      id: call.id,
      name: call.function?.name,
      arguments: call.function?.arguments,
    }),
  );
  return {
    ...(typeof delta?.content === 'string' && { text: delta.content }),
    ...(typeof reasoning === 'string' && { reasoning }),
    ...(toolCalls?.length && { toolCalls }),
    ...(choice?.finish_reason && { finishReason: choice.finish_reason }),
    ...(data.usage && { usage: readUsage(data.usage) }),
  };
}

/**
 * OpenAI Chat Completions with `stream: true`: unnamed events, each a `chat.completion.chunk` with
 * `choices[].delta` (the first one role-only), a `finish_reason`, the usage chunk with empty
 * `choices` when `stream_options.include_usage` asks for it, then `data: [DONE]`. An error object
 * (`{ error: { message, type } }`) ends it too. DeepSeek's and vLLM's `reasoning_content` reads as
 * reasoning.
 *
 * @example
 * await expect(stream).toFollowProtocol(openaiChat);
 */
export const openaiChat: LlmProtocol = {
  name: 'openaiChat',
  check,
  read,
  detect(events) {
    const first = events[0];
    if (first?.type !== 'message') return false;
    const data = record(first);
    return Array.isArray(data?.choices) || data?.object === 'chat.completion.chunk' || isError(data);
  },
};

function isError(data: Record<string, unknown> | undefined): boolean {
  return !!data && data.type === undefined && typeof data.error === 'object' && data.error !== null;
}
