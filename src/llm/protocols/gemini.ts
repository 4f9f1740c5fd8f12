import type { SseEvent } from '../../client/event.ts';
import type { ContractViolation, LlmChunk, LlmProtocol, LlmToolCallDelta, LlmUsage } from '../protocol.ts';
import { afterEnd, conform, missingEnd, NOT_JSON, notJson, parse, record } from './rules.ts';
import { array, boolean, number, object, optional, string } from './schema.ts';

const part = object({
  text: optional(string),
  thought: optional(boolean),
  functionCall: optional(object({ name: string, id: optional(string), args: optional(object({})) })),
});

const response = object({
  candidates: optional(
    array(
      object({
        content: optional(object({ role: optional(string), parts: optional(array(part)) })),
        finishReason: optional(string),
        index: optional(number),
      }),
    ),
  ),
  promptFeedback: optional(object({ blockReason: optional(string) })),
  usageMetadata: optional(
    object({
      promptTokenCount: optional(number),
      candidatesTokenCount: optional(number),
      thoughtsTokenCount: optional(number),
      totalTokenCount: optional(number),
    }),
  ),
  modelVersion: optional(string),
});

const error = object({
  error: object({ code: optional(number), message: string, status: optional(string) }),
});

interface Part {
  text?: string;
  thought?: boolean;
  functionCall?: { name: string; id?: string; args?: object };
}
interface Data {
  candidates?: { content?: { parts?: Part[] }; finishReason?: string }[];
  promptFeedback?: { blockReason?: string };
  usageMetadata?: {
    promptTokenCount?: number;
    candidatesTokenCount?: number;
    thoughtsTokenCount?: number;
    totalTokenCount?: number;
  };
  error?: { message: string; status?: string };
}

function check(events: readonly SseEvent[], ended: boolean): ContractViolation | undefined {
  let end: { event: SseEvent; what: string } | undefined;
  for (const event of events) {
    const parsed = parse(event);
    const data = parsed as Data;
    // After the finishReason chunk, a chunk with nothing but usage still belongs to the answer.
    const usageOnly = parsed !== NOT_JSON && !data?.candidates?.some((c) => c.content?.parts?.length);
    if (end && !(end.what === 'the finishReason' && usageOnly && !data?.error))
      return afterEnd(event, end.event, end.what);
    if (event.type !== 'message')
      return {
        index: event.index,
        rule: 'responses come without an event name',
        expected: 'no event: field (type message)',
        received: `event: ${event.type}`,
      };
    if (parsed === NOT_JSON) return notJson(event, 'a JSON GenerateContentResponse');
    const isError = typeof parsed === 'object' && parsed !== null && 'error' in parsed;
    const violation = conform(
      event,
      isError ? 'an error' : 'a GenerateContentResponse',
      isError ? error : response,
      parsed,
    );
    if (violation) return violation;
    if (isError) end = { event, what: 'an error' };
    else if (data.candidates?.some((c) => c.finishReason)) end ??= { event, what: 'the finishReason' };
    else if (data.promptFeedback?.blockReason) end = { event, what: 'a blocked prompt' };
  }
  if (ended && !end)
    return missingEnd(
      events,
      'the last response has a finishReason',
      'a response with candidates[].finishReason (or promptFeedback.blockReason)',
    );
  return undefined;
}

function readUsage(usage: NonNullable<Data['usageMetadata']>): LlmUsage {
  const { candidatesTokenCount: candidates, thoughtsTokenCount: thoughts } = usage;
  return {
    inputTokens: usage.promptTokenCount,
    // candidatesTokenCount leaves the thoughts out; OpenAI's and Anthropic's output counts include them.
    outputTokens:
      candidates === undefined && thoughts === undefined ? undefined : (candidates ?? 0) + (thoughts ?? 0),
    reasoningTokens: thoughts,
    totalTokens: usage.totalTokenCount,
  };
}

function read(event: SseEvent): LlmChunk {
  const data = record(event) as Data | undefined;
  if (!data) return {};
  if (data.error)
    return { error: { type: data.error.status, message: String(data.error.message) }, finishReason: 'error' };
  const candidate = data.candidates?.[0];
  const parts = candidate?.content?.parts ?? [];
  const texts = parts.filter((p) => typeof p.text === 'string');
  const calls = parts.filter((p) => p.functionCall);
  const toolCalls = calls.map(
    (p, k): LlmToolCallDelta => ({
      // A call comes whole, in one event: an index of its own per event keeps two events' calls apart
      // (read() sees one event, so it cannot count the calls before it).
      index: event.index * 1_000 + k,
      id: p.functionCall?.id,
      name: p.functionCall?.name,
      arguments: JSON.stringify(p.functionCall?.args ?? {}),
    }),
  );
  const answer = texts.filter((p) => !p.thought);
  const thoughts = texts.filter((p) => p.thought);
  const finishReason = candidate?.finishReason ?? data.promptFeedback?.blockReason;
  return {
    ...(answer.length > 0 && { text: answer.map((p) => p.text).join('') }),
    ...(thoughts.length > 0 && { reasoning: thoughts.map((p) => p.text).join('') }),
    ...(toolCalls.length > 0 && { toolCalls }),
    ...(finishReason && { finishReason }),
    ...(data.usageMetadata && { usage: readUsage(data.usageMetadata) }),
  };
}

/**
 * Gemini `streamGenerateContent?alt=sse`: unnamed events, each a whole GenerateContentResponse
 * (`candidates[].content.parts[]`: `text`, `thought: true` parts as reasoning, `functionCall` parts
 * as whole tool calls), with a cumulative `usageMetadata`. No `[DONE]` and no terminal event: the
 * stream ends after the response with a `finishReason`. Output tokens are `candidatesTokenCount` plus
 * `thoughtsTokenCount`.
 *
 * @example
 * await expect(stream).toFollowProtocol(gemini);
 */
export const gemini: LlmProtocol = {
  name: 'gemini',
  check,
  read,
  detect(events) {
    const first = events[0];
    const data = record(first);
    if (first?.type !== 'message' || !data || 'choices' in data) return false;
    return Array.isArray(data.candidates) || 'usageMetadata' in data || 'promptFeedback' in data;
  },
};
