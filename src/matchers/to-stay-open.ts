import type { SseStream, SseStreamState } from '../client/stream.ts';
import { TIMED_OUT } from '../util/wait.ts';
import type { SseMatcherContext } from './context.ts';
import { showMs, sinceOpen, stopped } from './moments.ts';
import { type MatcherResult, streamOf } from './receiver.ts';
import { waiting } from './waiting.ts';

/** Options of {@link toStayOpen}. */
export interface StayOpenOptions {
  /** How long the stream must stay open, in ms from this call. Default: the runner's expect timeout, else 5,000. */
  for?: number;
}

/**
 * Passes when the stream is still open `for` ms after this call; fails as soon as it stops (ended,
 * closed or broken). When the test has less time left than `for`, it fails rather than pass on a
 * shorter window. A stream that reconnects is still open. The read cursor does not move.
 *
 * With `.not`, passes as soon as the stream stops within the window; fails if it is still open at the end.
 *
 * @example
 * await expect(stream).toStayOpen({ for: 2_000 });
 * await expect(stream).not.toStayOpen({ for: 500 }); // it must stop within 500 ms
 */
export async function toStayOpen(
  this: SseMatcherContext,
  stream: SseStream,
  options: StayOpenOptions = {},
): Promise<MatcherResult> {
  const sse = streamOf(stream, 'toStayOpen');
  const from = sinceOpen(sse);
  return waiting(this, sse, {
    matcher: 'toStayOpen',
    within: options.for,
    check: (): SseStreamState | undefined => (sse.state === 'open' ? undefined : sse.state),
    pass: (result) => result === TIMED_OUT,
    print: ({ result, limit, cutShort }) => {
      const asked = limit.asked ?? limit.ms;
      let received: string;
      if (result !== TIMED_OUT) received = `the stream ${stopped(sse, from)}`;
      else if (cutShort) {
        received = `still open after ${showMs(limit.ms)}, but the test had no time left to watch ${asked} ms`;
      } else received = `still open after ${showMs(limit.ms)}`;
      return {
        expectedArg: '',
        expected: this.isNot
          ? `the stream to stop within ${asked} ms`
          : `the stream to stay open for ${asked} ms`,
        received,
      };
    },
  });
}
