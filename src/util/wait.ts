/** What a wait ended with when the condition never held. */
export const TIMED_OUT: unique symbol = Symbol('timed out');

/** Something that can tell its waiters to look again (a new event, a state change). */
export interface Wakeable {
  subscribe(wake: () => void): () => void;
}

/**
 * The one way sse-test waits: resolves with `check()`'s first non-undefined value, checked now and on
 * every wake-up; with `TIMED_OUT` after `within` ms; rejects with `signal.reason` on abort. The timer is
 * `unref()`ed and always cleared, and the subscription always dropped, however the wait ends.
 *
 * @param within - milliseconds to wait; `Infinity` waits until the condition holds or the signal aborts.
 */
export function waitFor<T>(
  source: Wakeable,
  check: () => T | undefined,
  within: number,
  signal?: AbortSignal,
): Promise<T | typeof TIMED_OUT> {
  let first: T | undefined;
  try {
    first = check();
  } catch (error) {
    // A promise-returning function rejects, never throws: callers `await` it and `.catch()` it.
    return Promise.reject(error);
  }
  if (first !== undefined) return Promise.resolve(first);
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (within <= 0) return Promise.resolve(TIMED_OUT);
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      finish();
      reject(signal?.reason);
    };
    const unsubscribe = source.subscribe(() => {
      let value: T | undefined;
      try {
        value = check();
      } catch (error) {
        // A user's predicate that throws fails this wait, not the stream whose data woke it.
        finish();
        reject(error);
        return;
      }
      if (value === undefined) return;
      finish();
      resolve(value);
    });
    if (Number.isFinite(within)) {
      timer = setTimeout(() => {
        finish();
        resolve(TIMED_OUT);
      }, within);
      timer.unref();
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Sleeps `ms`, resolving early (to false) when `signal` aborts; either way no timer is left behind.
 * `0` waits one event-loop turn (`setImmediate`), which lets pending I/O go out first. Unlike
 * `waitFor`, the timer keeps the process alive: a stream waiting to reconnect is still a live stream.
 *
 * @example
 * if (!(await delay(100, signal))) return; // aborted
 */
export function delay(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const finish = (completed: boolean) => {
      if (ms > 0) clearTimeout(timer as NodeJS.Timeout);
      else clearImmediate(timer as NodeJS.Immediate);
      signal?.removeEventListener('abort', onAbort);
      resolve(completed);
    };
    const onAbort = () => finish(false);
    const timer = ms > 0 ? setTimeout(finish, ms, true) : setImmediate(finish, true);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
