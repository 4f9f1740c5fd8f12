import { SseEvent } from './event.ts';
import { type Dispatch, EventStreamParser, textOf, type ValueRef } from './event-stream-parser.ts';
import { type ArrivedChunk, KeptBody } from './kept-body.ts';
import { TextStream } from './text-stream.ts';

/** Numbers kept per event in `#refs`: data chunk, start, end; id chunk, start, end; type. */
const STRIDE = 7;
/**
 * Events per block of times and refs. Blocks are added, never grown: copying into a doubled array
 * touches twice the memory, and first touches of fresh pages are what recording costs most here.
 */
const BLOCK_BITS = 12;
const BLOCK = 1 << BLOCK_BITS;
const IN_BLOCK = BLOCK - 1;
/** A ref's chunk for a value kept as a string of its own, in `#spills` (its start is the index). */
const SPILLED = -1;
/** A ref's chunk for the empty string. */
const EMPTY = -2;

/** What a recording is fed by: its stream's live parts (the network today; a page or a replay later). */
export interface RecordingOptions {
  /** `false` keeps only arrival times (`record: 'timing'`). */
  keepEvents: boolean;
  /** The last event ID the first request sent. */
  lastEventId?: string;
  maxEventSize?: number;
  /** An event outgrew `maxEventSize`; the recording takes nothing more on this connection. */
  onTooLarge?(limit: number): void;
}

/**
 * What a stream received, in order: each event once parsed, with its arrival time, plus comments,
 * connections and byte counts. Fed from any source of bytes with arrival times (`connect`, `push`,
 * `endConnection`), so an `open()` stream, a page's stream and a replay record alike.
 *
 * The body is parsed once, as it arrives, and kept as its chunks plus seven numbers per event (where
 * its data and id lie in those chunks, and its type); an `SseEvent` is built when someone reads one.
 * A million live event objects and strings cost the garbage collector more than parsing does, and a
 * reader that takes each event through `for await` lets each one go at once. How chunks are kept:
 * `KeptBody`. In `timing` mode nothing of the body is kept: only the times.
 */
export class Recording {
  readonly keepEvents: boolean;
  /** Events so far. */
  count = 0;
  /** Body bytes received (after decompression), over all connections. */
  bytes = 0;
  /** Arrival time of each comment (`:` line), which counts as life for heartbeat checks. */
  readonly commentTimes: number[] = [];
  /** Each reconnection answered with an event stream: when, and the `Last-Event-ID` it sent. */
  readonly reconnections: { time: number; lastEventId: string | undefined }[] = [];
  readonly #times: Float64Array[] = [];
  readonly #refs: Int32Array[] = [];
  readonly #body = new KeptBody();
  readonly #spills: string[] = [];
  readonly #types: string[] = [];
  readonly #typeIndex = new Map<string, number>();
  #lastType = '';
  #lastTypeIndex = -1;
  #lastSpilledId: ValueRef | undefined;
  #lastSpilledIdIndex = -1;
  /** `[eventIndex, retry]` where the reconnection time in force changed. */
  readonly #retries: [number, number][] = [];
  #retry: number | undefined;
  /** Events built because `events` was read; `event(i)` hands these out where they exist. */
  readonly #events: SseEvent[] = [];
  readonly #text = new TextStream();
  readonly #parser: EventStreamParser;
  #arrival = 0;
  #connections = 0;

  constructor(options: RecordingOptions) {
    this.keepEvents = options.keepEvents;
    this.#parser = new EventStreamParser(
      {
        onEvent: (event) => this.#add(event),
        onComment: () => this.commentTimes.push(this.#arrival),
        ...(options.onTooLarge && { onTooLarge: options.onTooLarge }),
      },
      {
        ...(options.lastEventId !== undefined && { lastEventId: options.lastEventId }),
        ...(options.maxEventSize !== undefined && { maxEventSize: options.maxEventSize }),
      },
    );
  }

