import * as errors from '../errors/connect.ts';
import type { SseError } from '../errors/sse-error.ts';
import { now } from '../util/clock.ts';
import { type BodyDecoder, createBodyDecoder } from './content-encoding.ts';
import { type PreparedRequest, redirectRequest } from './options.ts';
import { type Dispatcher, type Exchange, send } from './transport.ts';

/** The final response's head, after redirects. */
export interface ResponseHead {
  status: number;
  headers: Record<string, string>;
  url: string;
  /** `now()` when the head arrived. */
  at: number;
}

/** What one connection reports, in this order: `head`, then `data`*, then `end` or `error`. */
export interface ConnectionListener {
  head(head: ResponseHead): void;
  /** Decoded body bytes; `arrivedAt` is `now()` when their (possibly compressed) bytes came off the wire. */
  data(bytes: Uint8Array, arrivedAt: number): void;
  end(): void;
  /** Before `head`: no response could be had. After: the body broke. */
  error(error: SseError): void;
}

export interface ConnectOptions {
  dispatcher: Dispatcher | undefined;
  ignoreHTTPSErrors: boolean;
  /** Milliseconds until the final response head, redirects included; 0 for none. */
  timeout: number;
  signal: AbortSignal | undefined;
}

const MAX_REDIRECTS = 20;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * One connection of a stream: sends the request, follows redirects, enforces the head timeout and
 * undoes Content-Encoding. Returns `release()`, which stops it at any point and frees its socket.
 */
export function connect(first: PreparedRequest, options: ConnectOptions, listener: ConnectionListener) {
  let request = first;
  let exchange: Exchange | undefined;
  let decoder: BodyDecoder | undefined;
  let redirects = 0;
  let done = false;
  const timer = options.timeout > 0 ? setTimeout(onTimeout, options.timeout) : undefined;
  const { signal } = options;
  signal?.addEventListener('abort', onAbort);

  let headFinished = false;
  // Once only: with thousands of streams on one signal, each removal walks its listener list.
  function finishHead() {
    if (headFinished) return;
    headFinished = true;
    if (timer) clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  function fail(error: SseError) {
    if (done) return;
    done = true;
    finishHead();
    decoder?.destroy();
    void exchange?.release();
    listener.error(error);
  }
  function onTimeout() {
    fail(errors.noHeadersWithin(request.url.href, options.timeout, redirects));
  }
  function onAbort() {
    fail(errors.openingAborted(request.url.href, 'during', signal?.reason));
  }

  function start() {
    let headed = false;
    const current = request;
    exchange = send(
      { ...current, dispatcher: options.dispatcher, ignoreHTTPSErrors: options.ignoreHTTPSErrors },
      {
        onHeaders(status, headers) {
          const location = headers.location;
          if (REDIRECTS.has(status) && location !== undefined) return redirect(current, status, location);
          headed = true;
          finishHead();
          try {
            decoder = createBodyDecoder(
              headers['content-encoding'],
              (bytes, arrivedAt) => listener.data(bytes, arrivedAt),
              bodyError,
            );
          } catch (cause) {
            listener.head({ status, headers, url: current.url.href, at: now() });
            return bodyError(cause as Error);
          }
          listener.head({ status, headers, url: current.url.href, at: now() });
        },
        onData(chunk) {
          if (!headed || done) return;
          const arrivedAt = now();
          if (decoder) decoder.write(chunk, arrivedAt);
          else listener.data(chunk, arrivedAt);
        },
        onEnd() {
          if (!headed || done) return;
          const finish = () => {
            if (done) return;
            done = true;
            listener.end();
          };
          if (decoder) decoder.end(finish);
          else finish();
        },
        onError(error) {
          if (headed) bodyError(error);
          else if (!done) fail(errors.describeConnectError(current.url.href, error));
        },
      },
    );
  }

  function bodyError(cause: Error) {
    fail(errors.streamBroke(request.url.href, cause));
  }

  function redirect(from: PreparedRequest, status: number, location: string) {
    void exchange?.release();
    let target: URL;
    try {
      target = new URL(location, from.url);
    } catch {
      return fail(errors.invalidRedirect(from.url.href, status, location));
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      return fail(errors.redirectNotHttp(from.url.href, status, target.href));
    }
    if (++redirects > MAX_REDIRECTS) {
      return fail(errors.tooManyRedirects(first.url.href, from.url.href, status, MAX_REDIRECTS, target.href));
    }
    request = redirectRequest(from, status, target);
    start();
  }

  start();
  return {
    release(): Promise<void> {
      done = true;
      finishHead();
      decoder?.destroy();
      return exchange?.release() ?? Promise.resolve();
    },
  };
}
