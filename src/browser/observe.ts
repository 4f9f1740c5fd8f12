import type { CDPSession, Page } from '@playwright/test';
import { BodyCollector, isEventStream, isEventStreamAnswer } from '../client/response.ts';
import { SseStream } from '../client/stream.ts';
import { noStreamWithin, observeNeedsChromium, pageStreamBroke } from '../errors/browser.ts';
import { deadline } from '../matchers/context.ts';
import type { Opening } from '../runners/transcript.ts';
import { now } from '../util/clock.ts';
import { redactUrl } from '../util/redact.ts';
import { delay, TIMED_OUT, waitFor } from '../util/wait.ts';
import {
  BrowserClock,
  feed,
  finish,
  type Live,
  lowerCase,
  requestHeaders,
  type Sent,
  startStreaming,
  WIRE_HEADERS_WAIT,
} from './observed-response.ts';
import type { SseObserver } from './observer.ts';
import type { SseTarget, SseUrlMatcher } from './route.ts';
import { describeMatcher, urlMatches } from './url-match.ts';

/**
 * `sse.observe()`'s implementation over Chromium's DevTools protocol (see docs/front-ends.md): a CDP
 * session per page reads the Network domain, and `Network.streamResourceContent` hands over every
 * body byte of a stream as the browser's network stack received it, with its timestamp. So the
 * recording is byte-exact, for routed and unrouted streams alike, https included.
 */
export class PageObserver implements SseObserver {
  readonly streams: SseStream[] = [];
  /** Each observed stream with the request that opened it, for transcripts. */
  readonly openings: Opening[] = [];
  readonly #target: SseTarget;
  readonly #url: SseUrlMatcher | undefined;
  readonly #baseURL: string | undefined;
  readonly #sessions = new Set<CDPSession>();
  readonly #listeners = new Set<() => void>();
  readonly #clock = new BrowserClock();
  readonly #onPage = (page: Page) => void this.#watch(page).catch(() => {});
  #cursor = 0;
  #stopped: Promise<void> | undefined;

  constructor(target: SseTarget, url: SseUrlMatcher | undefined, baseURL: string | undefined) {
    this.#target = target;
    this.#url = url;
    this.#baseURL = baseURL;
  }

