import { plural } from '../errors/messages.ts';
import type { SseMatcherContext } from './context.ts';
import type { DataExpectation } from './data.ts';
import {
  describeExpectation,
  type EventExpectation,
  matches,
  nearest,
  type TextExpectation,
  toExpectation,
} from './expectation.ts';
import { formatReport } from './message.ts';
import { eventsOf, type MatcherResult } from './receiver.ts';

/**
 * Synchronous: passes when any event received so far (before or after the read cursor) matches.
 * Does not wait and does not move the cursor.
 *
 * @example
 * expect(stream).toHaveReceivedEvent('price', { symbol: 'ACME' });
 * expect(stream).not.toHaveReceivedEvent({ type: 'error' });
 */
export function toHaveReceivedEvent(
  this: SseMatcherContext,
  stream: unknown,
  type?: TextExpectation | EventExpectation,
  data?: DataExpectation,
): MatcherResult {
  const { recording, stream: sse } = eventsOf(stream, 'toHaveReceivedEvent');
  const expected = toExpectation(type, data);
  const match = recording.events.find((event) => matches(expected, event));
  return {
    pass: match !== undefined,
    message: () =>
      formatReport(this, sse, {
        matcher: 'toHaveReceivedEvent',
        expected: `${this.isNot ? 'no ' : ''}${describeExpectation(expected)} so far`,
        received: match
          ? `event #${match.index} matched`
          : `no match among ${plural(recording.events.length, 'event')}`,
        nearest: match
          ? { index: match.index, reasons: [], label: 'matched' }
          : nearest(expected, recording.events, 0),
      }),
  };
}
