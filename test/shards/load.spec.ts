import { expect, test } from '../../src/playwright.ts';
import { note, ticks, waitOf } from './support.ts';

// One load of 8 streams, split by `--shard`: run with `--repeat-each=<shards>` so that every shard
// gets a copy of the test, and each copy runs its shard's share of the streams.
const STREAMS = 8;

test.use({ baseURL: async ({ sseServer }, use) => use(sseServer.url) });

test('ticks load', async ({ sse, sseServer }, testInfo) => {
  ticks(sseServer);
  const budget = Number(process.env.SSE_TEST_BUDGET ?? 10_000);
  const report = await sse.load(
    {
      streams: STREAMS,
      splitByShard: true,
      thresholds: {
        timeToFirstEvent: ['min>=15', `p(95)<${budget}`],
        // Only the whole run has every stream's two events: a shard alone would miss this.
        events: [`count==${STREAMS * 2}`],
      },
    },
    async ({ sse, index }) => {
      const stream = await sse.open(`/ticks?wait=${waitOf(index)}`);
      await stream.closed;
      note({
        test: testInfo.title,
        shard: `${testInfo.config.shard?.current ?? 1}/${testInfo.config.shard?.total ?? 1}`,
        worker: testInfo.workerIndex,
        index,
        timeToFirstEvent: stream.timing.firstEvent as number,
      });
    },
  );
  expect(report.shard).toEqual(testInfo.config.shard);
});
