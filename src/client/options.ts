import * as errors from '../errors/options.ts';
import { ACCEPT_ENCODING } from './content-encoding.ts';
import type { Dispatcher } from './transport.ts';

/** Everything `open()` accepts besides the URL. */
export interface SseOpenOptions {
  /** HTTP method. Default `'GET'`. */
  method?: string;
  /** Extra request headers; `Accept`, `Cache-Control` and `Pragma` are set for you unless given here. */
  headers?: Record<string, string> | Headers;
  /** Request body, sent as is. Not together with `json`. */
  body?: string | Uint8Array;
  /** A value sent as a JSON body, with `Content-Type: application/json` unless a header sets another. */
  json?: unknown;
  /** Resolves a relative `url`, like Playwright's `use.baseURL`. */
  baseURL?: string;
  /** Sent as `Last-Event-ID` on the first request (reconnections send the stream's own). */
  lastEventId?: string;
  /** Milliseconds to wait for response headers, redirects included. Default 30,000; `0` waits forever. */
  timeout?: number;
  /** Aborts opening (rejects with `aborted`) or, once open, closes the stream. */
  signal?: AbortSignal;
  /**
   * Reconnect as an EventSource does when the server ends the stream or the connection breaks:
   * waits the `retry:` time as given, however small (else `delay`, default 1,000 ms), requests the
   * original URL again (its redirects followed anew) with `Last-Event-ID`, stops on 204 or on an
   * answer that is not a 200 event stream. Off by default. `maxAttempts` (default 10) bounds the
   * reconnections over the stream's life. A first request with no answer rejects `open()` all the same.
   */
  reconnect?: boolean | { maxAttempts?: number; delay?: number };
  /** Largest event data, in UTF-8 bytes; a bigger event errors the stream instead of growing memory. Default 16 MiB. */
  maxEventSize?: number;
  /** An undici Dispatcher for proxies, custom TLS or HTTP/2; it stays yours (never closed by us). */
  dispatcher?: Dispatcher;
  /** Accept any TLS certificate (self-signed test servers). Ignored with a custom `dispatcher`. */
  ignoreHTTPSErrors?: boolean;
  /** `'events'` (default) keeps every event; `'timing'` keeps only their arrival times, for big loads. */
  record?: 'events' | 'timing';
}

/** A request ready to send, after defaults and validation. */
export interface PreparedRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
}

/** `open()`'s options after defaults and validation: what the rest of the client reads. */
export interface ResolvedOptions {
  request: PreparedRequest;
  /** ms to the response head (and, for a non-SSE answer, again for its body); 0 for none. */
  timeout: number;
  maxEventSize: number;
  keepEvents: boolean;
  reconnect: ReconnectSettings | undefined;
  dispatcher: Dispatcher | undefined;
  ignoreHTTPSErrors: boolean;
  signal: AbortSignal | undefined;
}

/** How a stream reconnects, when `reconnect` is on. */
export interface ReconnectSettings {
  maxAttempts: number;
  /** ms before a reconnection until the server sets its own with `retry:`. */
  delay: number;
}

const MAX_EVENT_SIZE = 16 * 1024 * 1024;
/** Default reconnection time before the server sets one with `retry:`; the spec leaves it to us. */
const DEFAULT_RECONNECT_DELAY = 1000;
const DEFAULT_MAX_ATTEMPTS = 10;

/** ms `open()` waits for response headers (and, for a non-SSE answer, again for its body). */
export const DEFAULT_TIMEOUT = 30_000;

/**
 * Every option of `open()` checked and defaulted, once, before anything is sent: throws
 * `invalid-option` naming the problem and what was received.
 */
export function resolveOptions(url: string | URL, options: SseOpenOptions): ResolvedOptions {
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  if (!(timeout >= 0)) {
    throw errors.badTimeout(timeout);
  }
  return {
    request: prepareRequest(url, options),
    timeout,
    maxEventSize: maxEventSizeOf(options),
    keepEvents: options.record !== 'timing',
    reconnect: reconnectOf(options.reconnect),
    dispatcher: options.dispatcher,
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
    signal: options.signal,
  };
}

/** Resolves the URL and headers of a first request, or throws `invalid-option` naming the problem. */
export function prepareRequest(url: string | URL, options: SseOpenOptions): PreparedRequest {
  let resolved: URL;
  try {
    resolved = new URL(url, options.baseURL);
  } catch {
    throw errors.unresolvableUrl(url, options.baseURL);
  }
  if (resolved.protocol !== 'http:' && resolved.protocol !== 'https:') {
    throw errors.notHttp(resolved.href);
  }
  if (options.body !== undefined && options.json !== undefined) {
    throw errors.bodyAndJson();
  }
  // What fetch sends for an EventSource (its cache mode "no-store" appends both no-cache headers):
  // a proxy or cache in between sees the same request a browser makes.
  const headers: Record<string, string> = {
    accept: 'text/event-stream',
    'cache-control': 'no-cache',
    pragma: 'no-cache',
    'accept-encoding': ACCEPT_ENCODING,
  };
  const given =
    options.headers instanceof Headers ? Object.fromEntries(options.headers) : (options.headers ?? {});
  for (const name in given) headers[name.toLowerCase()] = String(given[name]);
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
  const lastEventId: unknown = headers['last-event-id'];
  // Caught here rather than by undici, whose "invalid last-event-id header" would read as a failure
  // to connect.
  if (lastEventId !== undefined && (typeof lastEventId !== 'string' || /[\r\n\0]/.test(lastEventId))) {
    throw errors.badLastEventId(lastEventId);
  }
  return { url: resolved, method: (options.method ?? 'GET').toUpperCase(), headers, body };
}

function reconnectOf(option: SseOpenOptions['reconnect']): ReconnectSettings | undefined {
  if (option === undefined || option === false) return undefined;
  const settings = typeof option === 'object' ? option : {};
  const maxAttempts = settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const delay = settings.delay ?? DEFAULT_RECONNECT_DELAY;
  if (!(maxAttempts >= 0) || !(delay >= 0)) {
    throw errors.badReconnect(option);
  }
  return { maxAttempts, delay };
}

/** `maxEventSize`, checked. */
function maxEventSizeOf(options: SseOpenOptions): number {
  const size = options.maxEventSize ?? MAX_EVENT_SIZE;
  if (!(size > 0)) throw errors.badMaxEventSize(size);
  return size;
}

/**
 * The request to send after a redirect, following fetch: 303 (and 301/302 after POST) become GET
 * without a body; a redirect to another origin drops credentials.
 */
export function redirectRequest(previous: PreparedRequest, status: number, location: URL): PreparedRequest {
  const headers = { ...previous.headers };
  let { method, body } = previous;
  if ((status === 303 && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
    method = 'GET';
    body = undefined;
    for (const name of [
      'content-type',
      'content-length',
      'content-encoding',
      'content-language',
      'content-location',
    ]) {
      delete headers[name];
    }
  }
  if (location.origin !== previous.url.origin) {
    // fetch removes Authorization on a cross-origin redirect; a cookie header we were given by hand
    // belongs to the first origin just the same, and so does a proxy credential.
    for (const name of ['authorization', 'cookie', 'proxy-authorization']) delete headers[name];
  }
  return { url: location, method, headers, body };
}
