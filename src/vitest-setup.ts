import { expect, TestRunner } from 'vitest';
import { settings } from './matchers/context.ts';
import { sseMatchers } from './matchers/index.ts';
import type { SseMatcherReceivers, SseMatchers } from './matchers/types.ts';
import { vitestSnapshots } from './snapshot/vitest-store.ts';

expect.extend(sseMatchers);
settings.snapshots = vitestSnapshots;

// The test's remaining time, so a waiting matcher fails with its own message before Vitest's timeout.
// (The global expect's state carries no task in Vitest 5; the runner knows the running test.)
settings.remainingTestTime = () => {
  const task = TestRunner.getCurrentTest();
  const started = task?.result?.startTime;
  if (!task?.timeout || started === undefined) return undefined;
  return task.timeout - (Date.now() - started);
};

/**
 * The matchers on Vitest's `expect(x)`: each is offered only when `x` is what it judges (see
 * {@link SseMatcherReceivers}), and is `never` otherwise, so misuse does not compile.
 */
type SseVitestMatchers<T> = {
  [K in keyof SseMatchers<void>]: [T] extends [SseMatcherReceivers[K]] ? SseMatchers<void>[K] : never;
};

declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown>
    extends SseVitestMatchers<T> {}
}
