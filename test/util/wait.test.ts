import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { delay, TIMED_OUT, type Wakeable, waitFor } from '../../src/util/wait.ts';

/** A Wakeable that shows who is subscribed and wakes them on demand. */
function source(): Wakeable & { subscribers: Set<() => void>; wake(): void } {
  const subscribers = new Set<() => void>();
  return {
    subscribers,
    subscribe(wake) {
      subscribers.add(wake);
      return () => subscribers.delete(wake);
    },
    wake() {
      for (const wake of [...subscribers]) wake();
    },
  };
}

/** Whether the promise has settled yet, read after the fake clock has run. */
function track<T>(promise: Promise<T>): { settled: boolean; promise: Promise<T> } {
  const state = { settled: false, promise };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

/** What must be left once a wait has ended, however it ended. */
function expectNothingLeft(wakeable: ReturnType<typeof source>, signal: AbortSignal): void {
  expect(wakeable.subscribers.size).toBe(0);
  expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  expect(vi.getTimerCount()).toBe(0);
}

/** Timers that keep the process alive now (unref'd ones are not listed). */
function liveTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

describe('waitFor()', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves with a value check() already has, before looking at the signal or the budget', async () => {
    const wakeable = source();
    const aborted = AbortSignal.abort(new Error('aborted'));
    await expect(waitFor(wakeable, () => 'now', 0, aborted)).resolves.toBe('now');
    expectNothingLeft(wakeable, aborted);
  });

  it("rejects with an aborted signal's reason before subscribing", async () => {
    const wakeable = source();
    const reason = { why: 'the test ended' };
    const signal = AbortSignal.abort(reason);
    await expect(waitFor(wakeable, () => undefined, 1_000, signal)).rejects.toBe(reason);
    expectNothingLeft(wakeable, signal);
  });

  it('times out at once with no budget left, before subscribing', async () => {
    const wakeable = source();
    const signal = new AbortController().signal;
    await expect(waitFor(wakeable, () => undefined, 0, signal)).resolves.toBe(TIMED_OUT);
    await expect(waitFor(wakeable, () => undefined, -5, signal)).resolves.toBe(TIMED_OUT);
    expectNothingLeft(wakeable, signal);
  });

  it('looks again on every wake-up and resolves with the first value that is not undefined', async () => {
    const wakeable = source();
    const signal = new AbortController().signal;
    const answers = [undefined, undefined, 0, 1];
    const check = vi.fn(() => answers.shift());
    const wait = track(waitFor(wakeable, check, 1_000, signal));
    expect([wakeable.subscribers.size, vi.getTimerCount()]).toEqual([1, 1]);
    wakeable.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(wait.settled).toBe(false);
    // 0 is a value: only undefined means "not yet".
    wakeable.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(wait.settled).toBe(true);
    await expect(wait.promise).resolves.toBe(0);
    expect(check).toHaveBeenCalledTimes(3);
    expectNothingLeft(wakeable, signal);
    wakeable.wake();
    expect(check).toHaveBeenCalledTimes(3);
  });

  it('resolves with TIMED_OUT when `within` ms have passed, not before', async () => {
    const wakeable = source();
    const signal = new AbortController().signal;
    const check = vi.fn(() => undefined);
    const wait = track(waitFor(wakeable, check, 1_000, signal));
    await vi.advanceTimersByTimeAsync(999);
    expect(wait.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(wait.promise).resolves.toBe(TIMED_OUT);
    expect(check).toHaveBeenCalledTimes(1);
    expectNothingLeft(wakeable, signal);
  });

  it('waits with no timer at all for an infinite budget, until a wake-up finds a value', async () => {
    const wakeable = source();
    const signal = new AbortController().signal;
    let ready: string | undefined;
    const wait = track(waitFor(wakeable, () => ready, Number.POSITIVE_INFINITY, signal));
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(wait.settled).toBe(false);
    ready = 'finally';
    wakeable.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(wait.settled).toBe(true);
    await expect(wait.promise).resolves.toBe('finally');
    expectNothingLeft(wakeable, signal);
  });

  it("rejects with the signal's reason when it aborts during the wait", async () => {
    const wakeable = source();
    const controller = new AbortController();
    const wait = waitFor(wakeable, () => undefined, 1_000, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(wait).rejects.toBe(reason);
    expectNothingLeft(wakeable, controller.signal);
  });

  it('rejects, never throws, when the first check() throws, and subscribes to nothing', async () => {
    const wakeable = source();
    const signal = new AbortController().signal;
    const broken = new TypeError('predicate broke');
    let wait: Promise<unknown> | undefined;
    expect(() => {
      wait = waitFor(
        wakeable,
        () => {
          throw broken;
        },
        1_000,
        signal,
      );
    }).not.toThrow();
    await expect(wait).rejects.toBe(broken);
    expectNothingLeft(wakeable, signal);
  });

  it('fails the wait, not the waker, when check() throws on a wake-up', async () => {
    const wakeable = source();
    const signal = new AbortController().signal;
    const broken = new TypeError('predicate broke');
    let calls = 0;
    const wait = waitFor(
      wakeable,
      () => {
        calls++;
        if (calls > 1) throw broken;
        return undefined;
      },
      1_000,
      signal,
    );
    expect(() => wakeable.wake()).not.toThrow();
    await expect(wait).rejects.toBe(broken);
    expectNothingLeft(wakeable, signal);
  });

  it('works without a signal', async () => {
    const wakeable = source();
    const wait = waitFor(wakeable, () => undefined, 10);
    await vi.advanceTimersByTimeAsync(10);
    await expect(wait).resolves.toBe(TIMED_OUT);
    expect([wakeable.subscribers.size, vi.getTimerCount()]).toEqual([0, 0]);
  });
});

