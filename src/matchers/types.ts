import type { SseStream } from '../client/stream.ts';
import type { DataExpectation } from './data.ts';
import type { EventExpectation, TextExpectation } from './expectation.ts';
import type { sseMatchers } from './index.ts';
import type { ReceiveOptions } from './to-receive-event.ts';

type Implementations = typeof sseMatchers;

/**
 * The matchers with two call forms. A mapped type keeps only a function's last signature, so these
 * are declared here, once, by hand; every other matcher's call is derived from its implementation.
 */
type Overloaded<R> = {
  /**
   * Waits for the first event after the read cursor that matches (others are skipped), then moves
   * the cursor past it. With `.not`, passes when none comes within the window.
   *
   * @param type - event type: string, RegExp or asymmetric matcher; or `{ type, data, id }`, and then
   *   the options second.
   * @param data - exact string, RegExp, object (against the JSON-parsed data), asymmetric matcher,
   *   predicate or Standard Schema.
   * @example
   * await expect(stream).toReceiveEvent('price', { symbol: 'ACME' }, { within: 1_000 });
   * await expect(stream).toReceiveEvent({ type: 'done', id: '42' });
   */
  toReceiveEvent(type?: TextExpectation, data?: DataExpectation, options?: ReceiveOptions): Promise<R>;
  toReceiveEvent(expected: EventExpectation, options?: ReceiveOptions): Promise<R>;
  /**
   * Synchronous: passes when any event received so far matches. Does not wait, does not move the
   * cursor.
   *
   * @example
   * expect(stream).toHaveReceivedEvent('price', { symbol: 'ACME' });
   * expect(stream).not.toHaveReceivedEvent({ type: 'error' });
   */
  toHaveReceivedEvent(type?: TextExpectation, data?: DataExpectation): R;
  toHaveReceivedEvent(expected: EventExpectation): R;
};

/** A matcher as the user calls it: the arguments after the receiver; `Promise<R>` if it waits. */
type AsCalled<F, R> = F extends (this: never, received: never, ...args: infer A) => infer Result
  ? (...args: A) => Result extends PromiseLike<unknown> ? Promise<R> : R
  : never;

/**
 * The matchers as a user calls them on `expect(x)`, for runner typings (`R` is the runner's return
 * type, `Promise<R>` for the waiting ones). Derived from {@link sseMatchers}, so a matcher added
 * there is typed everywhere, with its TSDoc.
 *
 * @example
 * type ToEnd = SseMatchers<void>['toEnd']; // (options?: EndOptions) => Promise<void>
 */
export type SseMatchers<R = unknown> = Overloaded<R> &
  Omit<{ [K in keyof Implementations]: AsCalled<Implementations[K], R> }, keyof Overloaded<R>>;

/** What a matcher function declares it receives; an undeclared (`unknown`) receiver is a stream. */
type ReceiverOf<F> = F extends (this: never, received: infer T, ...args: never[]) => unknown
  ? unknown extends T
    ? SseStream
    : T
  : never;

/**
 * What each matcher must be called on: an `SseStream` (so a forgotten `await` does not compile), or
 * a `LoadReport` for `toMeetThresholds`.
 *
 * @example
 * type OnReport = SseMatcherReceivers['toMeetThresholds']; // LoadReport
 */
export type SseMatcherReceivers = { [K in keyof Implementations]: ReceiverOf<Implementations[K]> };
