import { test as base } from 'vitest';
import './vitest-setup.ts';
import type { SseOpenOptions } from './client/options.ts';
import { createSseClient, type SseClient } from './runners/client.ts';
import { finishFirst, finishOnce } from './runners/finish.ts';
import { tearDown, trackAttemptTime, useExpectTimeout } from './runners/vitest-hooks.ts';
import { createSseServer, type SseServer } from './server.ts';

/**
 * The fixtures sse-test adds to a Vitest `test`.
 *
 * @example
 * test('events', async ({ sse, sseServer }) => { ... });
 */
export interface SseFixtures {
  /**
   * Opens recorded streams with `sseOptions` merged under the call's own options; every stream is
   * closed at teardown, and its transcript (secrets redacted) is recorded as an artifact of a failed test.
   */
  sse: SseClient;
  /** A fresh embedded SSE server for this test, closed at teardown. */
  sseServer: SseServer;
  /** Defaults for every `sse.open()` of the test (`baseURL`, `headers`...), as in Playwright. Default `{}`. */
  sseOptions: SseOpenOptions;
  /**
   * Deadline (ms) of a waiting matcher called without `within`: Vitest has no expect timeout of its
   * own (Playwright's `expect.timeout` plays this part there). Default 5,000. It is set per worker
   * while a test runs, so concurrent tests (`test.concurrent`) in one file should agree on it.
   */
  sseExpectTimeout: number;
}

/** Applies `sseExpectTimeout` to every test, whether or not it uses `sse`. */
interface SseDefaultsFixture {
  _sseDefaults: undefined;
}

/**
 * Vitest's `test` with the `sse`, `sseServer` and `sseOptions` fixtures; the matchers are registered
 * on Vitest's `expect`, re-exported here. Add fixtures of your own with `test.extend()`. (To register
 * the matchers for every file instead, list `sse-test/vitest/setup` in `setupFiles`, and in
 * `compilerOptions.types` for their typings.)
 *
 * @example
 * import { expect, test } from 'sse-test/vitest';
 * test.override({ sseOptions: { baseURL: 'http://127.0.0.1:3000' }, sseExpectTimeout: 2_000 });
 * test('ticker', async ({ sse }) => {
 *   const stream = await sse.open('/ticker');
 *   await expect(stream).toReceiveEvent('price', { symbol: 'ACME' });
 * });
 */
export const test = base.extend<SseFixtures & SseDefaultsFixture>({
  sseOptions: {},
  sseExpectTimeout: 5_000,
  sse: async ({ sseOptions, task }, use) => {
    const sse = createSseClient({
      defaults: sseOptions,
      onLoadReport: async (report) => console.log(report.summary()),
    });
    const finish = finishOnce(task, () => tearDown(sse, task));
    await use(sse);
    await finish();
  },
  sseServer: async ({ task }, use) => {
    const server = await createSseServer();
    await use(server);
    await finishFirst(task);
    await server.close();
  },
  _sseDefaults: [
    async ({ sseExpectTimeout, task }, use) => {
      const restore = useExpectTimeout(sseExpectTimeout);
      const untrack = trackAttemptTime(task);
      await use(undefined);
      untrack();
      restore();
    },
    { auto: true },
  ],
});

export { expect } from 'vitest';
export type { SseClient, SseTranscript } from './runners/client.ts';
export type { SseTranscriptArtifact } from './runners/vitest-hooks.ts';
