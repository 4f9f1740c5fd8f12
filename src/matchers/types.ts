import type { DataExpectation } from './data.ts';
import type { EventExpectation, TextExpectation } from './expectation.ts';
import type { EndOptions } from './to-end.ts';
import type { HeaderExpectation } from './to-have-header.ts';
import type { GapOptions } from './to-keep-gaps-below.ts';
import type { ReceiveOptions } from './to-receive-event.ts';
import type { ReceiveEventsOptions } from './to-receive-events.ts';
import type { ReconnectOptions } from './to-reconnect.ts';
import type { StayOpenOptions } from './to-stay-open.ts';
import type { IncrementalOptions } from './to-stream-incrementally.ts';

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
  /** The response status is `code`; see {@link toHaveStatus}. */
  toHaveStatus(code: number): R;
  /** The response has header `name` (any case), with a matching value if given; see {@link toHaveHeader}. */
  toHaveHeader(name: string, value?: HeaderExpectation): R;
  /** 2xx with content type `text/event-stream`; see {@link toBeEventStream}. */
  toBeEventStream(): R;
  /** The first event came within `ms` of the request; see {@link toReceiveFirstEventWithin}. */
  toReceiveFirstEventWithin(ms: number): Promise<R>;
  /** No silence longer than `ms` (events and comments count) for a window; see {@link toKeepGapsBelow}. */
  toKeepGapsBelow(ms: number, options?: GapOptions): Promise<R>;
  /** Waits for the server to end the stream cleanly; see {@link toEnd}. */
  toEnd(options?: EndOptions): Promise<R>;
  /** The stream stays open for a window; see {@link toStayOpen}. */
  toStayOpen(options?: StayOpenOptions): Promise<R>;
  /** Waits for a reconnection after the call; see {@link toReconnect}. */
  toReconnect(options?: ReconnectOptions): Promise<R>;
  /** Events arrived in several bursts, not all at once; see {@link toStreamIncrementally}. */
  toStreamIncrementally(options?: IncrementalOptions): Promise<R>;
  /** The raw text so far broke no rule of the format; see {@link toBeWellFormed}. */
  toBeWellFormed(): R;
}
