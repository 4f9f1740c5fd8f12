import type { SseStream } from '../client/stream.ts';
import { llm } from '../llm/llm.ts';
import type { LlmProtocol, LlmProtocolName } from '../llm/protocol.ts';
import type { FirstTokenTrigger, LlmView } from '../llm/view.ts';
import { cut } from './print.ts';

/** Options every LLM matcher takes. */
export interface LlmMatcherOptions {
  /** Deadline in ms. Default: the runner's expect timeout (Playwright), else 5,000 (Vitest). */
  within?: number | undefined;
  /** The provider's protocol; default: detected from the first events. */
  protocol?: LlmProtocol | LlmProtocolName | undefined;
}

/** The view the LLM matchers read, and how its text reads in a message. */
export function viewOf(stream: SseStream, options: LlmMatcherOptions, trigger?: FirstTokenTrigger): LlmView {
  return llm(stream, options.protocol, trigger === undefined ? {} : { trigger });
}

/** `the openaiChat answer "Hel…" (3 chars)`, or why there is none yet. */
export function describeAnswer(view: LlmView): string {
  const protocol = view.protocol;
  if (!protocol)
    return 'no known LLM protocol in the first events (openaiChat, openaiResponses, anthropic, gemini)';
  const text = view.text;
  return `the ${protocol.name} answer ${JSON.stringify(cut(text, 200))} (${text.length} chars)`;
}
