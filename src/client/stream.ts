import * as messages from '../errors/messages.ts';
import type { SseError } from '../errors/sse-error.ts';
import { now } from '../util/clock.ts';
import { TIMED_OUT, type Wakeable, waitFor } from '../util/wait.ts';
import { connect, type ResponseHead } from './connection.ts';
import type { SseEvent } from './event.ts';
import type { PreparedRequest, ResolvedOptions } from './options.ts';
import { Reconnector } from './reconnect.ts';
import { Recording } from './recording.ts';
import { BodyCollector, bodyDeadline, isEventStream } from './response.ts';
import { type MutableTiming, type SseTiming, startTiming } from './timing.ts';

/** `open` receiving; `ended` the server finished; `closed` we closed; `errored` broken (see `error`). */
export type SseStreamState = 'open' | 'ended' | 'closed' | 'errored';

/** How the first connection's outcome reaches `open()`. */
interface Opening {
  resolve(): void;
  reject(error: SseError): void;
}

/**
 * A live, recorded SSE response. Every event is recorded from the first byte, with its arrival time;
 * read them through `events`, `next()`, `for await`, or the matchers.
 *
 * @example
 * await using stream = await open('http://127.0.0.1:3000/events');
 * for await (const event of stream) if (event.type === 'done') break;
 */
export class SseStream implements AsyncIterable<SseEvent>, AsyncDisposable, Wakeable {
  /** Response status (of the first connection). */
  status = 0;
  /** Response headers, lower-case names (of the first connection). */
  headers: Readonly<Record<string, string>> = {};
  /** The URL that answered, after redirects. */
  url: string;
  /** The start of a non-event-stream body as text (at most 64 KiB), else undefined. */
  body: string | undefined;
  readonly timing: SseTiming;
  /** Settles (never rejects) with the final state once the stream stops for any reason. */
  readonly closed: Promise<SseStreamState>;
  #state: SseStreamState = 'open';
  #error: SseError | undefined;
  #settle!: (state: SseStreamState) => void;
  readonly #recording: Recording;
  readonly #options: ResolvedOptions;
  readonly #reconnector: Reconnector;
  #connection: { release(): Promise<void> } | undefined;
  /** `timing`, writable from inside. */
  readonly #timing: MutableTiming;
  #sentLastEventId: string | undefined;
  readonly #onAbort = () => void this.close();
  #cursor = 0;
  #listeners: Set<() => void> | undefined;

