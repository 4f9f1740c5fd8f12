import { Client, type Dispatcher } from 'undici';
import { lastEventIdHeader } from '../util/last-event-id.ts';

export type { Dispatcher };

/** One HTTP request as the transport sends it: no redirects, no decoding, no retries. */
export interface TransportRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  dispatcher: Dispatcher | undefined;
  ignoreHTTPSErrors: boolean;
}

/** Where the response goes; exactly one of `onEnd` / `onError` is called, never after `abort()`. */
export interface ResponseSink {
  onHeaders(status: number, headers: Record<string, string>): void;
  onData(chunk: Uint8Array): void;
  onEnd(): void;
  onError(error: Error): void;
}

/** A request in flight. */
export interface Exchange {
  /** Stops the request if it still runs and releases its socket; resolves once it is gone. Idempotent. */
  release(): Promise<void>;
}

// One reason object for every abort: undici hands it to handlers we no longer listen to, and building
// an Error (with its stack trace) per closed stream is measurable when thousands close at once.
const ABORTED = new Error('sse-test closed the stream');

/**
 * Sends one request. Without a user dispatcher each request gets its own single-connection undici
 * `Client`, destroyed with the stream: a shared pool would scan every open connection on each new
 * request, which makes opening thousands of long-lived streams quadratic (see docs/transport.md).
 */
export function send(request: TransportRequest, sink: ResponseSink): Exchange {
  const { url, dispatcher } = request;
  const own =
    dispatcher === undefined
      ? new Client(url.origin, {
          // SSE bodies are long-lived and may be silent for minutes; our own `timeout` covers headers.
          bodyTimeout: 0,
          headersTimeout: 0,
          ...(request.ignoreHTTPSErrors ? { connect: { rejectUnauthorized: false } } : {}),
        })
      : undefined;
  let controller: Dispatcher.DispatchController | undefined;
  let settled = false;
  let released: Promise<void> | undefined;

  const handler: Dispatcher.DispatchHandler = {
    onRequestStart(ctl) {
      controller = ctl;
      if (settled) ctl.abort(ABORTED);
    },
    onResponseStart(_ctl, status, headers) {
      if (!settled) sink.onHeaders(status, flattenHeaders(headers));
    },
    onResponseData(_ctl, chunk) {
      if (!settled) sink.onData(chunk);
    },
    onResponseEnd() {
      if (settled) return;
      settled = true;
      sink.onEnd();
    },
    onResponseError(_ctl, error) {
      if (settled) return;
      settled = true;
      sink.onError(error);
    },
  };

  try {
    (own ?? (dispatcher as Dispatcher)).dispatch(
      {
        origin: url.origin,
        path: url.pathname + url.search,
        method: request.method as Dispatcher.HttpMethod,
        headers: wireHeaders(request.headers),
        body: request.body ?? null,
        bodyTimeout: 0,
        headersTimeout: 0,
      },
      handler,
    );
  } catch (error) {
    // Invalid request options throw synchronously; report them like any other failure, asynchronously.
    queueMicrotask(() => handler.onResponseError?.(undefined as never, error as Error));
  }

  return {
    release() {
      if (released) return released;
      const wasSettled = settled;
      settled = true;
      if (own) {
        // Destroying our own client ends its one request with our prebuilt reason; aborting through
        // the controller first would make undici build a new error, stack trace and all, per stream.
        released = own.destroy(ABORTED).catch(() => {});
      } else {
        if (!wasSettled && controller && !controller.aborted) controller.abort(ABORTED);
        released = Promise.resolve();
      }
      return released;
    },
  };
}

/** The headers as undici must be given them: `Last-Event-ID` as its UTF-8 bytes, as the spec sends it. */
function wireHeaders(headers: Record<string, string>): Record<string, string> {
  const id = headers['last-event-id'];
  if (id === undefined) return headers;
  const value = lastEventIdHeader(id);
  return value === id ? headers : { ...headers, 'last-event-id': value };
}

/** Lower-case names; repeated headers joined with `, ` (`set-cookie` with `\n`, as Playwright does). */
function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const key = name.toLowerCase();
    flat[key] = Array.isArray(value) ? value.join(key === 'set-cookie' ? '\n' : ', ') : value;
  }
  return flat;
}
