import type { Recording } from '../client/recording.ts';
import { SseStream } from '../client/stream.ts';
import { notRecorded } from '../errors/messages.ts';
import { printValue } from './print.ts';

/** What every matcher returns; the runner inverts `pass` for `.not` and calls `message` on failure. */
export interface MatcherResult {
  pass: boolean;
  message: () => string;
}

/** The stream under test, or a TypeError that says how to fix the call. */
export function streamOf(received: unknown, matcher: string): SseStream {
  if (received instanceof SseStream) return received;
  throw new TypeError(
    `${matcher}() expects an SseStream from sse.open(); received ${printReceived(received)}`,
  );
}

/** What a matcher was given, for a misuse message; a Promise means a missing `await`. */
export function printReceived(received: unknown): string {
  return isThenable(received) ? FORGOT_AWAIT : printValue(received);
}

const FORGOT_AWAIT = 'a Promise — did you forget await?';

/** Whether `value` is a Promise or any other thenable (what an `async` function returns). */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value instanceof Promise || typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/** The stream and its recording, for matchers that read events (which `record: 'timing'` does not keep). */
export function eventsOf(received: unknown, matcher: string): { stream: SseStream; recording: Recording } {
  const stream = streamOf(received, matcher);
  if (!stream.recording.keepEvents) throw notRecorded(stream.url);
  return { stream, recording: stream.recording };
}
