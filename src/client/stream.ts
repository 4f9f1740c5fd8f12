import * as messages from '../errors/messages.ts';
import type { SseError } from '../errors/sse-error.ts';
import type { SseRecording } from '../record/format.ts';
import { buildRecording } from '../record/record.ts';
import { now } from '../util/clock.ts';
import { TIMED_OUT, waitFor } from '../util/wait.ts';
import type { ResponseHead } from './connection.ts';
import { ConnectionLog } from './connection-log.ts';
import type { SseEvent } from './event.ts';
import type { PreparedRequest, ResolvedOptions } from './options.ts';
import { Recording } from './recording.ts';
import { isEventStreamAnswer } from './response.ts';
import type { StreamSource } from './stream-source.ts';
import { type MutableTiming, type SseTiming, startTiming } from './timing.ts';

/** `open` receiving; `ended` the server finished; `closed` we closed; `errored` broken (see `error`). */
export type SseStreamState = 'open' | 'ended' | 'closed' | 'errored';

/**
 * A live, recorded SSE response. Every event is recorded from the first byte, with its arrival time;
 * read them through `events`, `next()`, `for await`, or the matchers. What it receives comes from a
 * `StreamSource` (see `network.ts` for `open()`'s), so streams from anywhere look the same.
 *
 * @example
 * await using stream = await open('http://127.0.0.1:3000/events');
 * for await (const event of stream) if (event.type === 'done') break;
 */
export class SseStream implements AsyncIterable<SseEvent>, AsyncDisposable {
  /** Response status (of the first connection). */
  status = 0;
  /** Response headers, lower-case names (of the first connection). */
  headers: Readonly<Record<string, string>> = {};
  /** The URL that answered the first connection, after redirects (a reconnection asks the original one again). */
  url: string;
  /**
   * The start of the body of a first answer that is not a 200 event stream, as text (at most 64
   * KiB), else undefined: a 503's JSON error, an HTML login page, the events a 204 or 206 carried.
   */
  body: string | undefined;
  readonly timing: SseTiming;
  /** Settles (never rejects) with the final state once the stream stops for any reason. */
  readonly closed: Promise<SseStreamState>;
  /**
   * @internal Whether the stream was opened with `reconnect`; undefined when another client (a
   * page) decides, for a message that says why nothing reconnected.
   */
  readonly reconnects: boolean | undefined;
  #state: SseStreamState = 'open';
  #error: SseError | undefined;
  #settle!: (state: SseStreamState) => void;
  readonly #recording: Recording;
  readonly #request: PreparedRequest;
  readonly #log = new ConnectionLog();
  #source: StreamSource | undefined;
  /** `timing`, writable from inside. */
  readonly #timing: MutableTiming;
  #cursor = 0;
  /** False once `close()` was called: the reader said it wants nothing more. */
  #reading = true;
  #listeners: Set<() => void> | undefined;

  /**
   * @internal Use `open()`. `start` (default now) is when the request left, for a stream recorded
   * from elsewhere (a page); so is one without `reconnect` (of the options `open()` resolved).
   */
  constructor(
    options: Pick<ResolvedOptions, 'request' | 'keepEvents' | 'maxEventSize'> &
      Partial<Pick<ResolvedOptions, 'reconnect'>> & { start?: number },
  ) {
    this.url = options.request.url.href;
    this.reconnects = 'reconnect' in options ? options.reconnect !== undefined : undefined;
    this.#request = options.request;
    this.#timing = startTiming(options.start);
    this.timing = this.#timing;
    this.closed = new Promise((resolve) => {
      this.#settle = resolve;
    });
    const lastEventId = options.request.headers['last-event-id'];
    this.#recording = new Recording({
      keepEvents: options.keepEvents,
      ...(lastEventId !== undefined && { lastEventId }),
      maxEventSize: options.maxEventSize,
      onTooLarge: (limit) =>
        this.stop('errored', messages.eventTooLarge(this.url, limit, this.#recording.count)),
    });
  }

