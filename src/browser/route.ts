import type { BrowserContext, Page, Request, Route } from '@playwright/test';
import type { SseOpenOptions } from '../client/options.ts';
import type { SseRecording } from '../record/format.ts';
import { replayHandler, type SseReplayOptions } from '../server/replay.ts';
import type { RecordedRequest } from '../server/request.ts';
import { ResponseStream } from '../server/response-stream.ts';
import type { RouteHandler } from '../server/router.ts';
import type { SseWriter } from '../server/writer.ts';
import { passthroughHandler, type SsePassthrough } from './passthrough.ts';
import type { RouteHost } from './route-host.ts';
import { urlMatches } from './url-match.ts';

/** What `sse.route()` and `sse.observe()` watch: one page, or every page of a context. */
export type SseTarget = Page | BrowserContext;

/**
 * Which URLs: a glob, RegExp or predicate, as `page.route()` takes them. A path glob (`/events`)
 * matches that path on `baseURL`'s origin, or on any origin without one; see `urlMatches`.
 */
export type SseUrlMatcher = string | RegExp | ((url: URL) => boolean);

/**
 * The page's requests that `sse.route()` took, and how to let go of them.
 *
 * @example
 * const route = await sse.route(page, '/notifications', async (sse) => { await sse.send('hi'); });
 * expect(route.requests.at(-1)?.lastEventId).toBe('7');
 */
export interface SseRoute {
  /** What was routed, as given. */
  readonly url: SseUrlMatcher;
  /**
   * Every request that reached the handler, in order, as the page sent it: its own URL, method,
   * headers (with `Last-Event-ID` on a reconnection), body and `lastEventId`.
   */
  readonly requests: readonly RecordedRequest[];
  /** What the handler threw, in order (the page only sees a 500 or a cut stream). */
  readonly errors: readonly unknown[];
  /**
   * Requests the browser made for this route that never reached the handler, with the browser's
   * reason (`net::ERR_CERT_AUTHORITY_INVALID`, `net::ERR_FAILED`, ...). The fixture reports them
   * when a test fails; docs/front-ends.md says what causes each.
   */
  readonly failures: readonly { readonly url: string; readonly error: string }[];
  /** Stops routing: later requests go to the network; streams already answered go on. Idempotent. */
  unroute(): Promise<void>;
}

/**
 * A recording served to the page, with how to play it (as `server.replay()` takes them): the
 * route's k-th request gets the recording's k-th connection, later ones a 204.
 *
 * @example
 * await sse.route(page, '/ticker', { recording: await loadRecording('ticker.sse.json'), speed: 4 });
 */
export interface SseRouteReplay extends SseReplayOptions {
  recording: SseRecording;
}

/** A handler, a passthrough to the real server, or a recording (bare, or with replay options). */
export type SseRouteAnswer = RouteHandler | SsePassthrough | SseRecording | SseRouteReplay;

/** The route's bookkeeping, with the mutable lists behind {@link SseRoute}'s read-only ones. */
export class PageRoute implements SseRoute {
  readonly url: SseUrlMatcher;
  readonly requests: RecordedRequest[] = [];
  readonly errors: unknown[] = [];
  readonly failures: { url: string; error: string }[] = [];
  readonly #target: SseTarget;
  readonly #host: RouteHost;
  readonly #handler: RouteHandler;
  readonly #onRoute = (route: Route, request: Request) => this.#continue(route, request);
  /** The URL test handed to Playwright: ours, so that route and observe read a matcher alike. */
  readonly #matches: (url: URL) => boolean;
  readonly #onFailed = (request: Request) => this.#failed(request);
  #unrouted: Promise<void> | undefined;
  readonly #handlerFlushes: boolean;

