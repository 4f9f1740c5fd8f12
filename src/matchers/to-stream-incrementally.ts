import type { SseStream } from '../client/stream.ts';
import { plural } from '../errors/messages.ts';
import type { SseMatcherContext } from './context.ts';
import { showMs, stopped } from './moments.ts';
import { type MatcherResult, streamOf } from './receiver.ts';
import { waiting } from './waiting.ts';

/** Options of {@link toStreamIncrementally}. */
export interface IncrementalOptions {
  /** Deadline in ms. Default: the runner's expect timeout (Playwright), else 5,000 (Vitest). */
  within?: number;
  /** Bursts needed; default 2. */
  minBursts?: number;
}

/** Events that arrived together: index of the first, how many, and when (ms since the request). */
interface Burst {
  first: number;
  size: number;
  time: number;
}

/** Arrival times further apart than this are different reads off the wire, so different bursts. */
export const APART = 1;
const LISTED = 10;
const STOPPED = Symbol('stopped');

/**
 * Passes once the stream's events have arrived in at least `minBursts` bursts (events whose arrival
 * times differ by more than 1 ms belong to different bursts), that is, spread over time rather than
 * buffered by a proxy or compression and flushed at the end. Looks at every event since the
 * request; waits until that holds, the stream stops (then judges what arrived) or the deadline.
 * Works with `record: 'timing'` too. The read cursor does not move.
 *
 * With `.not`, passes when the events came in fewer bursts by the time the stream stopped or the
 * deadline; fails as soon as they reach `minBursts`.
 *
 * @example
 * const stream = await sse.open('/v1/chat', { method: 'POST', json: prompt });
 * await expect(stream).toStreamIncrementally({ minBursts: 3 });
 */
export async function toStreamIncrementally(
  this: SseMatcherContext,
  stream: SseStream,
  options: IncrementalOptions = {},
): Promise<MatcherResult> {
  const sse = streamOf(stream, 'toStreamIncrementally');
  const { recording } = sse;
  const minBursts = options.minBursts ?? 2;
  if (!Number.isInteger(minBursts) || minBursts < 1) {
    throw new TypeError(
      `toStreamIncrementally() expects minBursts as a whole number >= 1; received ${minBursts}.`,
    );
  }
  const bursts: Burst[] = [];
  let seen = 0;
  let previous = Number.NEGATIVE_INFINITY;

  const check = (): true | typeof STOPPED | undefined => {
    for (; seen < recording.count; seen++) {
      const time = recording.time(seen) as number;
      const last = bursts.at(-1);
      if (last && time - previous <= APART) last.size++;
      else bursts.push({ first: seen, size: 1, time });
      previous = time;
    }
    if (bursts.length >= minBursts) return true;
    return sse.state === 'open' ? undefined : STOPPED;
  };

  return waiting(this, sse, {
    matcher: 'toStreamIncrementally',
    within: options.within,
    check,
    pass: () => bursts.length >= minBursts,
    print: ({ result }) => {
      const listed = bursts
        .slice(0, LISTED)
        .map((burst) => `${plural(burst.size, 'event')} (#${burst.first}) at ${showMs(burst.time)}`);
      if (bursts.length > LISTED) listed.push(`… ${bursts.length - LISTED} more`);
      const found =
        bursts.length === 0 ? 'no events' : `${plural(bursts.length, 'burst')}: ${listed.join(', ')}`;
      const then = result === STOPPED ? `; then the stream ${stopped(sse)}` : '';
      return {
        expectedArg: '',
        expected: `events ${this.isNot ? 'in fewer than' : 'in at least'} ${plural(minBursts, 'burst')} (arrivals more than ${APART} ms apart)`,
        received: `${found}${then}`,
      };
    },
  });
}
