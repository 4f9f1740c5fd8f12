import { expect, TestRunner } from 'vitest';
import type { SseStream } from './client/stream.ts';
import type { LoadReport } from './load/report.ts';
import type { Thresholds } from './load/threshold-parse.ts';
import { settings } from './matchers/context.ts';
import { sseMatchers } from './matchers/index.ts';
import type { SseMatchers } from './matchers/types.ts';

expect.extend(sseMatchers);

// The test's remaining time, so a waiting matcher fails with its own message before Vitest's timeout.
// (The global expect's state carries no task in Vitest 5; the runner knows the running test.)
settings.remainingTestTime = () => {
  const task = TestRunner.getCurrentTest();
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
    toHaveStatus: OnStream<T, Sse['toHaveStatus']>;
    toHaveHeader: OnStream<T, Sse['toHaveHeader']>;
    toBeEventStream: OnStream<T, Sse['toBeEventStream']>;
    toReceiveFirstEventWithin: OnStream<T, Sse['toReceiveFirstEventWithin']>;
    toKeepGapsBelow: OnStream<T, Sse['toKeepGapsBelow']>;
    toEnd: OnStream<T, Sse['toEnd']>;
    toStayOpen: OnStream<T, Sse['toStayOpen']>;
    toReconnect: OnStream<T, Sse['toReconnect']>;
    toStreamIncrementally: OnStream<T, Sse['toStreamIncrementally']>;
    toBeWellFormed: OnStream<T, Sse['toBeWellFormed']>;
    toMeetThresholds: [T] extends [LoadReport] ? (thresholds?: Thresholds) => void : never;
  }
}
