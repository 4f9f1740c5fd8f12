import type { SseEvent } from '../client/event.ts';

/** Token counts as a provider reports them, in one vocabulary (see docs/llm.md for each provider's names). */
export interface LlmUsage {
  /** Prompt tokens. */
  readonly inputTokens?: number | undefined;
  /** Generated tokens, reasoning included (Gemini: candidates + thoughts). */
  readonly outputTokens?: number | undefined;
  /** The part of `outputTokens` spent on reasoning, when the provider says. */
  readonly reasoningTokens?: number | undefined;
  readonly totalTokens?: number | undefined;
}

/** A tool call's piece carried by one event; pieces with the same `index` add up to one call. */
export interface LlmToolCallDelta {
  /** Position of the call in the answer (OpenAI's `index`, Anthropic's content block index). */
  readonly index: number;
  readonly id?: string | undefined;
  readonly name?: string | undefined;
  /** More of the arguments' JSON text, appended to what came before. */
  readonly arguments?: string | undefined;
}

/**
 * What one event of an LLM stream means, whatever the provider's shape: the protocol's `read()`
 * turns each event into this, and `llm()`'s view, the metrics and the matchers only ever read these.
 */
export interface LlmChunk {
  /** Answer text added by this event (may be `''`: a chunk with empty content). */
  readonly text?: string | undefined;
  /** Reasoning ("thinking") text added by this event. */
  readonly reasoning?: string | undefined;
  readonly toolCalls?: readonly LlmToolCallDelta[] | undefined;
  /** The provider's own word for why generation stopped (`'stop'`, `'end_turn'`, `'STOP'`, `'completed'`...). */
  readonly finishReason?: string | undefined;
  /**
   * Usage as of this event: each count given replaces the earlier one, never added to it; a count
   * left out keeps its earlier value (Anthropic's `message_delta` carries `output_tokens` alone, its
   * `input_tokens` came in `message_start`).
   */
  readonly usage?: LlmUsage | undefined;
  /** The provider's terminal event (`[DONE]`, `message_stop`, `response.completed`). */
  readonly end?: boolean | undefined;
  /** An error the stream reported in band (`overloaded_error`, a `response.failed`). */
  readonly error?: { readonly type?: string | undefined; readonly message: string } | undefined;
}

/**
 * The first place a stream broke its contract: which event (by index; undefined when the problem is
 * at the end, such as a missing terminal event), the rule, what was expected there, and what came.
 */
export interface ContractViolation {
  readonly index: number | undefined;
  /** The rule, in words: `'message_start comes first'`, `'schema of content_block_delta'`. */
  readonly rule: string;
  /** What was expected at that place. */
  readonly expected: string;
  /** What came instead, short (an event type, a schema error's path and message). */
  readonly received?: string | undefined;
}

/** Something a stream can follow: a provider protocol, or a contract of the user's own. */
export interface StreamContract {
  /** Shown in messages: `'openaiChat'`, `'your contract'`. */
  readonly name: string;
  /**
   * Checks event order and every event's schema over the events so far; `ended` says the stream has
   * stopped, so a missing terminal event counts.
   *
   * @returns The first violation, or undefined when the events so far follow the contract.
   */
  check(events: readonly SseEvent[], ended: boolean): ContractViolation | undefined;
}

/** The names of the providers' protocols `sse-test/llm` knows. */
export type LlmProtocolName = 'openaiChat' | 'openaiResponses' | 'anthropic' | 'gemini';

/** A provider's streaming protocol: a grammar of event order, a schema per event type, and a reading of each event. */
export interface LlmProtocol extends StreamContract {
  readonly name: LlmProtocolName;
  /** Whether the stream's first events look like this protocol (for `llm(stream)` without one). */
  detect(events: readonly SseEvent[]): boolean;
  /** What the event means; an event that carries nothing (a ping, `[DONE]`'s neighbours) reads as `{}` or `{ end }`. */
  read(event: SseEvent): LlmChunk;
}
