import type { SseEvent } from '../client/event.ts';
import { plural } from '../errors/messages.ts';
import type { SseMatcherContext } from './context.ts';
import type { DataExpectation } from './data.ts';
import {
  candidate,
  describeExpectation,
  type EventExpectation,
  matches,
  nearest,
  type TextExpectation,
  toExpectation,
} from './expectation.ts';
import { stopped } from './moments.ts';
import { eventsOf, type MatcherResult } from './receiver.ts';
import { isText } from './text.ts';
import { waiting } from './waiting.ts';

/** Options of the waiting event matchers. */
export interface ReceiveOptions {
  /** Deadline in ms. Default: the runner's expect timeout (Playwright), else 5,000 (Vitest). */
  within?: number;
  /**
   * No skipping: the very next event after the cursor must match (as `strict` on toReceiveEvents).
   * It says which events may match, not how exactly the data is compared. Default false.
   */
  strict?: boolean;
}

const STOPPED = Symbol('stopped');
const WRONG_NEXT = Symbol('wrong next');

/**
 * Waits for the first event after the read cursor that matches (others are skipped), then moves the
 * cursor past it, so two expectations in a row match two different events. Events that arrived
 * before the call count. With `strict`, nothing is skipped: the very next event must match. Fails at
 * once if the stream stops first.
 *
 * With `.not`, passes when no such event arrives within the window (`within`); the cursor stays.
 *
 * @param type - event type: string, RegExp or asymmetric matcher; or `{ type, data, id }` (then the
 *   second argument is the options).
 * @param data - see {@link DataExpectation}: exact string, RegExp, object (like `toMatchObject`,
 *   against the JSON-parsed data), asymmetric matcher, predicate or Standard Schema.
 * @example
 * await expect(stream).toReceiveEvent('price', { symbol: 'ACME' });
 * await expect(stream).toReceiveEvent({ type: 'done', id: '42' }, { within: 2_000 });
 * await expect(stream).toReceiveEvent('delta', undefined, { strict: true }); // the very next event
 * await expect(stream).not.toReceiveEvent('error', undefined, { within: 500 });
 */
export async function toReceiveEvent(
  this: SseMatcherContext,
  stream: unknown,
  type?: TextExpectation | EventExpectation,
  data?: DataExpectation | ReceiveOptions,
  options?: ReceiveOptions,
): Promise<MatcherResult> {
  const { recording, stream: sse } = eventsOf(stream, 'toReceiveEvent');
  const objectForm = type !== undefined && !isText(type);
  const expected = toExpectation(type, objectForm ? undefined : data);
  const opts = ((objectForm ? data : options) ?? {}) as ReceiveOptions;
  const start = sse.cursor;
  let scanned = start;

  const check = (): SseEvent | typeof STOPPED | typeof WRONG_NEXT | undefined => {
    // One event at a time (built, not kept): scanning must not make the recording keep every event.
    if (opts.strict) {
      const event = recording.event(start);
      if (event) {
        if (!matches(expected, event)) return WRONG_NEXT;
        if (!this.isNot) sse.take(event.index);
        return event;
      }
    } else {
      // Another waiting expectation on this stream may have taken events meanwhile: skip them.
      if (!this.isNot) scanned = Math.max(scanned, sse.cursor);
      while (scanned < recording.count) {
        const event = recording.event(scanned++) as SseEvent;
        if (!matches(expected, event)) continue;
        // Taken now, synchronously, so a concurrent expectation cannot match the same event.
        if (!this.isNot) sse.take(event.index);
        return event;
      }
    }
    return sse.state === 'open' ? undefined : STOPPED;
  };

  return waiting(this, sse, {
    matcher: 'toReceiveEvent',
    within: opts.within,
    check,
    pass: (found) => typeof found === 'object',
    print: ({ result: found, limit, cutShort }) => {
      const after = recording.events.length - start;
      let received: string;
      if (cutShort)
        received = `none in the ${Math.round(limit.ms)} ms the test had left, short of the window asked`;
      else if (typeof found === 'object') received = `event #${found.index} matched`;
      else if (found === WRONG_NEXT) received = `the next event, #${start}, did not match`;
      else if (found === STOPPED)
        received = `no match among ${plural(after, 'event')} after the cursor; then the stream ${stopped(sse)}`;
      else received = `no match among ${plural(after, 'event')} after the cursor`;
      return {
        expected: `${this.isNot ? 'no ' : ''}${opts.strict ? 'next ' : ''}${describeExpectation(expected)}`,
        received,
        nearest:
          typeof found === 'object'
            ? { index: found.index, reasons: [], label: 'matched' }
            : found === WRONG_NEXT
              ? candidate(expected, recording.events[start] as SseEvent)
              : nearest(expected, recording.events, start),
      };
    },
  });
}
