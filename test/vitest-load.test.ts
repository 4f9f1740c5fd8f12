import { afterEach, describe, vi } from 'vitest';
import { createSseClient, LoadReport, SseError } from '../src/index.ts';
import type { LoadContext } from '../src/load/runner.ts';
import type { SseServer } from '../src/server.ts';
import { expect, test } from '../src/vitest.ts';
import { maskSummary } from './matchers/harness.ts';

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

const api = test.extend({
  sseOptions: async ({ sseServer }, use) => use({ baseURL: sseServer.url, headers: { 'x-team': 'a' } }),
});

describe('sse.load', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  api(
    'runs its streams with sseOptions under the call’s own, and prints the summary',
    async ({ sse, sseServer }) => {
      ticks(sseServer);
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      try {
        const report = await sse.load({ streams: 3, name: 'ticks' }, async ({ sse }) => {
          await (await sse.open('/ticks', { headers: { 'x-from': 'call' } })).closed;
        });
        expect(report).toBeInstanceOf(LoadReport);
        expect(report.metrics.timeToFirstEvent.count).toBe(3);
        expect(report.metrics.events.count).toBe(6);
        expect(sseServer.requests).toHaveLength(3);
        for (const request of sseServer.requests) {
          expect(request).toMatchObject({ path: '/ticks', headers: { 'x-team': 'a', 'x-from': 'call' } });
        }
        expect(log).toHaveBeenCalledWith(report.summary());
        expect(report.summary()).toMatch(/^ticks: 3 runs in /);
      } finally {
        log.mockRestore();
      }
    },
  );

  api(
    'fails with the thresholds table when a threshold given as an option misses',
    async ({ sse, sseServer }) => {
      ticks(sseServer);
      vi.spyOn(console, 'log').mockImplementation(() => {});
      const failing = sse.load(
        {
          streams: 2,
          name: 'ticks',
          thresholds: { timeToFirstEvent: ['p(95)<60000'], events: ['count>100'], errors: ['rate==0'] },
        },
        readTicks,
      );
      await expect(failing).rejects.toBeInstanceOf(SseError);
      await expect(failing).rejects.toMatchObject({ type: 'thresholds-missed' });
      const error = (await failing.catch((e: unknown) => e)) as SseError;
      expect(maskSummary(error.message)).toBe(`Load thresholds missed:
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
    },
  );

  api(
    'does not judge thresholds on one shard’s share of a load split by shard',
    async ({ sse, sseServer }) => {
      ticks(sseServer);
      vi.spyOn(console, 'log').mockImplementation(() => {});
      const report = await sse.load(
        { streams: 4, shard: { current: 2, total: 2 }, thresholds: { events: ['count==8'] } },
        readTicks,
      );
      expect(report.shard).toEqual({ current: 2, total: 2 });
      expect(report.metrics.events.count).toBe(4);
      expect(report.passed).toBe(false);
      expect(report.summary()).toContain(
        '\n\nthresholds: judged on the whole run, by sse-test/reporter after merge-reports',
      );
    },
  );

  api(
    'with splitByShard but no shard to split by, runs every stream and judges thresholds',
    async ({ sse, sseServer }) => {
      ticks(sseServer);
      vi.spyOn(console, 'log').mockImplementation(() => {});
      const failing = sse.load(
        { streams: 3, splitByShard: true, thresholds: { events: ['count<6'] } },
        readTicks,
      );
      await expect(failing).rejects.toThrow(/\nevents +count<6 +6 +✗$/);
      expect(sseServer.requests).toHaveLength(3);
    },
  );

  test('with splitByShard, runs the current shard’s share of the streams', async ({ sseServer }) => {
    ticks(sseServer);
    const sse = createSseClient({
      defaults: { baseURL: sseServer.url },
      shard: () => ({ current: 1, total: 3 }),
    });
    const indexes: number[] = [];
    const report = await sse.load(
      { streams: 7, splitByShard: true, thresholds: { events: ['count==14'] } },
      async (context) => {
        indexes.push(context.index);
        await readTicks(context);
      },
    );
    expect(indexes.sort()).toEqual([0, 3, 6]);
    expect(report.shard).toEqual({ current: 1, total: 3 });
    await sse.close();
  });

  api('gives a report that toMeetThresholds judges', async ({ sse, sseServer }) => {
    ticks(sseServer);
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const report = await sse.load({ streams: 2, thresholds: { events: ['count==4'] } }, readTicks);
    expect(report).toMeetThresholds();
    expect(report).toMeetThresholds({ timeToFirstEvent: ['min>=0', 'p(50)<60000'], errors: ['rate==0'] });
    expect(report).not.toMeetThresholds({ events: ['count>4'] });
    const error = (() => {
      try {
        expect(report).toMeetThresholds({ events: ['count>4'] });
      } catch (e) {
        return e as Error;
      }
    })();
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC
    expect(error?.message.replace(/\x1b\[[0-9;]*m/g, '')).toBe(`expect(report).toMeetThresholds(thresholds)

Expected: every threshold to hold
Received: 1 of 1 missed (load, 2 runs)

metric  threshold  actual
events  count>4    4       ✗`);
  });
});