  /**
   * Status 200 and `text/event-stream`: the spec's test for a stream (a 204, a 206 or a 503 is none,
   * whatever its type). Only such an answer's body is parsed into `events`; any other is in `body`.
   */
  get ok(): boolean {
    return isEventStreamAnswer(this.status, this.headers);
  }
  get state(): SseStreamState {
    return this.#state;
  }
  /** Why the stream is `errored`. */
  get error(): SseError | undefined {
    return this.#error;
  }
  /**
   * Every event received so far, in order (empty with `record: 'timing'`). Built from the recording
   * the first time it is read and kept from then on; events are values, so compare them by their
   * fields: one read through `next()` before is an equal object, not the same one.
   */
  get events(): readonly SseEvent[] {
    return this.#recording.events;
  }
  /** Number of events received so far (also counted with `record: 'timing'`). */
  get eventCount(): number {
    return this.#recording.count;
  }
  /** The last event ID string in force, as `Last-Event-ID` would send it. */
  get lastEventId(): string {
    return this.#recording.lastEventId;
  }
  /** The reconnection time the server set with `retry:`, if it did. */
  get retry(): number | undefined {
    return this.#recording.retry;
  }
  /** Index of the next event `next()`, `for await` and the waiting matchers look at. */
  get cursor(): number {
    return this.#cursor;
  }
  /** @internal What the stream received, for matchers and reports. */
  get recording(): Recording {
    return this.#recording;
  }

