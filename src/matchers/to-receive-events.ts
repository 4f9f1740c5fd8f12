import type { SseEvent } from '../client/event.ts';
import { plural } from '../errors/messages.ts';
import type { SseMatcherContext } from './context.ts';
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
import { waiting } from './waiting.ts';

/** Options of {@link toReceiveEvents}. */
export interface ReceiveEventsOptions {
  /** Deadline in ms for the whole sequence. Default: the runner's expect timeout, else 5,000. */
  within?: number;
  /**
   * No skipping: the sequence must be exactly the next events after the cursor, with nothing between
   * (as `strict` on toReceiveEvent). Default false.
   */
  strict?: boolean;
}

const STOPPED = Symbol('stopped');

/**
 * Waits for events matching each expectation, in order, after the read cursor (other events may
 * come between unless `strict`), then moves the cursor past the last. An item is an event type or
 * `{ type, data, id }`.
 *
 * @example
 * await expect(stream).toReceiveEvents(['start', { type: 'delta', data: { text: 'Hi' } }, 'done']);
 * await expect(stream).toReceiveEvents(['a', 'b'], { strict: true, within: 1_000 });
 */
export async function toReceiveEvents(
  this: SseMatcherContext,
  stream: unknown,
  sequence: readonly (TextExpectation | EventExpectation)[],
  options: ReceiveEventsOptions = {},
): Promise<MatcherResult> {
  const { recording, stream: sse } = eventsOf(stream, 'toReceiveEvents');
  if (!Array.isArray(sequence) || sequence.length === 0) {
    throw new TypeError('toReceiveEvents() expects a non-empty array of event types or { type, data, id }.');
  }
  const expected = sequence.map((item) => toExpectation(item, undefined));
  const start = sse.cursor;
  const found: SseEvent[] = [];
  let scanned = start;
  let brokeAt: number | undefined;

  const check = (): true | typeof STOPPED | undefined => {
    while (found.length < expected.length && scanned < recording.count && brokeAt === undefined) {
      const event = recording.event(scanned++) as SseEvent;
      if (matches(expected[found.length] as EventExpectation, event)) found.push(event);
      else if (options.strict) brokeAt = event.index;
    }
    if (found.length === expected.length) {
      // Taken now, synchronously, as toReceiveEvent does, so a concurrent expectation starts after it.
      if (!this.isNot) sse.take((found.at(-1) as SseEvent).index);
      return true;
    }
    if (brokeAt !== undefined) return STOPPED;
    return sse.state === 'open' ? undefined : STOPPED;
  };

  return waiting(this, sse, {
    matcher: 'toReceiveEvents',
    within: options.within,
    check,
    pass: (result) => result === true,
    print: ({ result, cutShort }) => {
      const step = found.length;
      const missing = expected[step];
      const list = expected.map((item, i) => `${i + 1}. ${describeExpectation(item)}`).join('; ');
      const early = missing && result !== true ? outOfOrder(missing, step) : undefined;
      let received: string;
      if (result === true)
        received = `all ${plural(expected.length, 'event')}, the last at #${found.at(-1)?.index}`;
      else {
        const matched = step === 0 ? 'none matched' : `${step} matched (up to #${found.at(-1)?.index})`;
        const why =
          brokeAt !== undefined
            ? `, then #${brokeAt} broke the strict sequence`
            : result === STOPPED
              ? `, then the stream ${stopped(sse)}`
              : '';
        const short = cutShort ? ' in all the time the test had left' : '';
        received = `${matched}${why}${short}; waiting for ${step + 1}. ${missing ? describeExpectation(missing) : ''}`;
        if (early) received += `; ${early.says}`;
      }
      const from = (found.at(-1)?.index ?? start - 1) + 1;
      return {
        expectedArg: 'sequence',
        expected: `${this.isNot ? 'not ' : ''}${options.strict ? 'exactly, in order: ' : 'in order: '}${list}`,
        received,
        // Under strict, the one candidate is the event that broke the sequence.
        nearest:
          result === true || !missing
            ? undefined
            : (early?.mark ??
              (brokeAt === undefined
                ? nearest(missing, recording.events, from)
                : candidate(missing, recording.events[brokeAt] as SseEvent))),
      };
    },
  });

  /**
   * The missing item, come before the item it should follow (so the in-order scan went past it), or
   * the event that broke a strict sequence, being a later item: the order differs, nothing is missing.
   */
  function outOfOrder(missing: EventExpectation, step: number) {
    const { events } = recording;
    if (brokeAt !== undefined) {
      const event = events[brokeAt] as SseEvent;
      const later = expected.findIndex((item, i) => i > step && matches(item, event));
      if (later < 0) return undefined;
      return {
        says: `#${brokeAt} matches ${later + 1}.: out of order`,
        mark: { index: brokeAt, label: 'out of order', reasons: [`matches ${later + 1}.`] },
      };
    }
    const taken = new Set(found.map((event) => event.index));
    const last = found.at(-1)?.index ?? start;
    for (let index = start; index < last; index++) {
      const event = events[index] as SseEvent;
      if (taken.has(index) || !matches(missing, event)) continue;
      const after = found.findIndex((match) => match.index > index);
      return {
        says: `it came earlier, at #${index}, before ${after + 1}. matched at #${found[after]?.index}: out of order`,
        mark: { index, label: 'out of order', reasons: [`matches ${step + 1}.`] },
      };
    }
    return undefined;
  }
}
