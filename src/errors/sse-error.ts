/**
 * What went wrong, as a value callers can switch on (never match on message text).
 *
 * - `connect-failed`: no response could be had (refused, DNS, TLS, reset before headers).
 * - `timeout`: no response headers within `timeout` ms, or a `within` deadline passed.
 * - `aborted`: the caller's `AbortSignal` fired while opening.
 * - `too-many-redirects` / `bad-redirect`: a redirect chain that cannot be followed.
 * - `event-too-large`: one event grew past `maxEventSize` without being dispatched.
 * - `stream-error`: the connection broke after the response started (reset, bad encoding).
 * - `reconnect-failed`: a reconnection was answered with something other than an event stream.
 * - `stream-stopped`: `next()` was called on a stream that will receive no more events.
 * - `not-recorded`: events were read from a stream opened with `record: 'timing'`.
 * - `invalid-json`: `event.json()` on data that is not JSON.
 * - `invalid-option`: `open()` (or `load()`) was called with options that cannot work together.
 * - `thresholds-missed`: a load run given `thresholds` missed some (the message has the table).
 * - `unsupported-browser`: `sse.observe()` in a browser without the protocol it needs (Chromium's CDP).
 * - `route-failed`: the browser failed a routed request before it reached the route's handler.
 * - `bad-recording`: `loadRecording()` was given a file that cannot be read, is not JSON, is not a
 *   recording, or is a recording of another format version.
 */
export type SseErrorType =
  | 'connect-failed'
  | 'timeout'
  | 'aborted'
  | 'too-many-redirects'
  | 'bad-redirect'
  | 'event-too-large'
  | 'stream-error'
  | 'reconnect-failed'
  | 'stream-stopped'
  | 'not-recorded'
  | 'invalid-json'
  | 'invalid-option'
  | 'thresholds-missed'
  | 'unsupported-browser'
  | 'route-failed'
  | 'bad-recording';

import { redactText, redactUrl } from '../util/redact.ts';

/** Context carried by an {@link SseError}; every field is optional because not every failure has it. */
export interface SseErrorContext {
  /** The URL involved, as given; the error keeps it redacted. */
  url?: string | undefined;
  status?: number | undefined;
  contentType?: string | undefined;
  /** The OS or library error code behind the failure, such as `ECONNREFUSED`. */
  code?: string | undefined;
  cause?: unknown;
}

/**
 * The one error class of sse-test: `type` says what happened, the context fields say where.
 * Its message and `url` are redacted when it is made (see `redactUrl`), so no credential in a URL
 * reaches a log, a report or `util.inspect` output.
 *
 * @example
 * try { await open(url) } catch (e) { if (e instanceof SseError && e.type === 'timeout') ... }
 */
export class SseError extends Error {
  override readonly name = 'SseError';
  readonly type: SseErrorType;
  /**
   * The URL that failed, for people to read: userinfo and credential-like query values are
   * `[redacted]`. Keep the URL you passed to `open()` (or `stream.url`) if you need to request it again.
   */
  readonly url: string | undefined;
  readonly status: number | undefined;
  readonly contentType: string | undefined;
  readonly code: string | undefined;

  constructor(type: SseErrorType, message: string, context: SseErrorContext = {}) {
    super(redactText(message), context.cause === undefined ? undefined : { cause: context.cause });
    this.type = type;
    this.url = context.url === undefined ? undefined : redactUrl(context.url);
    this.status = context.status;
    this.contentType = context.contentType;
    this.code = context.code;
  }
}