  /**
   * @internal Moves the read cursor past event `index` (never back): a reader took it. Synchronous, so
   * that two readers waiting at once never take the same event.
   */
  take(index: number): void {
    if (index >= this.#cursor) this.#cursor = index + 1;
  }

  /** @internal Calls `listener` whenever there may be something new to look at (events, state). */
  subscribe(listener: () => void): () => void {
    this.#listeners ??= new Set();
    this.#listeners.add(listener);
    return () => {
      this.#listeners?.delete(listener);
      if (this.#listeners?.size === 0) this.#listeners = undefined;
    };
  }

  /**
   * The next event after the read cursor (events that already arrived count), moving the cursor past it.
   *
   * @param options.within - ms to wait; default: until the stream stops.
   * @throws {SseError} `timeout`; `stream-stopped` when no event is left and none can come; `not-recorded`.
   */
  next(options: { within?: number; signal?: AbortSignal } = {}): Promise<SseEvent> {
    if (!this.#recording.keepEvents) return Promise.reject(messages.notRecorded(this.url));
    // An event that is already here is handed over at once: no subscription, no timer.
    const ready = this.#take();
    if (ready) return Promise.resolve(ready);
    return this.#waitNext(options.within ?? Number.POSITIVE_INFINITY, options.signal);
  }

  /** Yields events from the read cursor until the stream stops; throws the stream's error if it broke. */
  [Symbol.asyncIterator](): AsyncIterator<SseEvent> {
    // An iterator object rather than an async generator: a generator costs several promises per
    // step, and a reader that keeps up pays per event for each of them.
    const done = (): IteratorResult<SseEvent> => ({ value: undefined, done: true });
    return {
      next: () => {
        if (!this.#recording.keepEvents) return Promise.reject(messages.notRecorded(this.url));
        const ready = this.#take();
        if (ready) return Promise.resolve({ value: ready, done: false });
        if (this.#state !== 'open')
          return this.#error ? Promise.reject(this.#error) : Promise.resolve(done());
        return this.#waitNext(Number.POSITIVE_INFINITY, undefined).then(
          (value) => ({ value, done: false }),
          (error: unknown) => {
            if ((error as SseError).type !== 'stream-stopped') throw error;
            if (this.#error) throw this.#error;
            return done();
          },
        );
      },
      return: () => Promise.resolve(done()),
    };
  }

  /**
   * Everything this stream received so far, as an `SseRecording` (the `*.sse.json` format, see
   * docs/recording-format.md): the request (secrets redacted), each connection's response head, every
   * body chunk's exact bytes (after Content-Encoding is undone) with its arrival time, and how each
   * connection ended (`open` if it still is). Made fresh on each call; the stream goes on.
   *
   * @throws {SseError} `not-recorded` for a stream opened with `record: 'timing'`, which keeps no bytes.
   * @example
   * await using stream = await open(`${server.url}/ticker`);
   * await expect(stream).toReceiveEvent('done');
   * await saveRecording('ticker.sse.json', stream.toRecording());
   */
  toRecording(): SseRecording {
    if (!this.#recording.keepEvents) throw messages.notRecorded(this.url, 'bytes to record');
    return buildRecording({
      request: this.#request,
      start: this.timing.start,
      connections: this.#log.connections,
      body: (connection) => this.#recording.arrived(connection),
      ...(this.body !== undefined && { text: this.body, textAt: this.timing.firstByte ?? 0 }),
    });
  }

  /**
   * Stops receiving and releases the socket; resolves once it is released. Idempotent. From then on
   * `next()` and `for await` hand out nothing more, not even events that had already arrived (the
   * rest of a chunk that carried several); `events` and the matchers still see everything recorded.
   */
  close(): Promise<void> {
    this.#reading = false;
    this.stop('closed');
    return this.#source?.release() ?? Promise.resolve();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** The event at the cursor, taken, if it has arrived and the reader has not closed the stream. */
  #take(): SseEvent | undefined {
    if (!this.#reading) return undefined;
    const event = this.#recording.event(this.#cursor);
    if (event) this.#cursor = event.index + 1;
    return event;
  }

  async #waitNext(within: number, signal: AbortSignal | undefined): Promise<SseEvent> {
    // The cursor moves inside the check, synchronously: two next() calls waiting at once must
    // not both take the same event.
    const check = () => this.#take() ?? (this.#state === 'open' ? undefined : null);
    const result = await waitFor(this, check, within, signal);
    const count = this.#recording.count;
    if (result === TIMED_OUT) throw messages.noEventWithin(this.url, within, count, this.#state);
    if (result === null) {
      const unread = this.#reading ? undefined : count - this.#cursor;
      throw messages.streamStopped(this.url, this.#state, count, this.#error, unread);
    }
    return result;
  }

  /** Tells every waiter to look again. */
  #wake(): void {
    if (!this.#listeners) return;
    for (const listener of [...this.#listeners]) listener();
  }

  /** @internal The source feeding this stream. */
  attach(source: StreamSource): void {
    this.#source = source;
  }

  /** @internal The first response's head arrived (`at` on the `now()` clock), whatever it is. */
  opened(head: ResponseHead): void {
    this.status = head.status;
    this.headers = head.headers;
    this.url = head.url;
    this.#timing.headers = head.at - this.timing.start;
    this.#timing.connections = 1;
    this.#log.answered(head.at - this.timing.start, head, this.#request.headers['last-event-id']);
  }

  /**
   * @internal A connection was answered with an event stream (`head`, default the first response's);
   * after the first, a reconnection, which sent `sentLastEventId`.
   */
  connected(at: number, sentLastEventId?: string, head?: ResponseHead): void {
    if (this.#recording.connections > 0 || this.#log.connections.length === 0) {
      this.#log.answered(at - this.timing.start, head ?? this, sentLastEventId);
    }
    this.#log.streaming();
    this.#recording.connect(at - this.timing.start, sentLastEventId);
    this.#timing.connections = this.#recording.connections;
    this.#wake();
  }

  /**
   * @internal Body bytes of the current connection arrived at `arrivedAt` (`now()` clock); undefined
   * bytes only mark the arrival (a body that is not an event stream).
   */
  received(bytes: Uint8Array | undefined, arrivedAt: number): void {
    this.#timing.firstByte ??= arrivedAt - this.timing.start;
    if (!bytes || this.#state !== 'open') return;
    const recording = this.#recording;
    recording.push(bytes, arrivedAt - this.timing.start);
    this.#timing.firstEvent ??= recording.time(0);
    this.#wake();
  }

  /** @internal A reconnection was answered with something else than an event stream (`head`). */
  refused(head: ResponseHead, sentLastEventId?: string): void {
    this.#log.answered(head.at - this.timing.start, head, sentLastEventId);
  }

  /**
   * @internal The current connection's body ended or broke, `how` it did (a source that cannot tell
   * leaves it out: then the way the stream stops says it).
   */
  disconnected(how?: 'ended' | 'errored'): void {
    this.#recording.endConnection();
    this.#log.disconnected(now() - this.timing.start, how);
  }

  /** @internal The stream stops for good, for the reason `state` says. Idempotent. */
  stop(state: Exclude<SseStreamState, 'open'>, error?: SseError): void {
    if (this.#state !== 'open') return;
    this.#state = state;
    this.#error = error;
    this.#timing.end = now() - this.timing.start;
    this.#log.stopped(this.#timing.end, state);
    this.#source?.stopped();
    void this.#source?.release();
    this.#wake();
    this.#settle(state);
  }
}
