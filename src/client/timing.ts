import { now } from '../util/clock.ts';

/**
 * Milliseconds from the request start (`open()` was called), all from one monotonic clock.
 * A field is undefined until its moment has come.
 */
export interface SseTiming {
  /** `performance.now()` when `open()` was called: the zero of every other number, and of `event.time`. */
  readonly start: number;
  /** Final response headers parsed (after redirects): time to first byte of the response. */
  readonly headers: number | undefined;
  /** First body bytes arrived (before decompression), even if they complete no event. */
  readonly firstByte: number | undefined;
  /** First event dispatched: the arrival of the bytes that completed it (equals `events[0].time`). */
  readonly firstEvent: number | undefined;
  /** The stream stopped, for whatever reason (see `state`). */
  readonly end: number | undefined;
  /** Connections that were answered: 1, plus one per reconnection answered with an event stream. */
  readonly connections: number;
}

/** The stream's own, writable view of its timing. */
export type MutableTiming = { -readonly [K in keyof SseTiming]: SseTiming[K] };

/** A stream's timing at `open()`: `start` is now (or when the request left), nothing else has happened yet. */
export function startTiming(start: number = now()): SseTiming {
  return {
    start,
    headers: undefined,
    firstByte: undefined,
    firstEvent: undefined,
    end: undefined,
    connections: 0,
  };
}
