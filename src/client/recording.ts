import { SseEvent } from './event.ts';
import { EventStreamDecoder } from './event-stream-decoder.ts';

/** Characters of raw text kept per stream for diagnostics. */
export const RAW_LIMIT = 8 * 1024 * 1024;

const NEW_CONNECTION = Symbol('new connection');

/**
 * What a stream has received, in order: events with their arrival times, comments, connections, bytes.
 *
 * Recording keeps each event's arrival time and the body's bytes (off the JS heap); the `SseEvent`
 * objects are built from those bytes when `events` is read, by a second decoder replaying them (the
 * same bytes give the same events however they are split, which the parser's property tests prove).
 * Keeping a million objects and strings alive costs the garbage collector more than parsing them
 * does, and most events of a load are never read. In `timing` mode no bytes are kept at all.
 */
export class Recording {
  /** Arrival time (ms since request start) of each event. */
  readonly #times: number[] = [];
  readonly #events: SseEvent[] = [];
  /** Body bytes not yet replayed into `#events`, with connection boundaries. */
  #pending: (Uint8Array | typeof NEW_CONNECTION)[] = [];
  /** Made on the first read: an idle stream that is never read should not carry a second decoder. */
  #replay: EventStreamDecoder | undefined;
  readonly #lastEventId: string;
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

  constructor(keepEvents: boolean, lastEventId = '') {
    this.keepEvents = keepEvents;
    this.#lastEventId = lastEventId;
  }

  /** Every event so far, in order (none in timing mode). */
  get events(): readonly SseEvent[] {
    if (this.#pending.length > 0) this.#materialize();
    // The replay can only be ahead of the live parser when that stopped at an event over
    // maxEventSize (the rest of that chunk was replayed, never counted): those are not events.
    return this.#events.length > this.count ? this.#events.slice(0, this.count) : this.#events;
  }

  /** Arrival times of all events so far, in order. */
  get times(): readonly number[] {
    return this.#times;
  }

  /**
   * One event was dispatched by the live parser, its bytes having arrived at `time`. Waiters are
   * woken by the stream once the whole chunk is parsed: a waiter reading `events` mid-chunk would
   * replay text the live parser has not finished counting.
   */
  add(time: number): void {
    this.#times.push(time);
    this.count++;
  }

  addComment(time: number): void {
    this.commentTimes.push(time);
  }

  /** Starts a new connection's text. */
  addConnection(): void {
    if (!this.keepEvents) return;
    this.raw.push([]);
    this.#pending.push(NEW_CONNECTION);
  }

  /** Body bytes (decompressed), as the live decoder was fed them. */
  addBytes(bytes: Uint8Array): void {
    if (this.keepEvents) this.#pending.push(bytes);
  }

  /** Decoded body text, as the live parser was fed it (before the BOM is stripped). */
  addText(text: string): void {
    if (!this.keepEvents || this.rawTruncated) return;
    if (this.#rawSize + text.length > RAW_LIMIT) {
      this.rawTruncated = true;
      return;
    }
    this.#rawSize += text.length;
    this.raw.at(-1)?.push(text);
  }

  #materialize(): void {
    this.#replay ??= new EventStreamDecoder(
      {
        onEvent: (type, data, id, retry) => {
          const index = this.#events.length;
          this.#events.push(new SseEvent(type, data, id, retry, index, this.#times[index] as number));
        },
      },
      { lastEventId: this.#lastEventId },
    );
    const replay = this.#replay;
    const pending = this.#pending;
    this.#pending = [];
    for (const item of pending) {
      if (item === NEW_CONNECTION) replay.end();
      else replay.push(item);
    }
  }
}
