import type { SseStream } from '../client/stream.ts';
import { now } from '../util/clock.ts';

/** Milliseconds since `open()` was called: the clock of `event.time` and of `stream.timing`. */
export function sinceOpen(stream: SseStream): number {
  return now() - stream.timing.start;
}

/** A duration or moment for a message, such as `120 ms`. */
export function showMs(value: number): string {
  return `${Math.round(value)} ms`;
}

/** How a stream that is no longer open stopped: `ended at 80 ms`, `broke at 80 ms: <why>`... */
export function stopped(stream: SseStream): string {
  const at = stream.timing.end === undefined ? '' : ` at ${showMs(stream.timing.end)}`;
  if (stream.state === 'errored') return `broke${at}: ${stream.error?.message ?? 'no reason given'}`;
  if (stream.state === 'closed') return `was closed by the client${at}`;
  return `${stream.state}${at}`;
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
