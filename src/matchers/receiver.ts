import type { Recording } from '../client/recording.ts';
import { SseStream } from '../client/stream.ts';
import { notRecorded } from '../errors/messages.ts';
import { printValue } from './print.ts';

/** What every matcher returns; the runner inverts `pass` for `.not` and calls `message` on failure. */
export interface MatcherResult {
  pass: boolean;
  message: () => string;
}

/**
 * The stream under test, or a TypeError that says how to fix the call: a Promise means a missing
 * `await` on `sse.open()`.
 */
export function streamOf(received: unknown, matcher: string): SseStream {
  if (received instanceof SseStream) return received;
  const what =
    received instanceof Promise || typeof (received as PromiseLike<unknown> | null)?.then === 'function'
      ? 'a Promise — did you forget await?'
      : printValue(received);
  throw new TypeError(`${matcher}() expects an SseStream from sse.open(); received ${what}`);
}

/** The stream and its recording, for matchers that read events (which `record: 'timing'` does not keep). */
export function eventsOf(received: unknown, matcher: string): { stream: SseStream; recording: Recording } {
  const stream = streamOf(received, matcher);
  if (!stream.recording.keepEvents) throw notRecorded(stream.url);
  return { stream, recording: stream.recording };
}
