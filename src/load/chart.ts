import { shorten } from '../util/text.ts';
import { SERIES_STEP_MS } from './client.ts';
import { formatValue } from './format.ts';
import type { LoadReport } from './report.ts';
import { Trend } from './trend.ts';

const WIDTH = 760;
const LEFT = 64;
const PLOT_RIGHT = 520;
const LEGEND = PLOT_RIGHT + 20;
const PANEL = 220;
const TOP = 48;
const GAP = 72;
const QUANTILES = [50, 75, 90, 95, 99, 99.9, 100] as const;
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];
/** Below this, latencies are drawn at it: a log scale has no zero. */
const FLOOR_MS = 0.001;

/**
 * A self-contained SVG of a load report: each latency trend's percentile curve (p50 … max, on a log
 * scale so that 2 ms and 2 s fit one chart) and the events received per second over the run.
 * Attached to the Playwright report next to the JSON.
 *
 * @example writeFileSync('load.svg', renderChart(report));
 */
export function renderChart(report: LoadReport): string {
  const trends = report.metrics.names
    .map((name) => [name, report.metrics.get(name)] as const)
    .filter(
      (entry): entry is readonly [string, Trend] =>
        entry[1] instanceof Trend && entry[1].count > 0 && entry[1].unit === 'ms',
    );
  const second = TOP + PANEL + GAP;
  const height = second + PANEL + 40;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${LEFT}" y="22" font-size="14">${escapeXml(report.name ?? 'load')}: latency percentiles (log scale)</text>`,
    ...percentilePanel(trends, TOP),
    `<text x="${LEFT}" y="${second - 18}" font-size="14">events per second</text>`,
    ...seriesPanel(report.series, second),
    '</svg>',
  ].join('\n');
}

function percentilePanel(trends: readonly (readonly [string, Trend])[], top: number): string[] {
  const values = trends.flatMap(([, trend]) => QUANTILES.map((q) => Math.max(FLOOR_MS, trend.p(q))));
  const low = values.length === 0 ? 0 : Math.floor(Math.log10(Math.min(...values)));
  const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(10 ** low, ...values))));
  const x = (i: number) => LEFT + (i * (PLOT_RIGHT - LEFT)) / (QUANTILES.length - 1);
  const y = (ms: number) => top + PANEL - ((Math.log10(Math.max(FLOOR_MS, ms)) - low) / (high - low)) * PANEL;
  const out: string[] = [];
  for (let decade = low; decade <= high; decade++) {
    out.push(...gridLine(y(10 ** decade), formatValue(10 ** decade, 'ms')));
  }
  out.push(...frame(top));
  QUANTILES.forEach((q, i) => {
    out.push(
      `<text x="${x(i)}" y="${top + PANEL + 16}" text-anchor="middle">${q === 100 ? 'max' : `p${q}`}</text>`,
    );
  });
  // Two lines per legend entry while they fit beside the panel, one line each beyond that.
  const tall = trends.length * 30 <= PANEL + 20;
  trends.forEach(([name, trend], n) => {
    const stroke = strokeOf(n);
    const points = QUANTILES.map((q, i) => `${x(i).toFixed(1)},${y(trend.p(q)).toFixed(1)}`).join(' ');
    out.push(`<polyline fill="none" ${stroke} stroke-width="2" points="${points}"/>`);
    const at = top + 8 + n * (tall ? 30 : 15);
    const p95 = `p95 ${formatValue(trend.p95, 'ms')}`;
    out.push(`<line x1="${LEGEND}" y1="${at}" x2="${LEGEND + 16}" y2="${at}" ${stroke} stroke-width="2"/>`);
    out.push(
      `<text x="${LEGEND + 22}" y="${at + 4}">${escapeXml(shorten(name, tall ? 30 : 15))}${tall ? '' : ` <tspan fill="#555">${p95}</tspan>`}</text>`,
    );
    if (tall)
      out.push(`<text x="${LEGEND + 22}" y="${at + 18}" fill="#555">${p95} · n=${trend.count}</text>`);
  });
  if (trends.length === 0) out.push(noSamples(top));
  return out;
}

