import { test } from '../../src/playwright.ts';
import { note, ticks, waitOf } from './support.ts';

// Two load tests that run at once on two workers (`--workers=2`); the reporter collects both.
test.describe.configure({ mode: 'parallel' });

for (const name of ['first', 'second']) {
  test(`${name} load`, async ({ sse, sseServer }, testInfo) => {
    ticks(sseServer);
    await sse.load(
      { streams: 4, open: { baseURL: sseServer.url }, thresholds: { events: ['count==8'] } },
      async ({ sse, index }) => {
        const stream = await sse.open(`/ticks?wait=${waitOf(index)}`);
        await stream.closed;
        note({
          test: testInfo.title,
          shard: '1/1',
          worker: testInfo.workerIndex,
          index,
          timeToFirstEvent: stream.timing.firstEvent as number,
        });
      },
    );
  });
}
