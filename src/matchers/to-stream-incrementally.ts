import type { SseStream } from '../client/stream.ts';
import { plural } from '../errors/messages.ts';
import type { SseMatcherContext } from './context.ts';
import { heldEvents, heldHeaders } from './held.ts';
import { showMs, stopped } from './moments.ts';
import { type MatcherResult, streamOf } from './receiver.ts';
import { waiting } from './waiting.ts';

/** Options of {@link toStreamIncrementally}. */
export interface IncrementalOptions {
  /** Deadline in ms. Default: the runner's expect timeout (Playwright), else 5,000 (Vitest). */
  within?: number;
  /** Bursts needed; default 2. */
  minBursts?: number;
  /**
   * The most events per burst on average (events ÷ bursts), default 2; `Infinity` leaves only
   * `minBursts`. Raise it for a server that writes its events in batches on purpose.
   */
  maxEventsPerBurst?: number;
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
 * Passes once the stream's events have arrived spread over time rather than held by a proxy or
 * compression and released in pages or at the end: in at least `minBursts` bursts (events whose
 * arrival times differ by more than 1 ms belong to different bursts) and with at most
 * `maxEventsPerBurst` events per burst on average (default 2). Looks at every event since the
 * request; waits until that holds, the stream stops (then judges what arrived) or the deadline.
 * Works with `record: 'timing'` too. The read cursor does not move.
 *
 * How batches written on purpose are told from buffering: by the average. A stream whose events
 * mostly arrive one by one passes with an occasional batch (an opening `message_start` +
 * `content_block_start` + `ping`, a closing chunk with `[DONE]`, a short replay of missed events),
 * and a long batch at the start passes once enough single events follow it. A proxy that holds
 * pages (nginx's 4 KB) releases many events per burst all along, and one that holds everything
 * releases one burst: both fail. A stream written in one write cannot be told from one buffered
 * to the end, so it fails too; a server that batches by design says so with `maxEventsPerBurst`.
 *
 * With `.not`, passes when the events were not spread so by the time the stream stopped or the
 * deadline; fails as soon as they are.
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
  const perBurst = options.maxEventsPerBurst ?? 2;
  if (typeof perBurst !== 'number' || !(perBurst >= 1)) {
    throw new TypeError(
      `toStreamIncrementally() expects maxEventsPerBurst as a number >= 1 (Infinity for no limit); received ${String(perBurst)}.`,
    );
  }
  const bursts: Burst[] = [];
  let seen = 0;
  let previous = Number.NEGATIVE_INFINITY;
  const spread = () => bursts.length >= minBursts && recording.count <= perBurst * bursts.length;

  const check = (): true | typeof STOPPED | undefined => {
    for (; seen < recording.count; seen++) {
      const time = recording.time(seen) as number;
      const last = bursts.at(-1);
      if (last && time - previous <= APART) last.size++;
      else bursts.push({ first: seen, size: 1, time });
      previous = time;
    }
    if (spread()) return true;
    return sse.state === 'open' ? undefined : STOPPED;
  };

  return waiting(this, sse, {
    matcher: 'toStreamIncrementally',
    within: options.within,
    check,
    pass: () => spread(),
    print: ({ result }) => {
      const unlimited = perBurst === Number.POSITIVE_INFINITY;
      const expected = this.isNot
        ? `events in fewer than ${plural(minBursts, 'burst')}${unlimited ? '' : `, or more than ${perBurst} per burst on average`}`
        : `events in at least ${plural(minBursts, 'burst')}${unlimited ? '' : `, at most ${perBurst} per burst on average`}`;
      const received = [
        `${found(bursts, recording.count)}${result === STOPPED ? `; then the stream ${stopped(sse)}` : ''}`,
      ];
      if (!this.isNot) {
        // Only a failed positive expectation needs a cause; with no event there is nothing held to explain.
        // Fewer events than bursts asked for: nothing was held, there was too little to spread.
        const few =
          recording.count < minBursts
            ? `Too few events to judge: ${plural(minBursts, 'burst')} need at least ${plural(minBursts, 'event')}.`
            : undefined;
        const held = heldHeaders(sse) ?? few ?? (recording.count > 0 ? heldEvents() : undefined);
        if (held) received.push(held);
      }
      return {
        expectedArg: '',
        expected: `${expected} (arrivals more than ${APART} ms apart)`,
        // Later lines line up under the first, after "Received: ".
        received: received.join(`\n${' '.repeat(10)}`),
      };
    },
  });
}

/** `10 events in 2 bursts (5 per burst): 7 events (#0) at 736 ms, 3 events (#7) at 1035 ms`. */
function found(bursts: readonly Burst[], events: number): string {
  if (bursts.length === 0) return 'no events';
  const listed = bursts
    .slice(0, LISTED)
    .map((burst) => `${plural(burst.size, 'event')} (#${burst.first}) at ${showMs(burst.time)}`);
  if (bursts.length > LISTED) listed.push(`… ${bursts.length - LISTED} more`);
  const mean = events / bursts.length;
  const average = bursts.length > 1 ? ` (${Number(mean.toFixed(1))} per burst)` : '';
  return `${plural(events, 'event')} in ${plural(bursts.length, 'burst')}${average}: ${listed.join(', ')}`;
}
