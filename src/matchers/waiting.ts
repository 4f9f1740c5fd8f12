import type { SseStream } from '../client/stream.ts';
import { TIMED_OUT, waitFor } from '../util/wait.ts';
import { type Deadline, deadline, type SseMatcherContext } from './context.ts';
import { formatReport, type Report } from './message.ts';
import type { MatcherResult } from './receiver.ts';

/** How a wait ended, for the matcher's verdict and message. */
export interface Waited<T> {
  /** What `check` returned, or `TIMED_OUT`. */
  readonly result: T | typeof TIMED_OUT;
  /** The deadline waited for, after the clamp inside the test's remaining time. */
  readonly limit: Deadline;
  /** The wait timed out on a window the test's remaining time cut shorter than asked: it proves nothing. */
  readonly cutShort: boolean;
  /** The Timeout line every waiting matcher prints: when the wait timed out, and always under `.not`. */
  readonly timeout: Deadline | undefined;
}

/** What a waiting matcher says; {@link waiting} does the rest. */
export interface Waiting<T> {
  /** The matcher's name, for the hint line. */
  readonly matcher: string;
  /** The window asked for (`within` or `for`); undefined takes the runner's expect timeout. */
  readonly within: number | undefined;
  /** Looked at now and on every wake-up of the stream; the first value other than undefined ends the wait. */
  readonly check: () => T | undefined;
  /**
   * Replaces the plain `waitFor(stream, check, ms)`, for a matcher whose condition also changes with
   * time alone (a silence grows without any wake-up). Resolves `TIMED_OUT` when the window passed.
   */
  readonly wait?: (ms: number) => Promise<T | typeof TIMED_OUT>;
  /** Whether the wait's result passes, before the runner inverts it for `.not`. */
  readonly pass: (result: T | typeof TIMED_OUT) => boolean;
  /** The failure message's parts, built only when the message is shown; may replace the Timeout line. */
  readonly print: (waited: Waited<T>) => Omit<Report, 'matcher'>;
}

/**
 * The skeleton of every waiting matcher: resolve the deadline (clamped inside the test's remaining
 * time), wait on the stream's wake-ups with `waitFor` (so its guarantees hold: timer unref'd and
 * cleared, subscription dropped, a throwing `check` fails the wait), judge, and print the one layout
 * with its Timeout line.
 *
 * A wait that timed out on a window cut short proves nothing either way, so the matcher fails
 * whichever way it was asked: a positive expectation did not see its condition, and `.not` (whose
 * `pass` is inverted) did not watch the whole window.
 *
 * @example
 * return waiting(this, sse, {
 *   matcher: 'toEnd',
 *   within: options.within,
 *   check: () => (sse.state === 'open' ? undefined : sse.state),
 *   pass: (state) => state === 'ended',
 *   print: ({ result }) => ({ expected: 'the server to end the stream', received: String(result) }),
 * });
 */
export async function waiting<T>(
  context: SseMatcherContext,
  stream: SseStream,
  spec: Waiting<T>,
): Promise<MatcherResult> {
  const limit = deadline(context, spec.within);
  const result = await (spec.wait ? spec.wait(limit.ms) : waitFor(stream, spec.check, limit.ms));
  const timedOut = result === TIMED_OUT;
  const cutShort = timedOut && limit.asked !== undefined;
  const pass = cutShort ? context.isNot === true : spec.pass(result);
  const waited: Waited<T> = {
    result,
    limit,
    cutShort,
    timeout: timedOut || context.isNot ? limit : undefined,
  };
  const message = () =>
    formatReport(context, stream, { matcher: spec.matcher, timeout: waited.timeout, ...spec.print(waited) });
  return { pass, message };
}