function seriesPanel(series: readonly number[], top: number): string[] {
  // Intervals are summed into bins of at most one per pixel, so a long run stays a small file.
  const bin = Math.max(1, Math.ceil(series.length / (PLOT_RIGHT - LEFT)));
  const binMs = bin * SERIES_STEP_MS;
  // Each bin as [its middle in s, events per second]; the last one may hold fewer intervals.
  const bins = Array.from({ length: Math.ceil(series.length / bin) }, (_, i): [number, number] => {
    const end = Math.min(series.length, (i + 1) * bin);
    let sum = 0;
    for (let j = i * bin; j < end; j++) sum += series[j] ?? 0;
    const ms = (end - i * bin) * SERIES_STEP_MS;
    return [(i * binMs + ms / 2) / 1000, (sum * 1000) / ms];
  });
  const peak = Math.max(0, ...bins.map(([, rate]) => rate));
  const tick = niceCeiling(Math.max(1, peak) / 4);
  const max = Math.max(1, Math.ceil(peak / tick)) * tick;
  const seconds = (series.length * SERIES_STEP_MS) / 1000;
  const span = Math.max(seconds, SERIES_STEP_MS / 1000);
  const x = (s: number) => LEFT + (s / span) * (PLOT_RIGHT - LEFT);
  const y = (v: number) => top + PANEL - (v / max) * PANEL;
  const out: string[] = [];
  for (let v = 0; v <= max + tick / 2; v += tick) out.push(...gridLine(y(v), formatValue(v, '/s')));
  out.push(...frame(top));
  const step = niceCeiling(span / 6);
  for (let s = 0; s <= span + 1e-9; s += step) {
    out.push(
      `<text x="${x(s).toFixed(1)}" y="${top + PANEL + 16}" text-anchor="middle">${formatValue(s, 's')}</text>`,
    );
  }
  const points = bins.map(([s, rate]) => `${x(s).toFixed(1)},${y(rate).toFixed(1)}`);
  out.push(`<polyline fill="none" stroke="${COLORS[0]}" stroke-width="1.5" points="${points.join(' ')}"/>`);
  const total = series.reduce((sum, n) => sum + (n ?? 0), 0);
  if (total === 0) out.push(noSamples(top));
  out.push(`<text x="${LEGEND}" y="${top + 12}">peak ${formatValue(peak, '/s')}</text>`);
  out.push(
    `<text x="${LEGEND}" y="${top + 30}">${formatValue(total)} events in ${formatValue(seconds, 's')}</text>`,
  );
  out.push(
    `<text x="${LEGEND}" y="${top + 48}" fill="#555">per ${formatValue(binMs, 'ms')}, as a rate</text>`,
  );
  return out;
}

function noSamples(top: number): string {
  return `<text x="${(LEFT + PLOT_RIGHT) / 2}" y="${top + PANEL / 2}" text-anchor="middle" fill="#555">no samples</text>`;
}

/** A horizontal grid line across the plot at `y`, labelled on the left. */
function gridLine(y: number, label: string): string[] {
  return [
    `<line x1="${LEFT}" y1="${y.toFixed(1)}" x2="${PLOT_RIGHT}" y2="${y.toFixed(1)}" stroke="#e5e7eb"/>`,
    `<text x="${LEFT - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end">${escapeXml(label)}</text>`,
  ];
}

function frame(top: number): string[] {
  return [
    `<line x1="${LEFT}" y1="${top}" x2="${LEFT}" y2="${top + PANEL}" stroke="#999"/>`,
    `<line x1="${LEFT}" y1="${top + PANEL}" x2="${PLOT_RIGHT}" y2="${top + PANEL}" stroke="#999"/>`,
  ];
}

/** The n-th series' stroke: a colour, dashed once the colours run out. */
function strokeOf(n: number): string {
  const dash = n >= COLORS.length ? ' stroke-dasharray="6 3"' : '';
  return `stroke="${COLORS[n % COLORS.length]}"${dash}`;
}

/** The smallest of 1, 2, 5 × 10^k at or above `value`, for round axis steps. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((m) => m * power >= value * (1 - 1e-9)) ?? 10) * power;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