  /** Arrival time (ms since the stream's start) of each event, in order: a copy, made per call. */
  get times(): Float64Array {
    const all = new Float64Array(this.count);
    this.#times.forEach((block, i) => {
      all.set(block.subarray(0, Math.min(BLOCK, this.count - i * BLOCK)), i * BLOCK);
    });
    return all;
  }

  /** Arrival time (ms since the stream's start) of event `index`, or undefined before it came. */
  time(index: number): number | undefined {
    if (index >= this.count) return undefined;
    return (this.#times[index >>> BLOCK_BITS] as Float64Array)[index & IN_BLOCK];
  }
  /** Connections answered with an event stream so far. */
  get connections(): number {
    return this.#connections;
  }
  /** The spec's last event ID string, as `Last-Event-ID` would send it. */
  get lastEventId(): string {
    return textOf(this.#parser.lastEventId);
  }
  /** The reconnection time the server set with `retry:`, if it did. */
  get retry(): number | undefined {
    return this.#parser.retry;
  }

  /**
   * Every event so far, as objects (none in timing mode), built on first read and kept. Reading all
   * events this way keeps them all alive; `event(i)` does not.
   */
  get events(): readonly SseEvent[] {
    const events = this.#events;
    if (this.keepEvents) for (let i = events.length; i < this.count; i++) events.push(this.#build(i));
    return events;
  }

  /** Event `index`, or undefined when it has not arrived (or timing mode keeps none). */
  event(index: number): SseEvent | undefined {
    if (index < this.#events.length) return this.#events[index];
    if (index >= this.count || !this.keepEvents) return undefined;
    return this.#build(index);
  }

  /**
   * A connection was answered with an event stream at `time`; after the first it is a reconnection,
   * which sent `lastEventId`.
   */
  connect(time: number, lastEventId?: string): void {
    if (this.#connections++ > 0) this.reconnections.push({ time, lastEventId });
    if (this.keepEvents) this.#body.startConnection();
  }

  /** The decoded text of each connection, as chunks (events mode only), for `toBeWellFormed()`. */
  rawText(): string[][] {
    return this.#body.rawText();
  }

  /**
   * Connection `connection`'s body chunks (events mode only), each with its exact bytes and arrival
   * time, for `toRecording()`: built on each call.
   */
  arrived(connection: number): ArrivedChunk[] {
    return this.#body.arrived(connection);
  }

  /** Body bytes (after any Content-Encoding is undone) that arrived at `time`. */
  push(bytes: Uint8Array, time: number): void {
    this.bytes += bytes.length;
    this.#feed(this.#text.decode(bytes), time, bytes);
  }

  /** The connection's body ended (or broke): a partial character and an unfinished event are dropped. */
  endConnection(): void {
    this.#feed(this.#text.end(), this.#arrival);
    this.#parser.end();
  }

  #feed(text: string, time: number, bytes?: Uint8Array): void {
    // Bytes that complete no character are kept all the same: a recording gives back every byte.
    if (text.length === 0 && (bytes === undefined || bytes.length === 0 || !this.keepEvents)) return;
    this.#arrival = time;
    const chunk = this.keepEvents ? this.#body.keep(text, bytes, this.#text.bom, time) : -1;
    if (text.length > 0) this.#parser.feed(text, chunk);
  }

  #add(event: Dispatch): void {
    const index = this.count++;
    const slot = index & IN_BLOCK;
    if (slot === 0 || slot === (this.#times[0] as Float64Array).length) this.#addBlock(index);
    (this.#times[index >>> BLOCK_BITS] as Float64Array)[slot] = this.#arrival;
    if (event.retry !== this.#retry) {
      this.#retry = event.retry;
      this.#retries.push([index, event.retry as number]);
    }
    if (!this.keepEvents) return;
    const refs = this.#refs[index >>> BLOCK_BITS] as Int32Array;
    const at = slot * STRIDE;
    this.#place(refs, at, event.data, false);
    this.#place(refs, at + 3, event.id, true);
    const type = event.type;
    if (type !== this.#lastType || this.#lastTypeIndex === -1) {
      let found = this.#typeIndex.get(type);
      if (found === undefined) {
        found = this.#types.push(type) - 1;
        this.#typeIndex.set(type, found);
      }
      this.#lastType = type;
      this.#lastTypeIndex = found;
    }
    refs[at + 6] = this.#lastTypeIndex;
  }

  /** Writes where a value lies; a value that is no slice of a chunk is kept as a string of its own. */
  #place(refs: Int32Array, at: number, value: ValueRef, isId: boolean): void {
    if (value.end === value.start) {
      refs[at] = EMPTY;
      return;
    }
    if (value.chunk >= 0) {
      refs[at] = value.chunk;
      refs[at + 1] = value.start;
      refs[at + 2] = value.end;
      return;
    }
    // The id in force repeats over many events: spill it once while it stays the same.
    const last = this.#lastSpilledId;
    if (
      !isId ||
      last === undefined ||
      last.text !== value.text ||
      last.start !== value.start ||
      last.end !== value.end
    ) {
      const index = this.#spills.push(textOf(value)) - 1;
      if (isId) {
        this.#lastSpilledId = { ...value };
        this.#lastSpilledIdIndex = index;
      }
      refs[at + 1] = index;
    } else {
      refs[at + 1] = this.#lastSpilledIdIndex;
    }
    refs[at] = SPILLED;
  }

  #value(chunk: number, start: number, end: number): string {
    if (chunk === EMPTY) return '';
    if (chunk === SPILLED) return this.#spills[start] as string;
    return this.#body.slice(chunk, start, end);
  }

  #build(index: number): SseEvent {
    const refs = this.#refs[index >>> BLOCK_BITS] as Int32Array;
    const at = (index & IN_BLOCK) * STRIDE;
    return new SseEvent(
      this.#types[refs[at + 6] as number] as string,
      this.#value(refs[at] as number, refs[at + 1] as number, refs[at + 2] as number),
      this.#value(refs[at + 3] as number, refs[at + 4] as number, refs[at + 5] as number),
      this.#retryAt(index),
      index,
      (this.#times[index >>> BLOCK_BITS] as Float64Array)[index & IN_BLOCK] as number,
    );
  }

  #retryAt(index: number): number | undefined {
    // The last change at or before `index`; there is rarely more than one.
    const retries = this.#retries;
    let low = 0;
    let high = retries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((retries[middle] as [number, number])[0] <= index) low = middle + 1;
      else high = middle;
    }
    return low === 0 ? undefined : (retries[low - 1] as [number, number])[1];
  }

  /**
   * Room for more events from `index` on. The first block starts small and doubles up to BLOCK, for
   * the many streams that get few events (10,000 idle streams would otherwise hold 1.4 GB); every
   * later block is BLOCK long from the start.
   */
  #addBlock(index: number): void {
    if (index >= BLOCK) {
      this.#times.push(new Float64Array(BLOCK));
      if (this.keepEvents) this.#refs.push(new Int32Array(BLOCK * STRIDE));
      return;
    }
    const length = index === 0 ? 8 : index * 2;
    const times = new Float64Array(length);
    if (index > 0) times.set(this.#times[0] as Float64Array);
    this.#times[0] = times;
    if (!this.keepEvents) return;
    const refs = new Int32Array(length * STRIDE);
    if (index > 0) refs.set(this.#refs[0] as Int32Array);
    this.#refs[0] = refs;
  }
}
