import {
  test as base,
  expect as baseExpect,
  type Fixtures,
  type PlaywrightTestArgs,
  type PlaywrightTestOptions,
  type PlaywrightWorkerArgs,
  type PlaywrightWorkerOptions,
  type TestInfo,
} from '@playwright/test';
import { createFrontEnds, type SseFrontEnds } from './browser/front-ends.ts';
import type { SseOpenOptions } from './client/options.ts';
import { createSseClient, mergeOpenOptions, type SseClient } from './runners/client.ts';
import { finishFirst, finishOnce } from './runners/finish.ts';
import { publishLoad, stepsOf, tearDown, trackTestTime } from './runners/playwright-hooks.ts';
import { sseMatchers } from './runners/playwright-matchers.ts';
import { createSseServer, type SseServer } from './server.ts';

/**
 * The fixtures sse-test adds to a Playwright `test`.
 *
 * @example
 * test.use({ sseOptions: { headers: { authorization: `Bearer ${process.env.API_TOKEN}` } } });
 * test('events', async ({ sse, sseServer }) => { ... });
 */
export interface SseFixtures {
  /**
   * Opens recorded streams with the test's defaults: `use.baseURL`, `use.extraHTTPHeaders`,
   * `use.ignoreHTTPSErrors`, then `sseOptions`, then the call's own options. Each open is a
   * `test.step`; every stream is closed at teardown, and its transcript (secrets redacted) is
   * attached to the report when the test fails. For pages: `sse.route()` feeds a page's SSE and
   * `sse.observe()` records what it received; both end with the test.
   */
  sse: PlaywrightSseClient;
  /** A fresh embedded SSE server for this test, closed at teardown. */
  sseServer: SseServer;
  /**
   * Option fixture: defaults for every `sse.open()` of the test, over the `use` options. Default
   * `{}`. The same type as in Vitest: the matchers wait Playwright's `expect.timeout` by default.
   */
  sseOptions: SseOpenOptions;
}

/** The Playwright `sse` fixture: the runner-neutral client, plus `route` and `observe` for pages. */
export interface PlaywrightSseClient extends SseClient, SseFrontEnds {}

/** Keeps the matchers' deadlines inside the test's remaining time; set up for every test. */
type SseClockFixture = {
  _sseTestClock: undefined;
};

type TestArgs = PlaywrightTestArgs & PlaywrightTestOptions;
type WorkerArgs = PlaywrightWorkerArgs & PlaywrightWorkerOptions;

/**
 * The fixtures object, for `base.extend(sseFixtures)` on a test of your own (`mergeTests` with our
 * `test` does the same).
 *
 * @example
 * import { test as base } from '@playwright/test';
 * import { sseFixtures } from 'sse-test/playwright';
 * export const test = base.extend(sseFixtures).extend<{ chat: Chat }>({ chat: ... });
 */
export const sseFixtures: Fixtures<SseFixtures & SseClockFixture, object, TestArgs, WorkerArgs> = {
  sseOptions: [{}, { option: true }],
  sse: async ({ baseURL, extraHTTPHeaders, ignoreHTTPSErrors, sseOptions }, use, testInfo) => {
    const fromUse = { baseURL, headers: extraHTTPHeaders, ignoreHTTPSErrors };
    const defaults = mergeOpenOptions(fromUse, sseOptions);
    const step = stepsOf(base);
    const client = createSseClient({
      defaults,
      step,
      shard: () => partOf(testInfo),
      onLoadReport: publishLoad(testInfo),
    });
    const frontEnds = createFrontEnds(defaults, step);
    const sse: PlaywrightSseClient = Object.assign(client, {
      route: frontEnds.route,
      observe: frontEnds.observe,
    });
    const finish = finishOnce(testInfo, () => tearDown(sse, testInfo, frontEnds));
    await use(sse);
    await finish();
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
  sseServer: async ({}, use, testInfo) => {
    const server = await createSseServer();
    await use(server);
    await finishFirst(testInfo);
    await server.close();
  },
  _sseTestClock: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
    async ({}, use, testInfo) => {
      const untrack = trackTestTime(testInfo);
      await use(undefined);
      untrack();
    },
    { auto: true },
  ],
};

/**
 * This copy's share of a load split with `splitByShard`. Playwright runs each test in one shard only,
 * so a split load is run as copies (`--repeat-each=N`), which sharding and workers spread out; copy
 * k takes share k of N whichever shard runs it, and the reporter merges the N parts. Without copies
 * there is nothing to split: the test runs every stream.
 */
function partOf(testInfo: TestInfo): { current: number; total: number } | null {
  const total = Math.max(testInfo.project.repeatEach, repeatEachFromArgv(testInfo.config.argv));
  return total > 1 ? { current: testInfo.repeatEachIndex + 1, total } : null;
}

// Playwright 1.65 does not show a command-line `--repeat-each` in `project.repeatEach`; its argv does.
function repeatEachFromArgv(argv: readonly string[] | undefined): number {
  const at = argv?.findIndex((arg) => arg === '--repeat-each' || arg.startsWith('--repeat-each=')) ?? -1;
  if (at < 0 || !argv) return 1;
  const arg = argv[at] as string;
  const value = Number(arg.includes('=') ? arg.split('=')[1] : argv[at + 1]);
  return Number.isInteger(value) && value > 0 ? value : 1;
}

/**
 * Playwright's `test` with the `sse`, `sseServer` and `sseOptions` fixtures.
 *
 * @example
 * import { expect, test } from 'sse-test/playwright';
 * test('ticker', async ({ sse }) => {
 *   const stream = await sse.open('/ticker');
 *   await expect(stream).toReceiveEvent('price', { symbol: 'ACME' });
 * });
 */
export const test = base.extend(sseFixtures);

/**
 * Playwright's `expect` with the sse-test matchers; merge it with yours through `mergeExpects`.
 *
 * @example
 * await expect(stream).toReceiveEvents(['start', 'delta', 'done'], { within: 2_000 });
 */
export const expect = baseExpect.extend(sseMatchers);

export type { SseFrontEnds } from './browser/front-ends.ts';
export type { SseObserver } from './browser/observer.ts';
export type { SsePassthrough, SseTransform, SseTransformResult } from './browser/passthrough.ts';
export type { SseRoute, SseRouteAnswer, SseRouteReplay, SseTarget, SseUrlMatcher } from './browser/route.ts';
export type { SseClient, SseTranscript } from './runners/client.ts';
export type { PlaywrightSseMatchers } from './runners/playwright-matchers.ts';
export { sseMatchers };
