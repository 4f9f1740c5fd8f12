import type { SseStream, SseStreamState } from '../client/stream.ts';
import { TIMED_OUT } from '../util/wait.ts';
import type { SseMatcherContext } from './context.ts';
import { showMs, stopped } from './moments.ts';
import { type MatcherResult, streamOf } from './receiver.ts';
import { waiting } from './waiting.ts';

/** Options of {@link toEnd}. */
export interface EndOptions {
  /** Deadline in ms. Default: the runner's expect timeout (Playwright), else 5,000 (Vitest). */
  within?: number;
}

/**
 * Waits until the server finishes the stream cleanly (`state` becomes `'ended'`). Fails at once when
 * the stream breaks (the message shows the error) or is closed by the client, and at the deadline
 * when it is still open. With `reconnect`, a stream ends only when it stops reconnecting (a 204, or
 * no attempt left). The read cursor does not move.
 *
 * With `.not`, passes when the stream has not ended by the deadline (or broke instead); fails as
 * soon as it ends.
 *
 * @example
 * await expect(stream).toReceiveEvent('done');
 * await expect(stream).toEnd({ within: 1_000 });
 */
export async function toEnd(
  this: SseMatcherContext,
  stream: SseStream,
  options: EndOptions = {},
): Promise<MatcherResult> {
  const sse = streamOf(stream, 'toEnd');
  return waiting(this, sse, {
    matcher: 'toEnd',
    within: options.within,
    check: (): SseStreamState | undefined => (sse.state === 'open' ? undefined : sse.state),
    pass: (state) => state === 'ended',
    print: ({ result, limit, cutShort }) => ({
      expectedArg: '',
      expected: this.isNot ? 'the stream not to end' : 'the server to end the stream',
      received:
        result === TIMED_OUT
          ? `still open after ${showMs(limit.ms)}${cutShort ? ', all the test had left: too short a window to tell' : ''}`
          : `the stream ${stopped(sse)}${result === 'closed' ? ' (close() was called)' : ''}`,
    }),
  });
}
