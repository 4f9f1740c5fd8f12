import { type LoadContext, LoadReport, SseError } from '../../src/index.ts';
import { LOAD_ATTACHMENT } from '../../src/load/report.ts';
import { expect, test } from '../../src/playwright.ts';
import type { SseServer } from '../../src/server.ts';
import { maskSummary } from '../matchers/harness.ts';

/** Two events per stream, the first after ?wait= ms. */
function ticks(server: SseServer): void {
  server.route('/ticks', async (writer) => {
    await writer.sleep(Number(writer.request.query.get('wait') ?? 0));
    await writer.send({ event: 'tick', data: '1' });
    await writer.send({ event: 'tick', data: '2' });
  });
}

/** A body that reads one /ticks stream to its end, its first event `10 * index` ms late. */
async function readTicks({ sse, index }: LoadContext): Promise<void> {
  await (await sse.open(`/ticks?wait=${10 * index}`)).closed;
}

test.use({
  baseURL: async ({ sseServer }, use) => use(sseServer.url),
  extraHTTPHeaders: { 'x-team': 'use', 'x-keep': 'use' },
  sseOptions: { headers: { 'x-team': 'options' } },
});

test('sse.load runs its streams with use.baseURL, extraHTTPHeaders and sseOptions', async ({
  sse,
  sseServer,
}) => {
  ticks(sseServer);
  const report = await sse.load({ streams: 3 }, async ({ sse }) => {
    await (await sse.open('/ticks', { headers: { 'x-from': 'call' } })).closed;
  });
  expect(report.metrics.timeToFirstEvent.count).toBe(3);
  expect(sseServer.requests).toHaveLength(3);
  for (const request of sseServer.requests) {
    expect(request).toMatchObject({
      path: '/ticks',
      headers: { 'x-team': 'options', 'x-keep': 'use', 'x-from': 'call' },
    });
  }
});

test('sse.load attaches the report as JSON, a chart and the summary', async ({
  sse,
  sseServer,
}, testInfo) => {
  ticks(sseServer);
  const report = await sse.load({ streams: 4, name: 'ticks' }, readTicks);
  const attached = testInfo.attachments.filter((attachment) => !attachment.name.startsWith('sse #'));
  expect(attached.map(({ name, contentType }) => [name, contentType])).toEqual([
    [LOAD_ATTACHMENT, 'application/json'],
    ['ticks chart.svg', 'image/svg+xml'],
    ['ticks summary.txt', 'text/plain'],
  ]);
  const [json, svg, summary] = attached.map((attachment) => attachment.body?.toString('utf8') ?? '');
  const read = LoadReport.fromJSON(JSON.parse(json ?? ''));
  expect(read.name).toBe('ticks');
  expect(read.metrics.timeToFirstEvent.count).toBe(4);
  expect(read.metrics.timeToFirstEvent.p(95)).toBe(report.metrics.timeToFirstEvent.p(95));
  expect(read.metrics.events.count).toBe(8);
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*>[\s\S]*<\/svg>$/);
  expect(svg).toContain('timeToFirstEvent');
  expect(summary).toBe(report.summary());
  expect(summary).toMatch(/^ticks: 4 runs in .*\n {2}timeToHeaders {6}p50 /);
});

test('sse.load fails with the thresholds table when a threshold given as an option misses', async ({
  sse,
  sseServer,
}) => {
  ticks(sseServer);
  const error = await sse
    .load(
      {
        streams: 2,
        name: 'ticks',
        thresholds: { timeToFirstEvent: ['p(95)<60000'], events: ['count>100'], errors: ['rate==0'] },
      },
      readTicks,
    )
    .then(
      () => undefined,
      (e: unknown) => e as SseError,
    );
  expect(error).toBeInstanceOf(SseError);
  expect(error).toMatchObject({ type: 'thresholds-missed' });
  expect(maskSummary(error?.message ?? '')).toBe(`Load thresholds missed:
ticks: 2 runs in <n> s
  timeToHeaders  p50 <n> ms  p95 <n> ms  p99 <n> ms  max <n> ms  (n=2)
  timeToFirstEvent  p50 <n> ms  p95 <n> ms  p99 <n> ms  max <n> ms  (n=2)
  eventGap  p50 <n> ms  p95 <n> ms  p99 <n> ms  max <n> ms  (n=2)
  streamDuration  p50 <n> ms  p95 <n> ms  p99 <n> ms  max <n> ms  (n=2)
  events  4  (<n>/s)
  bytes  84 B  (<n>/s)
  errors  0 %  (0 of 2)
  startLag  p50 <n> ms  p95 <n> ms  p99 <n> ms  max <n> ms  (n=2)

metric  threshold  actual
timeToFirstEvent  p(95)<60000  <n> ms  ✓
events  count>100  4  ✗
errors  rate==0  0  ✓`);
});

let missedWith: string | undefined;
// biome-ignore lint/correctness/noEmptyPattern: Playwright reads a hook's fixtures from this pattern
test.afterEach(({}, testInfo) => {
  if (testInfo.title.startsWith('a missed threshold fails the test')) missedWith = testInfo.error?.message;
});

test('a missed threshold fails the test, the report attached all the same', async ({
  sse,
  sseServer,
}, testInfo) => {
  test.fail();
  ticks(sseServer);
  try {
    await sse.load({ streams: 2, thresholds: { events: ['count>100'] } }, readTicks);
  } finally {
    expect(testInfo.attachments.map((attachment) => attachment.name)).toContain(LOAD_ATTACHMENT);
  }
});

test('…with the thresholds table as its error', () => {
  expect(missedWith, 'run this file whole: this test checks the previous one').toBeDefined();
  expect(missedWith).toMatch(
    /^SseError: Load thresholds missed:\nload: 2 runs in [\s\S]*\n\nmetric +threshold +actual\nevents +count>100 +4 +✗$/,
  );
});

test('thresholds are not judged on one shard’s share of a split load', async ({ sse, sseServer }) => {
  ticks(sseServer);
  const report = await sse.load(
    { streams: 4, shard: { current: 1, total: 2 }, thresholds: { events: ['count==8'] } },
    readTicks,
  );
  expect(report.runs.map((run) => run.index).sort()).toEqual([0, 2]);
  expect(report.metrics.events.count).toBe(4);
  expect(report.passed).toBe(false);
});

test('splitByShard without --shard runs every stream and judges thresholds in the test', async ({
  sse,
  sseServer,
}, testInfo) => {
  expect(testInfo.config.shard).toBeNull();
  ticks(sseServer);
  const failing = sse.load(
    { streams: 3, splitByShard: true, thresholds: { events: ['count<6'] } },
    readTicks,
  );
  await expect(failing).rejects.toThrow(/\nevents +count<6 +6 +✗$/);
  expect(sseServer.requests).toHaveLength(3);
});

test('toMeetThresholds judges the report of sse.load', async ({ sse, sseServer }) => {
  ticks(sseServer);
  const report = await sse.load({ streams: 2, thresholds: { events: ['count==4'] } }, readTicks);
  expect(report).toMeetThresholds();
  await expect(report).toMeetThresholds({ timeToFirstEvent: ['p(50)<60000'], errors: ['rate==0'] });
  expect(report).not.toMeetThresholds({ events: ['count>4'] });
});
