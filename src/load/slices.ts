import { now } from '../util/clock.ts';

/** The event-loop turn the scheduler aims for, in ms: a first event waits about one turn to be read. */
export const TURN_MS = 5;

/**
 * Starts in the first slice, whatever they cost: with nothing started before them there is no I/O to
 * let through, and a small load (a unit test's 20 streams) still starts all at once.
 */
const FIRST_BATCH = 32;

/** How many starts a slice adds while turns stay within `TURN_MS`. */
const GROWTH = 4;

/**
 * Calls `start(position)` for positions `0..count - 1` in order, each once `now()` has reached
 * `due(position)` (non-decreasing in position), a slice of them per turn of the event loop, and stops
 * calling once `signal` aborts. Resolves when every position was started or skipped. The first call
 * comes on a later turn, never inside this one.
 *
 * Why slices: starting a stream is synchronous work (the request, the `connect()` system call, the
 * body up to its first `await`). For a thousand streams due at once, done in one go, it holds the
 * event loop for hundreds of ms while the first streams' events wait unread, so their measured
 * latency becomes our own queueing. Between slices the scheduler yields with `setImmediate`, which
 * runs after the poll phase, so the I/O of earlier slices is read before more streams start.
 *
 * Why the slice size adapts: a start itself is cheap (tens of µs); most of its cost is the I/O it
 * brings a turn or two later (connect, request, response head, first event), which a slice cannot
 * see while it runs. So, as TCP sizes its window, a slice may start `batch` streams (and, after the
 * first, run at most `TURN_MS`); `batch` halves when the last turn, slice plus the I/O after it, ran
 * over `TURN_MS`, and grows by `GROWTH` when it did not.
 *
 * Starting later does not hide the wait: callers still measure each start from `due`.
 *
 * @example
 * await startInSlices(3, (i) => origin + i * 10, (i) => void run(i), signal);
 */
export function startInSlices(
  count: number,
  due: (position: number) => number,
  start: (position: number) => void,
  signal: AbortSignal,
): Promise<void> {
  if (count <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    let next = 0;
    let batch = FIRST_BATCH;
    /** Positions due by the last slice's start: the ones due since are the schedule's new arrivals. */
    let dueBy = 0;
    let lastSlice: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    let immediate: NodeJS.Immediate | undefined;
    const finish = () => {
      clearTimeout(timer);
      clearImmediate(immediate);
      signal.removeEventListener('abort', finish);
      resolve();
    };
    const run = () => {
      timer = undefined;
      immediate = undefined;
      const sliceStart = now();
      if (lastSlice !== undefined) {
        batch = sliceStart - lastSlice > TURN_MS ? Math.max(1, batch >> 1) : batch + GROWTH;
      }
      lastSlice = sliceStart;
      // Never fewer than the starts that came due since the last slice: under a ramp, long turns
      // (thousands of open streams) would otherwise shrink the batch below the schedule's rate and
      // the lag would grow without bound. A burst's backlog is still taken a slice at a time.
      const before = dueBy;
      dueBy = Math.max(dueBy, next);
      while (dueBy < count && due(dueBy) <= sliceStart) dueBy++;
      if (before > 0) batch = Math.max(batch, dueBy - before);
      const last = next + batch;
      const first = next === 0;
      // Bounded by `count`: each pass starts one position or returns.
      while (next < count && !signal.aborted) {
        const at = now();
        if (at < due(next)) {
          // One timer for the next due start, not one per stream: positions come in order. After
          // an idle wait, the turn just ended says nothing about the load.
          lastSlice = undefined;
          timer = setTimeout(run, due(next) - at);
          return;
        }
        if (next >= last || (!first && at - sliceStart >= TURN_MS)) {
          immediate = setImmediate(run);
          return;
        }
        start(next++);
      }
      finish();
    };
    signal.addEventListener('abort', finish, { once: true });
    immediate = setImmediate(run);
  });
}
