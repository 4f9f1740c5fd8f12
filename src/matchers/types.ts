import type { DataExpectation } from './data.ts';
import type { EventExpectation, TextExpectation } from './expectation.ts';
import type { ReceiveOptions } from './to-receive-event.ts';
import type { ReceiveEventsOptions } from './to-receive-events.ts';

/**
 * The matchers as a user calls them on `expect(stream)`, for runner typings (`R` is the runner's
 * return type: `Promise<void>` for the waiting ones).
 */
export interface SseMatchers<R = unknown> {
  /** Waits for the first matching event after the read cursor; see {@link toReceiveEvent}. */
  toReceiveEvent(type?: TextExpectation, data?: DataExpectation, options?: ReceiveOptions): Promise<R>;
  toReceiveEvent(expected: EventExpectation, options?: ReceiveOptions): Promise<R>;
  /** Waits for events matching each item, in order; see {@link toReceiveEvents}. */
  toReceiveEvents(
    sequence: readonly (TextExpectation | EventExpectation)[],
    options?: ReceiveEventsOptions,
  ): Promise<R>;
  /** Whether any event so far matches, now; see {@link toHaveReceivedEvent}. */
  toHaveReceivedEvent(type?: TextExpectation, data?: DataExpectation): R;
  toHaveReceivedEvent(expected: EventExpectation): R;
}
