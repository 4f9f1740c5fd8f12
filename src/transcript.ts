import { SseEvent } from './event.ts';
import type { Wakeable } from './wait.ts';

/**
 * What a stream has received, in order, with a read cursor for `next()` and the matchers. In `timing`
 * mode it keeps only arrival times, so a load of thousands of streams holds no event data.
 */
/** Characters of raw text kept per stream for diagnostics. */
export const RAW_LIMIT = 8 * 1024 * 1024;

export class Transcript implements Wakeable {
  readonly events: SseEvent[] = [];
  /** Arrival time (ms since request start) of each event; kept separately only in timing mode. */
  readonly #times: number[] = [];
  /** Arrival time of each comment (`:` line), which counts as life for heartbeat checks. */
  readonly commentTimes: number[] = [];
  /** Each reconnection that was answered with an event stream: when, and the `Last-Event-ID` it sent. */
  readonly reconnections: { time: number; lastEventId: string | undefined }[] = [];
  /**
   * The decoded text of each connection's body, as chunks (events mode only, up to `RAW_LIMIT`
   * characters in all), for `toBeWellFormed()` and transcripts.
   */
  readonly raw: string[][] = [];
  /** True once `raw` stopped growing at `RAW_LIMIT`. */
  rawTruncated = false;
  #rawSize = 0;
  readonly keepEvents: boolean;
  count = 0;
  /** Body bytes received (after decompression), over all connections. */
  bytes = 0;
  /** Index of the next event a reader will get. */
  cursor = 0;
  #listeners: Set<() => void> | undefined;

  constructor(keepEvents: boolean) {
    this.keepEvents = keepEvents;
  }

  add(type: string, data: string, id: string, retry: number | undefined, time: number): void {
    if (this.keepEvents) this.events.push(new SseEvent(type, data, id, retry, this.count, time));
    else this.#times.push(time);
    this.count++;
    if (this.#listeners) this.wake();
  }

  addComment(time: number): void {
    this.commentTimes.push(time);
    if (this.#listeners) this.wake();
  }

  /** Starts a new connection's raw text. */
  addConnection(): void {
    if (this.keepEvents) this.raw.push([]);
  }

  addText(text: string): void {
    if (!this.keepEvents || this.rawTruncated) return;
    if (this.#rawSize + text.length > RAW_LIMIT) {
      this.rawTruncated = true;
      return;
    }
    this.#rawSize += text.length;
    this.raw.at(-1)?.push(text);
  }

  /** Arrival times of all events so far, in order. */
  get times(): readonly number[] {
    return this.keepEvents ? this.events.map((event) => event.time) : this.#times;
  }

  /** Tells every waiter to look again. */
  wake(): void {
    if (!this.#listeners) return;
    for (const listener of [...this.#listeners]) listener();
  }

  subscribe(listener: () => void): () => void {
    this.#listeners ??= new Set();
    this.#listeners.add(listener);
    return () => {
      this.#listeners?.delete(listener);
      if (this.#listeners?.size === 0) this.#listeners = undefined;
    };
  }
}
