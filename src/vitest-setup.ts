import { expect } from 'vitest';
import { settings } from './matchers/context.ts';
import { sseMatchers } from './matchers/index.ts';
import type { SseMatchers } from './matchers/types.ts';
import type { SseStream } from './stream.ts';

expect.extend(sseMatchers);

// The test's remaining time, so a waiting matcher fails with its own message before Vitest's timeout.
settings.remainingTestTime = () => {
  const task = expect.getState().task;
  const started = task?.result?.startTime;
  if (!task?.timeout || started === undefined) return undefined;
  return task.timeout - (Date.now() - started);
};

/** A matcher's type when `T` is an SseStream (or `any`); `never` otherwise, so misuse does not compile. */
type OnStream<T, F> = [T] extends [SseStream] ? F : never;
type Sse = SseMatchers<void>;

declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown> {
    toReceiveEvent: OnStream<T, Sse['toReceiveEvent']>;
    toReceiveEvents: OnStream<T, Sse['toReceiveEvents']>;
    toHaveReceivedEvent: OnStream<T, Sse['toHaveReceivedEvent']>;
  }
}
