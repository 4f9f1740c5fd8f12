import type { SnapshotStore } from '../snapshot/store.ts';

/**
 * What a runner hands a matcher as `this`: both Playwright and Vitest give `isNot` and `promise`;
 * Playwright also gives its expect `timeout`. Everything else the matchers need comes from
 * `settings` below, which the runner adapters fill in.
 */
export interface SseMatcherContext {
  readonly isNot?: boolean | undefined;
  readonly promise?: string | undefined;
  /** Playwright's expect timeout for this assertion (ms). */
  readonly timeout?: number | undefined;
}

/** The matchers' deadline when neither `within` nor the runner says (Vitest), as Playwright's default expect timeout. */
export const DEFAULT_EXPECT_TIMEOUT = 5_000;

/** Knobs the runner adapters set; plain data and functions, no runner code. */
export const settings: {
  /** Deadline of a waiting matcher without `within` when the runner gives none (Vitest). */
  defaultTimeout: number;
  /** Milliseconds the current test has left, if the runner can tell. */
  remainingTestTime: () => number | undefined;
  /** Where stream snapshots live and how the runner's update flag treats them (set by each runner's entry). */
  snapshots: SnapshotStore | undefined;
} = {
  defaultTimeout: DEFAULT_EXPECT_TIMEOUT,
  remainingTestTime: () => undefined,
  snapshots: undefined,
};

/** Room left between our deadline and the test's, so our message is printed before the runner's. */
const MARGIN = 200;

/** A waiting matcher's deadline: what was asked, capped by the time the test has left. */
export interface Deadline {
  /** Milliseconds to wait. */
  readonly ms: number;
  /** What the user asked for (or the default), when the test's remaining time cut it shorter. */
  readonly asked?: number;
}

/**
 * Resolves `within` (else the runner's expect timeout, else `settings.defaultTimeout`) and clamps it
 * inside the test's remaining time, as Playwright's `toPass` does.
 */
export function deadline(context: SseMatcherContext, within: number | undefined): Deadline {
  // Playwright's expect.timeout 0 means no deadline of its own: the test's timeout decides.
  const runner = context.timeout === 0 ? Number.POSITIVE_INFINITY : context.timeout;
  const asked = within ?? runner ?? settings.defaultTimeout;
  const left = settings.remainingTestTime();
  if (left === undefined || left - MARGIN >= asked) return { ms: asked };
  return { ms: Math.max(0, left - MARGIN), asked };
}