describe('waitFor() on the real clock', () => {
  it('does not keep the process alive while it waits', async () => {
    const before = liveTimers();
    const controller = new AbortController();
    const wait = waitFor(source(), () => undefined, 60_000, controller.signal).catch(() => 'aborted');
    expect(liveTimers()).toBe(before);
    controller.abort();
    expect(await wait).toBe('aborted');
  });
});

describe('delay()', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves true after `ms`, not before, and leaves no timer or listener', async () => {
    const signal = new AbortController().signal;
    const sleep = track(delay(500, signal));
    await vi.advanceTimersByTimeAsync(499);
    expect(sleep.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(sleep.promise).resolves.toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('waits one event-loop turn for 0 ms, or less', async () => {
    for (const ms of [0, -1]) {
      const sleep = track(delay(ms));
      expect(vi.getTimerCount()).toBe(1);
      await Promise.resolve();
      expect(sleep.settled).toBe(false);
      vi.runOnlyPendingTimers();
      await expect(sleep.promise).resolves.toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    }
  });

  it('resolves false at once for a signal already aborted, starting no timer', async () => {
    const signal = AbortSignal.abort();
    await expect(delay(500, signal)).resolves.toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('resolves false when the signal aborts, and clears its timer or immediate', async () => {
    for (const ms of [500, 0]) {
      const controller = new AbortController();
      const sleep = delay(ms, controller.signal);
      expect(vi.getTimerCount()).toBe(1);
      controller.abort();
      await expect(sleep).resolves.toBe(false);
      expect(vi.getTimerCount()).toBe(0);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    }
  });
});

describe('delay() on the real clock', () => {
  it('keeps the process alive while it sleeps, and lets go once aborted', async () => {
    const before = liveTimers();
    const controller = new AbortController();
    const sleep = delay(60_000, controller.signal);
    expect(liveTimers()).toBe(before + 1);
    controller.abort();
    expect(await sleep).toBe(false);
    expect(liveTimers()).toBe(before);
  });
});
