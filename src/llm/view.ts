import type { SseEvent } from '../client/event.ts';
import type { SseStream } from '../client/stream.ts';
import type { LlmChunk, LlmProtocol, LlmUsage } from './protocol.ts';

/**
 * Which event counts as the first token (see docs/llm.md): `'answer'` (default) the first non-empty
 * answer text or tool call, `'content'` also reasoning, `'any'` the first event of any kind (vLLM's).
 */
export type FirstTokenTrigger = 'answer' | 'content' | 'any';

/** Options of `llm()`. */
export interface LlmViewOptions {
  /** What `timeToFirstToken` waits for; default `'answer'`. */
  trigger?: FirstTokenTrigger | undefined;
}

/** A tool call assembled from its deltas. */
export interface LlmToolCall {
  readonly index: number;
  readonly id: string | undefined;
  readonly name: string | undefined;
  /** The arguments' JSON text, as streamed (parse it with `JSON.parse`). */
  readonly arguments: string;
}

/** Output tokens, and where the count came from: the provider's `usage`, else one per content chunk. */
export interface LlmTokenCount {
  readonly count: number;
  readonly from: 'usage' | 'chunks';
}

/**
 * An LLM stream read through its protocol, live: every getter reflects the events received so far.
 * Times are ms from the request start, like `event.time`; each term is defined once in docs/llm.md.
 *
 * @example
 * const answer = llm(stream);
 * await expect(stream).toEnd();
 * expect(answer.text).toBe('Hello!');
 * expect(answer.timeToFirstToken).toBeLessThan(500);
 */
export class LlmView {
  readonly #stream: SseStream;
  readonly #detect: () => LlmProtocol | undefined;
  readonly #trigger: FirstTokenTrigger;
  #protocol: LlmProtocol | undefined;
  #read = 0;
  #text = '';
  #reasoning = '';
  readonly #toolCalls = new Map<number, { index: number; id?: string; name?: string; arguments: string }>();
  #finishReason: string | undefined;
  #usage: LlmUsage | undefined;
  #error: LlmChunk['error'];
  #terminal: number | undefined;
  #first: { any?: number; content?: number; answer?: number } = {};
  readonly #contentTimes: number[] = [];

  /** @internal Use `llm()`. */
  constructor(
    stream: SseStream,
    protocol: LlmProtocol | (() => LlmProtocol | undefined),
    options: LlmViewOptions,
  ) {
    this.#stream = stream;
    this.#detect = typeof protocol === 'function' ? protocol : () => protocol;
    this.#trigger = options.trigger ?? 'answer';
  }

  /** The protocol read (given, or detected from the first events); undefined until one is known. */
  get protocol(): LlmProtocol | undefined {
    return this.#refresh().#protocol;
  }
  /** The answer text so far: every `text` delta joined. */
  get text(): string {
    return this.#refresh().#text;
  }
  /** The reasoning ("thinking") text so far. */
  get reasoning(): string {
    return this.#refresh().#reasoning;
  }
  /** Tool calls so far, by index, their arguments assembled from the deltas. */
  get toolCalls(): readonly LlmToolCall[] {
    return [...this.#refresh().#toolCalls.values()]
      .sort((a, b) => a.index - b.index)
      .map((call) => ({ index: call.index, id: call.id, name: call.name, arguments: call.arguments }));
  }
  /** Why generation stopped, in the provider's words (`'stop'`, `'end_turn'`, `'STOP'`, `'completed'`); undefined until said. */
  get finishReason(): string | undefined {
    return this.#refresh().#finishReason;
  }
  /** Usage as the stream reported it: each count the latest given (snapshots replace, never add). */
  get usage(): LlmUsage | undefined {
    return this.#refresh().#usage;
  }
  /** An error the stream reported in band, if any. */
  get error(): LlmChunk['error'] {
    return this.#refresh().#error;
  }
  /** Whether the provider's terminal event came (`[DONE]`, `message_stop`, ...); Gemini has none, so false there. */
  get complete(): boolean {
    return this.#refresh().#terminal !== undefined;
  }
  /** ms from the request to the first token, as the `trigger` option says (default: the first answer content). */
  get timeToFirstToken(): number | undefined {
    return this.#refresh().#first[this.#trigger];
  }
  /** ms between consecutive content events (answer, reasoning or tool call deltas), from the first one on. */
  get interChunkGaps(): readonly number[] {
    const times = this.#refresh().#contentTimes;
    return times.slice(1).map((time, i) => time - (times[i] as number));
  }
  /** Output tokens: `usage.outputTokens` when the stream sent usage, else the number of content events. */
  get outputTokens(): LlmTokenCount {
    const { outputTokens } = this.#refresh().#usage ?? {};
    return outputTokens === undefined
      ? { count: this.#contentTimes.length, from: 'chunks' }
      : { count: outputTokens, from: 'usage' };
  }
  /**
   * ms per output token after the first: (last content − first content) / (output tokens − 1), on
   * the same tokens as `outputTokens` (reasoning included). Undefined below two tokens.
   */
  get timePerOutputToken(): number | undefined {
    const times = this.#refresh().#contentTimes;
    const { count } = this.outputTokens;
    if (count < 2 || times.length === 0) return undefined;
    return ((times.at(-1) as number) - (times[0] as number)) / (count - 1);
  }
  /** ms from the request to the terminal event (or, without one, to the stream's end); undefined while neither. */
  get endToEnd(): number | undefined {
    const terminal = this.#refresh().#terminal;
    if (terminal !== undefined) return terminal;
    return this.#stream.state === 'open' ? undefined : this.#stream.timing.end;
  }

  /** Reads the events that arrived since the last look. */
  #refresh(): this {
    const recording = this.#stream.recording;
    if (this.#protocol === undefined) {
      this.#protocol = this.#detect();
      if (this.#protocol === undefined) return this;
    }
    for (; this.#read < recording.count; this.#read++) {
      const event = recording.event(this.#read) as SseEvent;
      this.#take(event, this.#protocol.read(event));
    }
    return this;
  }

  #take(event: SseEvent, chunk: LlmChunk): void {
    const first = this.#first;
    first.any ??= event.time;
    const answer = !!chunk.text || (chunk.toolCalls?.length ?? 0) > 0;
    if (answer || chunk.reasoning) {
      first.content ??= event.time;
      this.#contentTimes.push(event.time);
    }
    if (answer) first.answer ??= event.time;
    if (chunk.text) this.#text += chunk.text;
    if (chunk.reasoning) this.#reasoning += chunk.reasoning;
    for (const delta of chunk.toolCalls ?? []) {
      const call = this.#toolCalls.get(delta.index) ?? { index: delta.index, arguments: '' };
      if (delta.id !== undefined) call.id = delta.id;
      if (delta.name !== undefined) call.name = delta.name;
      if (delta.arguments) call.arguments += delta.arguments;
      this.#toolCalls.set(delta.index, call);
    }
    if (chunk.finishReason !== undefined) this.#finishReason = chunk.finishReason;
    // Each count replaces the earlier one; a count left out keeps it (see LlmChunk.usage).
    if (chunk.usage !== undefined) this.#usage = { ...this.#usage, ...defined(chunk.usage) };
    if (chunk.error !== undefined) this.#error ??= chunk.error;
    if (chunk.end || chunk.error) this.#terminal ??= event.time;
  }
}

function defined(usage: LlmUsage): LlmUsage {
  return Object.fromEntries(Object.entries(usage).filter(([, value]) => value !== undefined));
}