  /** Starts watching: the page, or every page of the context, present and future. */
  async start(): Promise<this> {
    const context = 'newCDPSession' in this.#target ? this.#target : this.#target.context();
    const browser = context.browser()?.browserType().name() ?? 'chromium';
    if (browser !== 'chromium') throw observeNeedsChromium(browser);
    if ('newCDPSession' in this.#target) {
      this.#target.on('page', this.#onPage);
      await Promise.all(this.#target.pages().map((page) => this.#watch(page)));
    } else {
      await this.#watch(this.#target);
    }
    return this;
  }

  subscribe(wake: () => void): () => void {
    this.#listeners.add(wake);
    return () => this.#listeners.delete(wake);
  }

  async next(options: { within?: number | undefined } = {}): Promise<SseStream> {
    const check = () => this.streams[this.#cursor];
    const stream = await this.#wait('observer.next()', check, options.within);
    this.#cursor = this.streams.indexOf(stream) + 1;
    return stream;
  }

  stream(url: SseUrlMatcher, options: { within?: number | undefined } = {}): Promise<SseStream> {
    const check = () => this.streams.findLast((stream) => urlMatches(url, stream.url, this.#baseURL));
    return this.#wait(`observer.stream(${describeMatcher(url)})`, check, options.within);
  }

  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      if ('newCDPSession' in this.#target) this.#target.off('page', this.#onPage);
      const sessions = [...this.#sessions];
      this.#sessions.clear();
      for (const stream of this.streams) stream.stop('closed');
      await Promise.all(sessions.map((session) => session.detach().catch(() => {})));
    })();
    return this.#stopped;
  }

  async #wait(
    call: string,
    check: () => SseStream | undefined,
    within: number | undefined,
  ): Promise<SseStream> {
    const { ms } = deadline({}, within);
    const found = await waitFor(this, check, ms);
    if (found !== TIMED_OUT) return found;
    const seen = this.streams.map((stream) => `${stream.status} ${redactUrl(stream.url)}`);
    throw noStreamWithin(call, ms, this.#url === undefined ? 'every URL' : describeMatcher(this.#url), seen);
  }

  #wake(): void {
    for (const wake of [...this.#listeners]) wake();
  }

  async #watch(page: Page): Promise<void> {
    if (this.#stopped) return;
    const session = await page.context().newCDPSession(page);
    this.#sessions.add(session);
    const sent = new Map<string, Sent>();
    // A request's wire headers (below) reported before the request itself: the protocol says they
    // come "before or after requestWillBeSent". Kept until it comes, a bounded few.
    const wiredFirst = new Map<string, Record<string, string>>();
    const live = new Map<string, Live>();
    session.on('Network.requestWillBeSent', (event) => {
      const { request } = event;
      if (!/^https?:/.test(request.url)) return;
      // An EventSource is a stream whatever it is answered with: turn streaming on before the answer
      // comes, or a short stream can finish before the call reaches the browser (then only
      // getResponseBody is left, which has the bytes but not their times).
      const early = event.type === 'EventSource' && !event.redirectResponse;
      const previous = sent.get(event.requestId);
      let wire = () => {};
      const wired = new Promise<void>((resolve) => {
        wire = resolve;
      });
      const entry: Sent = {
        wired: previous?.wired ?? wired,
        wire: previous?.wire ?? wire,
        streaming: early ? startStreaming(session, event.requestId) : previous?.streaming,
        method: request.method,
        url: request.url,
        headers: requestHeaders(request.headers),
        body: request.postData,
        start: this.#clock.at(event.timestamp),
        type: event.type,
      };
      sent.set(event.requestId, entry);
      const before = wiredFirst.get(event.requestId);
      if (before) {
        wiredFirst.delete(event.requestId);
        Object.assign(entry.headers, before);
        entry.wire();
      }
    });
    // The headers as sent on the wire, `Last-Event-ID` and cookies included. Chromium may report
    // them after the response's head: the stream waits for them a moment (see #stream).
    /** Requests answered as streams whose wire headers may still come. */
    const streaming = new Map<string, Sent>();
    session.on('Network.requestWillBeSentExtraInfo', (event) => {
      const request = sent.get(event.requestId) ?? streaming.get(event.requestId);
      if (!request) {
        if (wiredFirst.size >= 256) wiredFirst.delete(wiredFirst.keys().next().value as string);
        wiredFirst.set(event.requestId, requestHeaders(event.headers));
        return;
      }
      Object.assign(request.headers, requestHeaders(event.headers));
      request.wire();
    });
    session.on('Network.responseReceived', (event) => {
      const request = sent.get(event.requestId);
      sent.delete(event.requestId);
      const { response } = event;
      const headers = lowerCase(response.headers);
      const stream = request?.type === 'EventSource' || isEventStream(headers);
      if (!request || !stream || !urlMatches(this.#url ?? '**', response.url, this.#baseURL)) return;
      const id = event.requestId;
      const entry: Live = { stream: undefined, body: undefined, pending: [], held: [], finished: undefined };
      live.set(id, entry);
      streaming.set(id, request);
      const streamed = request.streaming ?? startStreaming(session, id);
      const record = () => {
        streaming.delete(id);
        this.#record(entry, request, event.timestamp, response, headers, () => live.delete(id));
      };
      void Promise.race([request.wired, delay(WIRE_HEADERS_WAIT)]).then(() =>
        this.#stream(session, id, entry, record, streamed),
      );
    });
    session.on('Network.dataReceived', (event) => {
      const entry = live.get(event.requestId);
      if (!entry) return;
      const at = this.#clock.at(event.timestamp);
      if (event.data === undefined) entry.pending?.push({ length: event.dataLength, at });
      else if (entry.pending) entry.held.push({ bytes: Buffer.from(event.data, 'base64'), at });
      else feed(entry, Buffer.from(event.data, 'base64'), at);
    });
    session.on('Network.loadingFinished', (event) => {
      const entry = live.get(event.requestId);
      if (!entry) return;
      entry.finished = () => finish(entry, 'ended');
      if (!entry.pending) entry.finished();
    });
    session.on('Network.loadingFailed', (event) => {
      sent.delete(event.requestId);
      const entry = live.get(event.requestId);
      if (!entry) return;
      // Canceled: the page let go (EventSource.close(), an aborted fetch, navigation).
      const error = event.canceled
        ? undefined
        : pageStreamBroke(entry.stream?.url ?? '(the page)', event.errorText);
      entry.finished = () => finish(entry, error ? 'errored' : 'closed', error);
      if (!entry.pending) entry.finished();
    });
    page.once('close', () => {
      for (const entry of live.values()) finish(entry, 'closed');
      streaming.clear();
      this.#sessions.delete(session);
    });
    await session.send('Network.enable');
  }

  /** Makes the observed stream of `entry`, now that its request's wire headers are known. */
  #record(
    entry: Live,
    request: Sent,
    timestamp: number,
    response: { status: number; url: string },
    headers: Record<string, string>,
    forget: () => void,
  ): void {
    const stream = new SseStream({
      request: {
        url: new URL(request.url),
        method: request.method,
        headers: request.headers,
        body: request.body,
      },
      keepEvents: true,
      maxEventSize: Number.POSITIVE_INFINITY,
      start: request.start,
    });
    stream.attach({ release: async () => forget(), stopped: forget });
    const at = this.#clock.at(timestamp);
    stream.opened({ status: response.status, headers, url: response.url, at });
    const eventStream = isEventStreamAnswer(response.status, headers);
    if (eventStream) stream.connected(at, request.headers['last-event-id']);
    else entry.body = new BodyCollector();
    entry.stream = stream;
    this.streams.push(stream);
    this.openings.push({ method: request.method, url: request.url, headers: request.headers, stream });
    this.#wake();
  }

  /** Makes the stream, plays back what arrived before streaming was on, then lets data events through. */
  async #stream(
    session: CDPSession,
    requestId: string,
    entry: Live,
    record: () => void,
    streaming: Promise<Buffer | undefined>,
  ): Promise<void> {
    if (this.#stopped) return;
    record();
    // The response finished before streaming could start: its whole body is still there.
    const buffered =
      (await streaming) ??
      (await session
        .send('Network.getResponseBody', { requestId })
        .then(({ body, base64Encoded }) => Buffer.from(body, base64Encoded ? 'base64' : 'utf8'))
        .catch(() => Buffer.alloc(0)));
    const pending = entry.pending ?? [];
    entry.pending = undefined;
    // The arrivals before streaming carry lengths and times but no bytes: cut the buffered bytes
    // along them, so each piece keeps its own arrival time.
    let offset = 0;
    for (const { length, at } of pending) {
      if (offset >= buffered.length) break;
      feed(entry, buffered.subarray(offset, offset + length), at);
      offset += length;
    }
    if (offset < buffered.length) feed(entry, buffered.subarray(offset), pending.at(-1)?.at ?? now());
    for (const { bytes, at } of entry.held) feed(entry, bytes, at);
    entry.held = [];
    entry.finished?.();
  }
}
