import type { SseStream } from '../client/stream.ts';
import type { SseError } from '../errors/sse-error.ts';
import { now } from '../util/clock.ts';

/** Milliseconds since `open()` was called: the clock of `event.time` and of `stream.timing`. */
export function sinceOpen(stream: SseStream): number {
  return now() - stream.timing.start;
}

/** A duration or moment for a message, such as `120 ms`. */
export function showMs(value: number): string {
  return `${Math.round(value)} ms`;
}

/**
 * How a stream that is no longer open stopped: `ended at 80 ms`, `broke at 80 ms: read ECONNRESET`...
 * With `since` (a moment since `open()`, such as a matcher's call), also how long after it:
 * `broke at 80 ms, 30 ms after the call: read ECONNRESET`.
 */
export function stopped(stream: SseStream, since?: number): string {
  const end = stream.timing.end;
  const at = end === undefined ? '' : ` at ${showMs(end)}`;
  const after =
    since === undefined ? '' : `, ${showMs(Math.max(0, (end ?? sinceOpen(stream)) - since))} after the call`;
  if (stream.state === 'errored') return `broke${at}${after}: ${whyBroke(stream.error)}`;
  if (stream.state === 'closed') return `was closed by the client${at}${after}`;
  return `${stream.state}${at}${after}`;
}

/**
 * Why a stream broke, to follow "broke: " in a sentence of ours: a `stream-error` says it with its
 * cause (its own message repeats the URL, which the message's Stream line shows), and no reason ends
 * in a full stop, so that the sentence can go on.
 */
export function whyBroke(error: SseError | undefined): string {
  if (!error) return 'no reason given';
  // A stream-error reads "The stream from <url> broke: <reason> (<what commonly causes it>).": keep
  // what follows "broke: ", hint included.
  const broke = error.type === 'stream-error' ? error.message.indexOf(' broke: ') : -1;
  const reason = broke >= 0 ? error.message.slice(broke + ' broke: '.length) : error.message;
  return reason.replace(/\.+$/, '');
}

/**
 * Checks a matcher's millisecond argument, so that a typo fails with a clear message instead of a
 * wait of `NaN` ms.
 */
export function checkMs(value: unknown, matcher: string, what: string): number {
  if (typeof value === 'number' && value >= 0 && Number.isFinite(value)) return value;
  throw new TypeError(
    `${matcher}() expects ${what} as milliseconds (a number >= 0); received ${String(value)}.`,
  );
}
