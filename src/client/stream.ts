import * as messages from '../errors/messages.ts';
import { SseError } from '../errors/sse-error.ts';
import { now } from '../util/clock.ts';
import { TIMED_OUT, type Wakeable, waitFor } from '../util/wait.ts';
import { connect, type ResponseHead } from './connection.ts';
import type { SseEvent } from './event.ts';
import { EventStreamDecoder } from './event-stream-decoder.ts';
import { DEFAULT_TIMEOUT, maxEventSizeOf, type PreparedRequest, type SseOpenOptions } from './options.ts';
import { Reconnector } from './reconnect.ts';
import { Recording } from './recording.ts';
import { BodyCollector, bodyDeadline, isEventStream } from './response.ts';
import { type MutableTiming, type SseTiming, startTiming } from './timing.ts';

/** `open` receiving; `ended` the server finished; `closed` we closed; `errored` broken (see `error`). */
export type SseStreamState = 'open' | 'ended' | 'closed' | 'errored';

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
  readonly #decoder: EventStreamDecoder;
  readonly #options: SseOpenOptions;
  readonly #reconnector: Reconnector;
  #request: PreparedRequest;
  #connection: { release(): Promise<void> } | undefined;
  /** `timing`, writable from inside. */
  readonly #timing: MutableTiming;
  #arrival = 0;
  #sentLastEventId: string | undefined;
  readonly #onAbort = () => void this.close();
  #cursor = 0;
  #listeners: Set<() => void> | undefined;

  /** @internal Use `open()`. */
  constructor(request: PreparedRequest, options: SseOpenOptions) {
    this.#request = request;
    this.#options = options;
    this.url = request.url.href;
    this.#timing = startTiming();
    this.timing = this.#timing;
    this.closed = new Promise((resolve) => {
      this.#settle = resolve;
    });
    this.#recording = new Recording(options.record !== 'timing', request.headers['last-event-id'] ?? '');
    this.#reconnector = new Reconnector(options.reconnect);
    this.#decoder = new EventStreamDecoder(
      {
        onEvent: () => {
          if (this.#recording.count === 0) this.#timing.firstEvent = this.#arrival;
          this.#recording.add(this.#arrival);
        },
        onComment: () => this.#recording.addComment(this.#arrival),
        onText: (text) => this.#recording.addText(text),
        onTooLarge: (limit) =>
          this.#stop('errored', messages.eventTooLarge(this.url, limit, this.#recording.count)),
      },
      { lastEventId: request.headers['last-event-id'] ?? '', maxEventSize: maxEventSizeOf(options) },
    );
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
  /** Every event received so far, in order (empty with `record: 'timing'`). */
  get events(): readonly SseEvent[] {
    return this.#recording.events;
  }
  /** Number of events received so far (also counted with `record: 'timing'`). */
  get eventCount(): number {
    return this.#recording.count;
  }
  /** The last event ID string in force, as `Last-Event-ID` would send it. */
  get lastEventId(): string {
    return this.#decoder.lastEventId;
  }
  /** The reconnection time the server set with `retry:`, if it did. */
  get retry(): number | undefined {
    return this.#decoder.retry;
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

  /** Tells every waiter to look again. */
  #wake(): void {
    if (!this.#listeners) return;
    for (const listener of [...this.#listeners]) listener();
  }

  /**
   * The next event after the read cursor (events that already arrived count), moving the cursor past it.
   *
   * @param options.within - ms to wait; default: until the stream stops.
   * @throws {SseError} `timeout`; `stream-stopped` when no event is left and none can come; `not-recorded`.
   */
  async next(options: { within?: number; signal?: AbortSignal } = {}): Promise<SseEvent> {
    const transcript = this.#recording;
    if (!transcript.keepEvents) {
      throw messages.notRecorded(this.url);
    }
    const within = options.within ?? Number.POSITIVE_INFINITY;
    // The cursor moves inside the check, synchronously: two next() calls waiting at once must
    // not both take the same event.
    const take = () => {
      const event = transcript.events[this.#cursor];
      if (event) this.take(event.index);
      return event ?? (this.#state === 'open' ? undefined : null);
    };
    const result = await waitFor(this, take, within, options.signal);
    if (result === TIMED_OUT) {
      throw messages.noEventWithin(this.url, within, transcript.count, this.#state);
    }
    if (result === null) {
      throw messages.streamStopped(this.url, this.#state, transcript.count, this.#error);
    }
    return result;
  }

  /** Yields events from the read cursor until the stream stops; throws the stream's error if it broke. */
  async *[Symbol.asyncIterator](): AsyncIterator<SseEvent> {
    while (true) {
      try {
        yield await this.next();
      } catch (error) {
        if (error instanceof SseError && error.type === 'stream-stopped') {
          if (this.#error) throw this.#error;
          return;
        }
        throw error;
      }
    }
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
    return new Promise((resolve, reject) => this.#connect(this.#request, { resolve, reject }));
  }

  /** One connection; `opening` is set for the first, whose outcome `open()` awaits. */
  #connect(request: PreparedRequest, opening?: { resolve(): void; reject(error: SseError): void }): void {
    const options = this.#options;
    const start = this.timing.start;
    let headed = false;
    let body: BodyCollector | undefined;
    let stopWaiting: (() => void) | undefined;
    const finishBody = (state: 'ended' | 'closed' | 'errored', error?: SseError) => {
      stopWaiting?.();
      this.body = body?.text();
      this.#stop(state, error);
      opening?.resolve();
    };
    this.#connection = connect(
      request,
      {
        dispatcher: options.dispatcher,
        ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
        timeout: options.timeout ?? DEFAULT_TIMEOUT,
        signal: opening ? options.signal : undefined,
      },
      {
        head: (head) => {
          headed = true;
          if (!opening) {
            this.#onReconnectHead(head);
          } else if (this.#onFirstHead(head)) {
            opening.resolve();
          } else {
            // Not a stream: read the (bounded) body first so `open()` hands back something to assert on.
            body = new BodyCollector();
            // A body that never ends (an endpoint answering text/plain and holding the connection)
            // must not hold open() forever: the signal, and `timeout` once more, cut it short.
            stopWaiting = bodyDeadline(options, () => finishBody('closed'));
          }
        },
        data: (bytes, arrivedAt) => {
          this.#timing.firstByte ??= arrivedAt - start;
          if (body) {
            if (body.add(bytes)) finishBody('closed');
          } else {
            this.#arrival = arrivedAt - start;
            this.#recording.bytes += bytes.length;
            this.#recording.addBytes(bytes);
            this.#decoder.push(bytes);
            this.#wake();
          }
        },
        end: () => {
          if (body) return finishBody('ended');
          this.#decoder.end();
          this.#afterConnection(undefined);
        },
        error: (error) => {
          if (body) return finishBody('errored', error);
          if (headed) this.#decoder.end();
          if (headed || !opening) return this.#afterConnection(error);
          this.#stop('errored', error);
          opening.reject(error);
        },
      },
    );
  }

  /** Takes the first answer's head; true when it is an event stream. */
  #onFirstHead(head: ResponseHead): boolean {
    this.status = head.status;
    this.headers = head.headers;
    this.url = head.url;
    this.#timing.headers = head.at - this.timing.start;
    this.#timing.connections = 1;
    this.#recording.addConnection();
    if (!isEventStream(head.headers)) return false;
    this.#options.signal?.addEventListener('abort', this.#onAbort, { once: true });
    return true;
  }

  #onReconnectHead(head: ResponseHead): void {
    if (head.status === 204) this.#stop('ended');
    else if (head.status !== 200 || !isEventStream(head.headers)) {
      this.#stop('errored', messages.reconnectRefused(head.url, head.status, head.headers['content-type']));
    } else {
      this.#timing.connections++;
      this.#recording.reconnections.push({
        time: head.at - this.timing.start,
        lastEventId: this.#sentLastEventId,
      });
      this.#recording.addConnection();
      this.#wake();
    }
  }

  /** The spec's "reestablish the connection", while attempts remain; else the stream stops. */
  #afterConnection(error: SseError | undefined): void {
    if (this.#state !== 'open') return;
    // Only a stream whose first answer was a 200 event stream reconnects; the spec fails the rest.
    const wait = this.status === 200 ? this.#reconnector.next(this.#decoder.retry) : undefined;
    if (wait === undefined) {
      const { attempts } = this.#reconnector;
      if (!error) this.#stop('ended');
      else this.#stop('errored', attempts > 0 ? messages.gaveUp(this.url, attempts, error) : error);
      return;
    }
    void this.#connection?.release();
    void wait.then((go) => {
      if (!go || this.#state !== 'open') return;
      const headers = { ...this.#request.headers };
      if (this.lastEventId === '') delete headers['last-event-id'];
      else headers['last-event-id'] = this.lastEventId;
      this.#sentLastEventId = headers['last-event-id'];
      this.#connect({ ...this.#request, headers });
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
