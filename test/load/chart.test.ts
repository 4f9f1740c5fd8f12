import { describe, expect, it } from 'vitest';
import { renderChart } from '../../src/load/chart.ts';
import { SERIES_STEP_MS } from '../../src/load/client.ts';
import { LoadMetrics } from '../../src/load/metrics.ts';
import { LoadReport } from '../../src/load/report.ts';
import { polylines } from '../support/svg.ts';

function reportOf(trends: Record<string, number[]>, series: number[] = [], name?: string): LoadReport {
  const metrics = new LoadMetrics();
  for (const [metric, samples] of Object.entries(trends)) {
    for (const sample of samples) metrics.trend(metric).record(sample);
  }
  return new LoadReport({ name, metrics, series, durationMs: series.length * SERIES_STEP_MS });
}

describe('renderChart()', () => {
  it('draws one percentile curve per latency trend, with a legend entry, and the events per second', () => {
    const svg = renderChart(
      reportOf({ timeToFirstEvent: [10, 20, 30], eventGap: [1, 2, 3], size: [] }, [1, 5, 3], 'chat'),
    );
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+" viewBox=/);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg).toContain('>chat: latency percentiles (log scale)</text>');
    expect(svg).toContain('>timeToFirstEvent</text>');
    expect(svg).toContain('>eventGap</text>');
    // Two trends and the series; empty trends are left out.
    expect(polylines(svg)).toHaveLength(3);
    expect(svg).toContain('>peak 50/s</text>');
    expect(svg).toContain('>9 events in 0.3 s</text>');
  });

  it('keeps every point inside its panel, from 0 ms to an hour, on a log scale', () => {
    const svg = renderChart(reportOf({ fast: [0, 0.002], slow: [3_600_000] }, [0, 100_000]));
    const [fast, slow, series] = polylines(svg);
    for (const [x, y] of [...(fast ?? []), ...(slow ?? [])]) {
      expect(x).toBeGreaterThanOrEqual(64);
      expect(x).toBeLessThanOrEqual(520);
      expect(y).toBeGreaterThanOrEqual(48);
      expect(y).toBeLessThanOrEqual(268);
    }
    for (const [, y] of series ?? []) expect(y).toBeGreaterThan(268);
    // Decades from the fastest sample's up to an hour's, one grid line each.
    expect(svg).toContain('>0.001 ms</text>');
    expect(svg).toContain('>10000000 ms</text>');
    expect(svg.match(/ ms<\/text>/g)?.length).toBe(11);
  });

  it('escapes the names it prints', () => {
    const svg = renderChart(reportOf({ 'a<b>&"c"': [1] }, [], '<chat> & "co"'));
    expect(svg).toContain('&#60;chat&#62; &#38; &#34;co&#34;: latency');
    expect(svg).toContain('>a&#60;b&#62;&#38;&#34;c&#34;</text>');
    expect(svg).not.toMatch(/<(?!\/?(svg|rect|text|line|polyline|tspan)\b)/);
  });

  it('bins a long run to one point per pixel, and says how wide a bin is', () => {
    const series = Array.from({ length: 6_000 }, () => 2);
    const svg = renderChart(reportOf({ ttfe: [5] }, series));
    const [, points] = polylines(svg);
    expect(points?.length).toBeLessThanOrEqual(456);
    expect(new Set(points?.map(([, y]) => y))).toEqual(new Set([points?.[0]?.[1]]));
    expect(svg).toContain('>peak 20/s</text>');
    expect(svg).toContain('>12000 events in 600 s</text>');
    expect(svg).toContain('>per 1400 ms, as a rate</text>');
  });

  it('says so when there is nothing to draw', () => {
    const svg = renderChart(reportOf({}));
    expect(svg.match(/>no samples<\/text>/g)).toHaveLength(2);
  });
});
