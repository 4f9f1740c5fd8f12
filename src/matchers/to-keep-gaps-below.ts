import type { SseStream } from '../client/stream.ts';
import { delay, TIMED_OUT, waitFor } from '../util/wait.ts';
import type { SseMatcherContext } from './context.ts';
import { checkMs, showMs, sinceOpen, stopped } from './moments.ts';
import { type MatcherResult, streamOf } from './receiver.ts';
import { waiting } from './waiting.ts';

/** Options of {@link toKeepGapsBelow}. */
export interface GapOptions {
  /** How long to watch, in ms from this call. Default: the runner's expect timeout, else 5,000. */
  for?: number;
}

/** A sign of life: when (ms since the request) and what it was. */
interface Life {
  time: number;
  what: string;
}
/** A silence; `to` is undefined while it lasts. */
interface Gap {
  from: Life;
  to: Life | undefined;
  length: number;
}
const STOPPED = Symbol('stopped');

/**
 * Watches the stream for `for` ms from this call and passes when it never falls silent for longer
 * than `ms`: events and comments (heartbeats) count as life, as do the response headers and each
 * reconnection. The silence at the start of the window counts from the last sign of life before it.
 * Fails as soon as a silence passes `ms` (the message says from when to when), or when the stream
 * stops within the window. Works with `record: 'timing'` too. The read cursor does not move.
 *
 * With `.not`, passes as soon as such a silence comes (or the stream stops); fails when the whole
 * window passed without one.
 *
 * @param ms - the longest silence allowed, in ms.
 * @example
 * await expect(stream).toKeepGapsBelow(15_000, { for: 60_000 }); // heartbeats at least every 15 s
 */
export async function toKeepGapsBelow(
  this: SseMatcherContext,
  stream: SseStream,
  ms: number,
  options: GapOptions = {},
): Promise<MatcherResult> {
  const sse = streamOf(stream, 'toKeepGapsBelow');
  const max = checkMs(ms, 'toKeepGapsBelow', 'the longest silence');
  const { recording } = sse;
  const { reconnections, commentTimes } = recording;
  const start = sinceOpen(sse);
  // The window's end, known once the deadline is.
  let end = Number.POSITIVE_INFINITY;
  let seen = { events: 0, comments: 0, reconnections: 0 };
  let last: Life = { time: sse.timing.headers ?? 0, what: 'the headers' };
  let longest: Gap | undefined;

  const fresh = (): Life[] => {
    const lives: Life[] = [];
    for (let i = seen.events; i < recording.count; i++) {
      lives.push({ time: recording.time(i) as number, what: `event #${i}` });
    }
    for (const time of commentTimes.slice(seen.comments)) lives.push({ time, what: 'a comment' });
    for (const [i, r] of reconnections.slice(seen.reconnections).entries()) {
      lives.push({ time: r.time, what: `reconnection ${seen.reconnections + i + 1}` });
    }
    seen = { events: recording.count, comments: commentTimes.length, reconnections: reconnections.length };
    // Events and comments each arrive in order; merged, they must be sorted.
    return lives.sort((a, b) => a.time - b.time);
  };
  for (const life of fresh()) if (life.time >= last.time) last = life;

  const check = (): Gap | typeof STOPPED | undefined => {
    for (const life of fresh()) {
      const gap = { from: last, to: life, length: life.time - last.time };
      if (gap.length > (longest?.length ?? -1)) longest = gap;
      last = life;
      if (gap.length > max) return gap;
    }
    if (sse.state !== 'open') return STOPPED;
    // Lateness past the window's end is ours, not the stream's.
    const silent = Math.min(sinceOpen(sse), end) - last.time;
    if (silent > (longest?.length ?? -1)) longest = { from: last, to: undefined, length: silent };
    return silent > max ? { from: last, to: undefined, length: silent } : undefined;
  };

  return waiting(this, sse, {
    matcher: 'toKeepGapsBelow',
    within: options.for,
    check,
    // A silence grows with no wake-up from the stream: look again when it would pass `max`.
    wait: async (ms) => {
      end = start + ms;
      for (let now = start; now < end; now = sinceOpen(sse)) {
        const outcome = await waitFor(
          sse,
          check,
          Math.max(1, Math.ceil(Math.min(end, last.time + max) - now)),
        );
        if (outcome === TIMED_OUT) continue;
        // A silence seen on our timer may hide bytes the OS already holds: give them one turn first.
        const ongoing = outcome !== STOPPED && outcome.to === undefined;
        const result = ongoing ? await delay(0).then(check) : outcome;
        if (result !== undefined) return result;
      }
      return check() ?? TIMED_OUT;
    },
    pass: (result) => result === TIMED_OUT,
    print: ({ result, limit, cutShort }) => {
      const asked = limit.asked ?? limit.ms;
      let received: string;
      if (result === STOPPED) {
        received = `the stream ${stopped(sse)}, within the window; the last sign of life was at ${at(last)}`;
      } else if (result === TIMED_OUT) {
        const worst = longest ? `; the longest was ${showMs(longest.length)}, from ${at(longest.from)}` : '';
        const cut = cutShort ? `, but the test had no time left to watch ${asked} ms` : '';
        received = `no silence that long in the window${worst}${cut}`;
      } else if (result.to) {
        received = `a silence of ${length(result.length, max)}: from ${at(result.from)} to ${at(result.to)}`;
      } else {
        received = `silent for over ${max} ms: from ${at(result.from)} to ${showMs(result.from.time + result.length)}, and still silent`;
      }
      return {
        expectedArg: 'ms',
        expected: `${this.isNot ? `a silence longer than ${max} ms within` : `no silence longer than ${max} ms for`} ${asked} ms (events and comments count as life)`,
        received,
      };
    },
  });
}

/** A gap's length, with a decimal when rounding would hide that it is over the bound. */
function length(value: number, max: number): string {
  return Math.round(value) > max ? showMs(value) : `${value.toFixed(1)} ms`;
}

function at(life: Life): string {
  return `${showMs(life.time)} (${life.what})`;
}
