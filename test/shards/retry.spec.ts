import { expect, test } from '../../src/playwright.ts';
import { ticks, waitOf } from './support.ts';

// Run with `--retries=1`: the first attempt measures 2 streams and fails, the retry measures 3 and
// passes; the reporter must count only the retry's.
test('retried load', async ({ sse, sseServer }, testInfo) => {
  ticks(sseServer);
  await sse.load(
    { streams: testInfo.retry === 0 ? 2 : 3, open: { baseURL: sseServer.url } },
    async ({ sse, index }) => {
      await (await sse.open(`/ticks?wait=${waitOf(index)}`)).closed;
    },
  );
  expect(testInfo.retry, 'the first attempt fails on purpose').toBeGreaterThan(0);
});
