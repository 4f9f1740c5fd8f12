import { open } from '../client/open.ts';
import type { SseOpenOptions } from '../client/options.ts';
import type { SseStream } from '../client/stream.ts';
import { goodRun, type LlmLoad, recordLlm } from './llm-metrics.ts';
import type { LoadMetrics } from './metrics.ts';

/** Width of the events-per-interval series the report charts. */
export const SERIES_STEP_MS = 100;

/**
 * The `sse` a load body gets: `open()` as usual, with the run's defaults, and every stream it opens
 * recorded into the run's metrics when it stops (and closed when the body returns).
 */
export class LoadClient {
  readonly #defaults: SseOpenOptions;
  readonly #metrics: LoadMetrics;
  readonly #series: number[];
  readonly #loadStart: number;
  readonly #streams: SseStream[] = [];
  readonly #recorded: Promise<void>[] = [];
  readonly #llm: LlmLoad | undefined;

  /** @internal Made by the load runner, one per body run. */
  constructor(
    defaults: SseOpenOptions,
    metrics: LoadMetrics,
    series: number[],
    loadStart: number,
    llm?: LlmLoad,
  ) {
    this.#defaults = defaults;
    this.#metrics = metrics;
    this.#series = series;
    this.#loadStart = loadStart;
    this.#llm = llm;
  }

  /**
   * Opens a stream like `open()`, merging the run's defaults (headers merged, the rest overridden).
   *
   * @example
   * const stream = await sse.open('/v1/chat', { method: 'POST', json });
   */
  async open(url: string | URL, options: SseOpenOptions = {}): Promise<SseStream> {
    const headers = { ...toRecord(this.#defaults.headers), ...toRecord(options.headers) };
    const stream = await open(url, { ...this.#defaults, ...options, headers });
    this.#streams.push(stream);
    this.#recorded.push(stream.closed.then(() => this.#record(stream)));
    return stream;
  }

  /**
   * @internal Closes what the body left open and waits until every stream is recorded and its
   * socket released (close() of a stopped stream just waits for that), so a finished run holds nothing.
   */
  async settle(): Promise<void> {
    await Promise.all(this.#streams.map((stream) => stream.close()));
    await Promise.all(this.#recorded);
  }

  /** @internal After `settle()`: counts this run in `goodput` when the load reads an LLM protocol. */
  judge(failed: boolean): void {
    if (this.#llm) this.#metrics.rate('goodput').add(goodRun(this.#streams, this.#llm, failed));
  }

  #record(stream: SseStream): void {
    const metrics = this.#metrics;
    const { timing, recording } = stream;
    if (timing.headers !== undefined) metrics.timeToHeaders.record(timing.headers);
    if (timing.firstEvent !== undefined) metrics.timeToFirstEvent.record(timing.firstEvent);
    if (timing.end !== undefined) metrics.streamDuration.record(timing.end);
    const times = recording.times;
    const offset = timing.start - this.#loadStart;
    for (let i = 0; i < times.length; i++) {
      const time = times[i] as number;
      if (i > 0) metrics.eventGap.record(time - (times[i - 1] as number));
      const slot = Math.floor((offset + time) / SERIES_STEP_MS);
      if (slot >= 0) this.#series[slot] = (this.#series[slot] ?? 0) + 1;
    }
    metrics.events.add(recording.count);
    metrics.bytes.add(recording.bytes);
    if (this.#llm) recordLlm(metrics, stream, this.#llm.protocol);
  }
}

function toRecord(headers: SseOpenOptions['headers']): Record<string, string> {
  if (headers === undefined) return {};
  return headers instanceof Headers ? Object.fromEntries(headers) : headers;
}
