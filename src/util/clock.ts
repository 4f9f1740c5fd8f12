/**
 * The one clock of sse-test: `performance.now()`, monotonic and sub-millisecond, so wall-clock
 * adjustments (NTP, DST) can never make a duration negative. All stream timings are differences of it.
 */
export const now: () => number = performance.now.bind(performance);