  /** @internal Use `open()`. */
  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.url = options.request.url.href;
    this.#timing = startTiming();
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
        this.#stop('errored', messages.eventTooLarge(this.url, limit, this.#recording.count)),
    });
    this.#reconnector = new Reconnector(options.reconnect);
  }

  /** 2xx and `text/event-stream`. */
  get ok(): boolean {
    return this.status >= 200 && this.status < 300 && isEventStream(this.headers);
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

  /** Stops receiving and releases the socket; resolves once it is released. Idempotent. */
  close(): Promise<void> {
    this.#stop('closed');
    return this.#connection?.release() ?? Promise.resolve();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** @internal Makes the first connection; resolves once there is something to assert on. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => this.#connectFirst({ resolve, reject }));
  }

  /** The event at the cursor, taken, if it has arrived. */
  #take(): SseEvent | undefined {
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
    if (result === null) throw messages.streamStopped(this.url, this.#state, count, this.#error);
    return result;
  }

  /** Tells every waiter to look again. */
  #wake(): void {
    if (!this.#listeners) return;
    for (const listener of [...this.#listeners]) listener();
  }

  /**
   * The first connection, whose outcome `open()` awaits: an event stream resolves it at the head; any
   * other answer once the start of its body is read; no answer rejects it.
   */
  #connectFirst(opening: Opening): void {
    const options = this.#options;
    let body: { collector: BodyCollector; disarm: () => void } | undefined;
    const finishBody = (state: 'ended' | 'closed' | 'errored', error?: SseError) => {
      if (!body) return;
      body.disarm();
      this.body = body.collector.text();
      body = undefined;
      this.#stop(state, error);
      opening.resolve();
    };
    let headed = false;
    this.#connection = connect(
      options.request,
      { ...options, signal: options.signal },
      {
        head: (head) => {
          headed = true;
          this.#onFirstHead(head);
          if (isEventStream(head.headers)) {
            this.#recording.connect(head.at - this.timing.start);
            this.#syncTiming();
            options.signal?.addEventListener('abort', this.#onAbort, { once: true });
            opening.resolve();
            return;
          }
          // Not a stream: read the (bounded) body so `open()` hands back something to assert on. A
          // body that never ends (text/plain held open) must not hold open() forever: the signal, and
          // `timeout` once more, cut it short.
          body = {
            collector: new BodyCollector(),
            disarm: bodyDeadline(options.timeout, options.signal, () => finishBody('closed')),
          };
        },
        data: (bytes, arrivedAt) => {
          this.#timing.firstByte ??= arrivedAt - this.timing.start;
          if (!body) this.#onBytes(bytes, arrivedAt);
          else if (body.collector.add(bytes)) finishBody('closed');
        },
        end: () => (body ? finishBody('ended') : this.#afterConnection(undefined)),
        error: (error) => {
          if (body) return finishBody('errored', error);
          if (headed) return this.#afterConnection(error);
          this.#stop('errored', error);
          opening.reject(error);
        },
      },
    );
  }

  /** A reconnection: counts once answered with a 200 event stream; anything else stops the stream. */
  #reconnect(request: PreparedRequest): void {
    let accepted = false;
    this.#connection = connect(
      request,
      { ...this.#options, signal: undefined },
      {
        head: (head) => {
          if (head.status === 204) return this.#stop('ended');
          if (head.status !== 200 || !isEventStream(head.headers)) {
            const type = head.headers['content-type'];
            return this.#stop('errored', messages.reconnectRefused(head.url, head.status, type));
          }
          accepted = true;
          this.#recording.connect(head.at - this.timing.start, this.#sentLastEventId);
          this.#syncTiming();
          this.#wake();
        },
        data: (bytes, arrivedAt) => {
          if (accepted) this.#onBytes(bytes, arrivedAt);
        },
        end: () => this.#afterConnection(undefined),
        error: (error) => this.#afterConnection(error),
      },
    );
  }

  #onFirstHead(head: ResponseHead): void {
    this.status = head.status;
    this.headers = head.headers;
    this.url = head.url;
    this.#timing.headers = head.at - this.timing.start;
    this.#timing.connections = 1;
  }

  #onBytes(bytes: Uint8Array, arrivedAt: number): void {
    this.#recording.push(bytes, arrivedAt - this.timing.start);
    if (this.#timing.firstEvent === undefined) this.#syncTiming();
    this.#wake();
  }

  /** `timing`'s numbers that the recording holds. */
  #syncTiming(): void {
    const recording = this.#recording;
    if (recording.count > 0) this.#timing.firstEvent ??= recording.times[0];
    this.#timing.connections = Math.max(1, recording.connections);
  }

  /** The spec's "reestablish the connection", while attempts remain; else the stream stops. */
  #afterConnection(error: SseError | undefined): void {
    this.#recording.endConnection();
    if (this.#state !== 'open') return;
    // Only a stream whose first answer was a 200 event stream reconnects; the spec fails the rest.
    const wait = this.status === 200 ? this.#reconnector.next(this.#recording.retry) : undefined;
    if (wait === undefined) {
      const { attempts } = this.#reconnector;
      if (!error) this.#stop('ended');
      else this.#stop('errored', attempts > 0 ? messages.gaveUp(this.url, attempts, error) : error);
      return;
    }
    void this.#connection?.release();
    void wait.then((go) => {
      if (!go || this.#state !== 'open') return;
      const request = this.#options.request;
      const headers = { ...request.headers };
      if (this.lastEventId === '') delete headers['last-event-id'];
      else headers['last-event-id'] = this.lastEventId;
      this.#sentLastEventId = headers['last-event-id'];
      this.#reconnect({ ...request, headers });
    });
  }

  #stop(state: Exclude<SseStreamState, 'open'>, error?: SseError): void {
    if (this.#state !== 'open') return;
    // A stopped stream must not stay reachable from a long-lived signal (a load run's, say).
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    this.#state = state;
    this.#error = error;
    this.#timing.end = now() - this.timing.start;
    this.#reconnector.cancel();
    void this.#connection?.release();
    this.#wake();
    this.#settle(state);
  }
}
