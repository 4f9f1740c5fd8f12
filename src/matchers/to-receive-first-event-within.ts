import type { SseStream } from '../client/stream.ts';
import type { SseMatcherContext } from './context.ts';
import { heldHeaders } from './held.ts';
import { checkMs, showMs, sinceOpen, stopped } from './moments.ts';
import { type MatcherResult, streamOf } from './receiver.ts';
import { waiting } from './waiting.ts';

const STOPPED = Symbol('stopped');

/**
 * Passes when the stream's first event arrived at most `ms` after the request started
 * (`stream.timing.firstEvent`, time to first event). If none has come yet, waits until `ms` after
 * the request, then fails; fails at once if the stream stops without an event. Works with
 * `record: 'timing'` too. The read cursor does not move.
 *
 * With `.not`, passes when no event came within `ms` (it waits for the whole window) and fails as
 * soon as one does.
 *
 * @param ms - the budget in ms, counted from the request start (`open()`), not from this call.
 * @example
 * const stream = await sse.open('/v1/chat', { method: 'POST', json: prompt });
 * await expect(stream).toReceiveFirstEventWithin(300);
 */
export async function toReceiveFirstEventWithin(
  this: SseMatcherContext,
  stream: SseStream,
  ms: number,
): Promise<MatcherResult> {
  const sse = streamOf(stream, 'toReceiveFirstEventWithin');
  const budget = checkMs(ms, 'toReceiveFirstEventWithin', 'the time to the first event');
  const { timing } = sse;
  const elapsed = sinceOpen(sse);
  return waiting(this, sse, {
    matcher: 'toReceiveFirstEventWithin',
    within: Math.max(0, budget - elapsed),
    check: () => timing.firstEvent ?? (sse.state === 'open' ? undefined : STOPPED),
    pass: (result) => typeof result === 'number' && result <= budget,
    print: ({ result, limit, timeout }) => {
      let received: string;
      if (typeof result === 'number') {
        received = `the first event, #0, at ${showMs(result)}`;
        // A late first event that came with the headers may have been held on its way, headers and all.
        const held = result > budget ? heldHeaders(sse) : undefined;
        if (held) received += `\n${' '.repeat(10)}${held}`;
      } else if (result === STOPPED) received = `no event; the stream ${stopped(sse)}`;
      else received = `no event after ${showMs(sinceOpen(sse))}`;
      return {
        expectedArg: 'ms',
        expected: `${this.isNot ? 'no event' : 'the first event'} within ${budget} ms of the request`,
        received,
        // The budget counts from the request, not from this call: so does the Timeout line.
        timeout:
          timeout && (limit.asked === undefined ? { ms: budget } : { ms: elapsed + limit.ms, asked: budget }),
        nearest:
          typeof result === 'number'
            ? {
                index: 0,
                label: 'first event',
                reasons: [`${result <= budget ? 'within' : 'over'} the ${budget} ms budget`],
              }
            : undefined,
      };
    },
  });
}
