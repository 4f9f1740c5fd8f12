import { describe, expect, it, vi } from 'vitest';
import { renderChart } from '../../src/load/chart.ts';
import { LoadReport } from '../../src/load/report.ts';
import { load } from '../../src/load/runner.ts';
import type { SseServer } from '../../src/server.ts';
import { leakedSince, snapshotResources } from '../support/resources.ts';
import { startServer } from '../support/server.ts';
import { polylines, texts } from '../support/svg.ts';

/** A chat-like route: a first token after `wait` ms (from ?wait=), then `n` chunks 5 ms apart, then [DONE]. */
function chat(server: SseServer, n = 3) {
  server.route('/chat', async (sse) => {
    await sse.sleep(Number(sse.request.query.get('wait') ?? 0));
    for (let i = 0; i < n; i++) {
      await sse.send({ data: { token: i } });
      await sse.sleep(5);
    }
    await sse.send('[DONE]');
  });
}

/** What the progress line writes to go back to the start of the line and clear it. */
const ERASE = '\r\u001b[K';

/** The exact nearest-rank percentile of samples. */
function exact(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((q / 100) * sorted.length) - 1)] as number;
}

describe('load()', () => {
  it('runs the body as N parallel streams and records the built-in metrics', async () => {
    const server = await startServer();
    chat(server);
    const ttfe: number[] = [];
    let concurrent = 0;
    let peak = 0;
    const report = await load({ streams: 20, open: { baseURL: server.url } }, async ({ sse, index }) => {
      concurrent++;
      peak = Math.max(peak, concurrent);
      const stream = await sse.open(`/chat?wait=${index}`);
      await stream.closed;
      ttfe.push(stream.timing.firstEvent as number);
      concurrent--;
    });
    expect(peak).toBe(20);
    const { metrics } = report;
    expect(metrics.timeToFirstEvent.count).toBe(20);
    expect(metrics.events.count).toBe(20 * 4);
    expect(metrics.eventGap.count).toBe(20 * 3);
    expect(metrics.errors.rate).toBe(0);
    expect(metrics.bytes.count).toBeGreaterThan(20 * 4 * 10);
    // Percentiles agree with an exact computation on the same samples, within 3 significant digits.
    for (const q of [50, 90, 95, 99]) {
      expect(Math.abs(metrics.timeToFirstEvent.p(q) - exact(ttfe, q))).toBeLessThanOrEqual(
        exact(ttfe, q) * 1e-3 + 1e-3,
      );
    }
    expect(report.passed).toBe(true);
  });

  it('counts a failing body and keeps its error without stopping the run', async () => {
    const server = await startServer();
    chat(server, 1);
    const report = await load({ streams: 10, open: { baseURL: server.url } }, async ({ sse, index }) => {
      const stream = await sse.open('/chat');
      if (index % 5 === 0) throw new Error(`run ${index} failed`);
      await stream.closed;
    });
    expect(report.metrics.errors.rate).toBeCloseTo(0.2);
    expect(report.errors.map((e) => (e as Error).message).sort()).toEqual(['run 0 failed', 'run 5 failed']);
    expect(report.runs.filter((run) => run.error)).toHaveLength(2);
    // The streams a failing body left open were closed and still recorded.
    expect(report.metrics.timeToHeaders.count).toBe(10);
  });

  it('spreads starts over rampUp, caps concurrency, and reports each run’s scheduled and actual start', async () => {
    const server = await startServer();
    chat(server, 1);
    let concurrent = 0;
    let peak = 0;
    const report = await load(
      { streams: 6, rampUp: 100, maxConcurrency: 2, open: { baseURL: server.url } },
      async ({ sse }) => {
        concurrent++;
        peak = Math.max(peak, concurrent);
        await (await sse.open('/chat?wait=60')).closed;
        concurrent--;
      },
    );
    expect(peak).toBeLessThanOrEqual(2);
    const scheduled = report.runs.map((run) => run.scheduled).sort((a, b) => a - b);
    expect(scheduled).toEqual([0, 20, 40, 60, 80, 100]);
    // With two at a time and 60+ ms per run, later runs start after their schedule: the lag shows it.
    expect(report.metrics.trend('startLag').max).toBeGreaterThan(10);
  });

  it('starts a burst in slices, letting the event loop turn between them', async () => {
    // A chain of immediates counts the loop's turns (each runs once per turn, after the poll phase);
    // it stops when the load is done, and at 100,000 turns at the latest.
    let turn = 0;
    let done = false;
    const count = () => {
      turn++;
      if (!done && turn < 100_000) setImmediate(count);
    };
    setImmediate(count);
    const startedAt: number[] = [];
    // 2,000 streams at once whose bodies each hold the loop for ~20 µs: ~40 ms of starts, several
    // slices. Started in one stretch, every body would see the same turn.
    const report = await load({ streams: 2_000 }, async () => {
      startedAt.push(turn);
      const until = performance.now() + 0.02;
      while (performance.now() < until) {}
    }).finally(() => {
      done = true;
    });
    expect(report.runs).toHaveLength(2_000);
    expect(startedAt).toHaveLength(2_000);
    expect(startedAt.at(-1)).toBeGreaterThan(startedAt[0] as number);
    // Every start still counts from its schedule (0 here), so the slices' wait shows in startLag.
    expect(report.metrics.trend('startLag').count).toBe(2_000);
    expect(report.metrics.trend('startLag').max).toBeGreaterThan(0);
  });

  it('re-runs bodies until duration ends, or up to iterations', async () => {
    const server = await startServer();
    chat(server, 1);
    const timed = await load(
      { streams: 2, duration: 150, open: { baseURL: server.url } },
      async ({ sse }) => {
        await (await sse.open('/chat?wait=10')).closed;
      },
    );
    expect(timed.runs.length).toBeGreaterThan(4);
    const counted = await load(
      { streams: 2, iterations: 5, open: { baseURL: server.url } },
      async ({ sse }) => {
        await (await sse.open('/chat')).closed;
      },
    );
    expect(counted.runs.map((run) => run.iteration).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('two shards merge to the numbers of one run over all their samples', async () => {
    const server = await startServer();
    chat(server, 2);
    const samples: number[] = [];
    const body = async ({ sse, index }: Parameters<Parameters<typeof load>[1]>[0]) => {
      const stream = await sse.open(`/chat?wait=${index * 2}`);
      await stream.closed;
      samples.push(stream.timing.firstEvent as number);
    };
    const options = { streams: 8, open: { baseURL: server.url } };
    const halves = await Promise.all([
      load({ ...options, shard: { current: 1, total: 2 } }, body),
      load({ ...options, shard: { current: 2, total: 2 } }, body),
    ]);
    expect(halves.map((half) => half.runs.map((run) => run.index).sort())).toEqual([
      [0, 2, 4, 6],
      [1, 3, 5, 7],
    ]);
    // Through JSON, as the reporter gets them from workers and shards.
    const merged = LoadReport.merge(
      halves.map((half) => LoadReport.fromJSON(JSON.parse(JSON.stringify(half)))),
    );
    for (const q of [50, 95, 99, 100]) {
      const want = exact(samples, q);
      expect(Math.abs(merged.metrics.timeToFirstEvent.p(q) - want)).toBeLessThanOrEqual(want * 1e-3 + 1e-3);
    }
    expect(merged.metrics.timeToFirstEvent.count).toBe(8);
    expect(merged.metrics.events.count).toBe(8 * 3);
  });

  it('judges thresholds and prints a summary and a chart', async () => {
    const server = await startServer();
    chat(server, 2);
    const report = await load(
      {
        name: 'chat',
        streams: 4,
        open: { baseURL: server.url },
        thresholds: { timeToFirstEvent: ['p(95)<60000'], errors: ['rate<0.01'], events: ['count>1000'] },
      },
      async ({ sse, metrics }) => {
        const stream = await sse.open('/chat');
        await stream.closed;
        metrics.trend('timeToFirstToken').record(stream.timing.firstEvent as number);
      },
    );
    expect(report.judge().map((r) => [r.metric, r.expression, r.pass])).toEqual([
      ['timeToFirstEvent', 'p(95)<60000', true],
      ['errors', 'rate<0.01', true],
      ['events', 'count>1000', false],
    ]);
    expect(report.passed).toBe(false);
    expect(report.summary()).toMatch(/^chat: 4 runs in .*\n {2}timeToHeaders {6}p50 /);
    expect(report.summary()).toContain('timeToFirstToken');
    const svg = renderChart(report);
    const [, width = 0, height = 0] = (/^<svg [^>]*viewBox="0 0 (\d+) (\d+)"/.exec(svg) ?? []).map(Number);
    expect(texts(svg)[0]).toBe('chat: latency percentiles (log scale)');
    const lines = polylines(svg);
    for (const [x, y] of lines.flat()) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(width);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(height);
    }
    // One curve per latency trend the run recorded, built-ins first, the body's own last; then the
    // events per second.
    const latencies = ['timeToHeaders', 'timeToFirstEvent', 'eventGap', 'streamDuration', 'startLag'];
    const legend = texts(svg).filter((text) => [...latencies, 'timeToFirstToken'].includes(text));
    expect(legend).toEqual([...latencies, 'timeToFirstToken']);
    expect(lines).toHaveLength(legend.length + 1);
    const curves = lines.slice(0, -1);
    const series = lines.at(-1) ?? [];
    for (const curve of curves) {
      // p50 … max, left to right, each at or above the one before (a smaller y is higher).
      expect(curve.map(([x]) => x)).toEqual([64, 140, 216, 292, 368, 444, 520]);
      for (const [i, [, y]] of curve.entries()) {
        expect(y).toBeGreaterThanOrEqual(48);
        expect(y).toBeLessThanOrEqual(268);
        if (i > 0) expect(y).toBeLessThanOrEqual(curve[i - 1]?.[1] ?? 0);
      }
    }
    // A stream lasts longer than it takes to its first event: its max is drawn higher.
    const top = (name: string) => curves[legend.indexOf(name)]?.at(-1)?.[1] ?? 0;
    expect(top('streamDuration')).toBeLessThan(top('timeToFirstEvent'));
    const counts = texts(svg).flatMap((text) => /^p95 [\d.]+ ms · n=(\d+)$/.exec(text)?.[1] ?? []);
    expect(counts).toEqual(['4', '4', '8', '4', '4', '4']);
    // 4 streams × (2 tokens + [DONE]), drawn in the lower panel, above its baseline somewhere.
    expect(report.metrics.events.count).toBe(12);
    expect(texts(svg).filter((text) => text.includes(' events in '))).toEqual([
      expect.stringMatching(/^12 events in [\d.]+ s$/),
    ]);
    expect(series.length).toBeGreaterThan(0);
    for (const [x, y] of series) {
      expect(x).toBeGreaterThanOrEqual(64);
      expect(x).toBeLessThanOrEqual(520);
      expect(y).toBeGreaterThanOrEqual(340);
      expect(y).toBeLessThanOrEqual(560);
    }
    expect(Math.min(...series.map(([, y]) => y))).toBeLessThan(560);
  });

  it('stops on abort and leaves no socket or timer behind', async () => {
    const before = snapshotResources();
    const server = await startServer();
    server.route('/forever', (sse) => sse.sleep(60_000));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const report = await load(
      { streams: 5, duration: 60_000, signal: controller.signal, open: { baseURL: server.url } },
      async ({ sse }) => {
        await (await sse.open('/forever')).closed;
      },
    );
    expect(report.metrics.streamDuration.count).toBe(5);
    await server.close();
    expect(await leakedSince(before)).toEqual({});
  });

  it('shows a live progress line after the first second, and clears it at the end', async () => {
    const server = await startServer();
    chat(server, 1);
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    // Ticks come every 500 ms and show from 1 s on; a tick right at 1 s may still read 999 ms, so
    // the run lasts past the 1.5 s tick.
    try {
      await load(
        { name: 'chat', streams: 2, duration: 1_800, progress: true, open: { baseURL: server.url } },
        async ({ sse }) => {
          await (await sse.open('/chat?wait=20')).closed;
        },
      );
    } finally {
      spy.mockRestore();
    }
    const lines = written.map((chunk) => chunk.replace(ERASE, ''));
    expect(
      lines.some((line) =>
        /^chat: \d+ runs done · \d running · \d+ events · p95 first event [\d.]+ ms · 1(\.\d+)? s$/.test(
          line,
        ),
      ),
    ).toBe(true);
    expect(written.at(-1)).toBe(ERASE);
  });

  it('samples its own event-loop delay after the first second, and warns in the summary when it was saturated', async () => {
    const server = await startServer();
    chat(server, 1);
    const report = await load(
      { streams: 1, duration: 1_500, open: { baseURL: server.url } },
      async ({ sse }) => {
        await (await sse.open('/chat')).closed;
        // Hog the event loop, as an overloaded load generator would.
        const until = performance.now() + 80;
        while (performance.now() < until) {}
      },
    );
    const delay = report.metrics.trend('loopDelay');
    expect(delay.count).toBeGreaterThan(1);
    expect(delay.p99).toBeGreaterThan(50);
    expect(report.summary()).toMatch(
      /\n {2}note: the load generator's own event loop ran up to [\d.]+ ms late \(p99\): /,
    );
  });

  it('rejects options that cannot work, saying which', async () => {
    await expect(load({ streams: 0 }, async () => {})).rejects.toMatchObject({ type: 'invalid-option' });
    await expect(load({ streams: 2, shard: { current: 3, total: 2 } }, async () => {})).rejects.toThrow(
      /needs 1 <= shard.current <= shard.total/,
    );
  });
});
