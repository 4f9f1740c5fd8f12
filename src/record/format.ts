/**
 * The `*.sse.json` recording format, version 1: one stream as it was received, connection by
 * connection and chunk by chunk, with arrival times, so a replay can serve it again byte for byte
 * and with its timing. Documented in docs/recording-format.md; a change of shape is a new version.
 *
 * @example
 * const recording: SseRecording = {
 *   version: 1,
 *   recordedAt: '2026-12-02T15:00:00.000Z',
 *   request: { method: 'GET', url: 'http://127.0.0.1:3000/ticker', headers: { accept: 'text/event-stream' } },
 *   connections: [{ at: 12.5, status: 200, headers: { 'content-type': 'text/event-stream' },
 *     chunks: [{ at: 13.1, text: 'data: hi\n\n' }], end: 20, ending: 'ended' }],
 * };
 */
export interface SseRecording {
  /** The format's version: this is 1. A file of another version is refused, never guessed at. */
  readonly version: typeof RECORDING_VERSION;
  /** When the stream was opened, as an ISO 8601 date (wall clock; every other time is relative). */
  readonly recordedAt: string;
  /** The first request as sent, secrets redacted (`[redacted]`, as in every message and report). */
  readonly request: RecordedRequestHead;
  /** Each connection answered: the first, then one per reconnection, in order. */
  readonly connections: readonly RecordedConnection[];
}

/** The request that opened the stream. */
export interface RecordedRequestHead {
  readonly method: string;
  /** The URL as requested, credentials in its query and userinfo redacted. */
  readonly url: string;
  /** Lower-case names; credential headers (`authorization`, `cookie`, `x-api-key`...) redacted. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as UTF-8 text, when there was one. */
  readonly body?: string | undefined;
}

/** One connection: its response head, every body chunk as it came, and how it ended. */
export interface RecordedConnection {
  /** ms from the request start (`timing.start`) to this connection's response head. */
  readonly at: number;
  readonly status: number;
  /** Response headers, lower-case names, as received (`set-cookie` redacted). */
  readonly headers: Readonly<Record<string, string>>;
  /** The `Last-Event-ID` this connection's request sent, for a reconnection that sent one. */
  readonly lastEventId?: string | undefined;
  /** The body's chunks in arrival order (after Content-Encoding was undone). */
  readonly chunks: readonly RecordedChunk[];
  /** ms from the request start to the end of this connection; absent if it was still open. */
  readonly end?: number | undefined;
  /** How the connection ended: the server ended it, it broke, the client closed it, or still open. */
  readonly ending: 'ended' | 'errored' | 'closed' | 'open';
}

/** One body chunk: its bytes, as UTF-8 `text` when they are valid UTF-8, else as `base64`. */
export type RecordedChunk =
  | { readonly at: number; readonly text: string; readonly base64?: undefined }
  | { readonly at: number; readonly base64: string; readonly text?: undefined };

/** The version this package writes and reads. */
export const RECORDING_VERSION = 1;
