import type { SseEvent } from '../../client/event.ts';
import type { LlmProtocol } from '../protocol.ts';
import { anthropic } from './anthropic.ts';
import { gemini } from './gemini.ts';
import { openaiChat } from './openai-chat.ts';
import { openaiResponses } from './openai-responses.ts';

export { anthropic, gemini, openaiChat, openaiResponses };

/** The providers' protocols sse-test knows, in the order {@link detectProtocol} tries them. */
export const llmProtocols: readonly LlmProtocol[] = [openaiResponses, anthropic, openaiChat, gemini];

/**
 * The protocol the stream's first events look like, or undefined when none does (or no event came
 * yet). Each protocol decides from its first event: a `response.*` type with a `sequence_number`
 * (Responses), `message_start` (Anthropic), `choices` (OpenAI chat), `candidates` (Gemini).
 *
 * @example
 * detectProtocol(stream.events)?.name; // 'anthropic'
 */
export function detectProtocol(events: readonly SseEvent[]): LlmProtocol | undefined {
  return llmProtocols.find((protocol) => protocol.detect(events));
}