  constructor(
    target: SseTarget,
    url: SseUrlMatcher,
    answer: SseRouteAnswer,
    host: RouteHost,
    defaults: SseOpenOptions,
  ) {
    this.#target = target;
    this.url = url;
    this.#matches = (candidate) => urlMatches(url, candidate.href, defaults.baseURL);
    this.#host = host;
    this.#handlerFlushes = typeof answer === 'function';
    const handler = answerHandler(answer, defaults);
    this.#handler = async (writer, request) => {
      answerAcrossOrigins(writer, request);
      try {
        return await handler(writer, request);
      } catch (error) {
        this.errors.push(error);
        throw error;
      }
    };
  }

  /** Starts routing. */
  async start(): Promise<this> {
    this.#target.on('requestfailed', this.#onFailed);
    await this.#target.route(this.#matches, this.#onRoute);
    return this;
  }

  unroute(): Promise<void> {
    this.#unrouted ??= (async () => {
      this.#target.off('requestfailed', this.#onFailed);
      // The page or context may be closed already, which undid the route with it.
      await this.#target.unroute(this.#matches, this.#onRoute).catch(() => {});
    })();
    return this.#unrouted;
  }

  async #continue(route: Route, request: Request): Promise<void> {
    const url = request.url();
    if (!/^https?:/.test(url)) return route.fallback();
    const sameSite = isSameSite(request);
    const target = await this.#host.admit(this, url, (writer, seen) => this.#answer(writer, seen, sameSite));
    // "Route is already handled" when the page went away meanwhile, or at teardown: nothing to do.
    await route.continue({ url: target }).catch(() => {});
  }

  /**
   * Answers one request as the page sent it: with the cookies the browser holds for its URL, read
   * when it arrives (a cookie the page set just before its request may not be in the context's
   * store any sooner), then the handler, whose headers go out after its synchronous start as on
   * the embedded server.
   */
  async #answer(writer: SseWriter, seen: RecordedRequest, sameSite: boolean): Promise<unknown> {
    if (writer instanceof ResponseStream) writer.holdHeaders();
    const cookie = await cookiesFor(this.#target, seen.url, sameSite);
    const request = cookie === undefined ? seen : { ...seen, headers: { ...seen.headers, cookie } };
    this.requests.push(request);
    const done = this.#handler(writer, request);
    // A passthrough holds its headers until the real server answers; a handler's go out as usual.
    if (this.#handlerFlushes) setImmediate(() => void writer.flush());
    return done;
  }

  #failed(request: Request): void {
    const pageUrl = this.#host.unreached(this, request.url());
    const error = request.failure()?.errorText ?? 'unknown error';
    // ERR_ABORTED is the page letting go (EventSource.close(), navigation), not a failure.
    if (pageUrl && error !== 'net::ERR_ABORTED') this.failures.push({ url: pageUrl, error });
  }
}

/** The handler behind an answer; a recording's is checked at once, so `sse.route()` throws. */
function answerHandler(answer: SseRouteAnswer, defaults: SseOpenOptions): RouteHandler {
  if (typeof answer === 'function') return answer;
  if ('passthrough' in answer) return passthroughHandler(answer, defaults);
  const { recording, ...options } = 'recording' in answer ? answer : { recording: answer };
  // The page's origin gets the route's own CORS answer, not the one recorded for another origin.
  return replayHandler(recording, options, 'sse.route()', (name) => name.startsWith('access-control-'));
}

/**
 * The `Cookie` header the page's request would have carried: the context's cookies for its URL,
 * SameSite ones only for a same-site request. Whether a cross-origin `fetch` sent credentials at
 * all is not known here, so its SameSite=None cookies are included.
 */
async function cookiesFor(target: SseTarget, url: string, sameSite: boolean): Promise<string | undefined> {
  const context = 'newCDPSession' in target ? target : target.context();
  const cookies = await context.cookies(url).catch(() => []);
  const sent = cookies.filter((cookie) => sameSite || cookie.sameSite === 'None');
  return sent.length === 0 ? undefined : sent.map(({ name, value }) => `${name}=${value}`).join('; ');
}

/** Whether the request is same-site: the `Origin`, or the frame's URL, says where it came from. */
function isSameSite(request: Request): boolean {
  const from = request.headers().origin ?? safeFrameUrl(request);
  return from === undefined || !URL.canParse(from) || site(new URL(from)) === site(new URL(request.url()));
}

function safeFrameUrl(request: Request): string | undefined {
  try {
    return request.frame().url();
  } catch {
    return undefined; // a service worker's request has no frame
  }
}

/** The registrable part of a host, roughly: its last two labels (an IP or `localhost` as is). */
function site(url: URL): string {
  const host = url.hostname;
  if (/^[\d.]+$/.test(host) || host.includes(':')) return `${url.protocol}//${host}`;
  return `${url.protocol}//${host.split('.').slice(-2).join('.')}`;
}

/**
 * A cross-origin request is answered as a real backend would: `Access-Control-Allow-Origin` naming
 * the page's origin, with credentials allowed (the wire does not say whether the page sent them, and
 * allowing them costs nothing when it did not). The handler's own headers, set later, win.
 * Preflights never get here: Playwright answers them for routed requests.
 */
function answerAcrossOrigins(writer: SseWriter, request: RecordedRequest): void {
  const origin = request.headers.origin;
  if (origin === undefined || origin === new URL(request.url).origin) return;
  writer.headers({
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    vary: 'Origin',
  });
}
