import { SERIES_STEP_MS } from './client.ts';
import { formatValue } from './format.ts';
import type { LoadReport } from './report.ts';
import { Trend } from './trend.ts';

const WIDTH = 720;
const PANEL = 220;
const PAD = 48;
const QUANTILES = [50, 75, 90, 95, 99, 99.9, 100] as const;
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c'];

/**
 * A self-contained SVG of a load report: each latency trend's percentile curve (p50 … max) and the
 * events received per second over the run. Attached to the Playwright report next to the JSON.
 */
export function renderChart(report: LoadReport): string {
  const trends = report.metrics.names
    .map((name) => [name, report.metrics.get(name)] as const)
    .filter(
      (entry): entry is readonly [string, Trend] =>
        entry[1] instanceof Trend && entry[1].count > 0 && entry[1].unit === 'ms',
    );
  const height = PANEL * 2 + PAD * 3;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${PAD}" y="20" font-size="14">${escapeXml(report.name ?? 'load')}: latency percentiles (ms)</text>`,
    ...percentilePanel(trends, PAD),
    `<text x="${PAD}" y="${PANEL + PAD * 2 - 8}" font-size="14">events per second</text>`,
    ...seriesPanel(report.series, PANEL + PAD * 2),
    '</svg>',
  ];
  return parts.join('\n');
}

function percentilePanel(trends: readonly (readonly [string, Trend])[], top: number): string[] {
  const max = Math.max(1, ...trends.map(([, trend]) => trend.max));
  const x = (i: number) => PAD + (i * (WIDTH - 2 * PAD)) / (QUANTILES.length - 1);
  const y = (value: number) => top + PANEL - (value / max) * PANEL;
  const out = axes(top, formatValue(max, 'ms'));
  QUANTILES.forEach((q, i) => {
    out.push(
      `<text x="${x(i)}" y="${top + PANEL + 14}" text-anchor="middle">${q === 100 ? 'max' : `p${q}`}</text>`,
    );
  });
  trends.forEach(([name, trend], n) => {
    const color = COLORS[n % COLORS.length];
    const points = QUANTILES.map((q, i) => `${x(i).toFixed(1)},${y(trend.p(q)).toFixed(1)}`).join(' ');
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points}"/>`);
    out.push(
      `<text x="${WIDTH - PAD - 4}" y="${top + 14 + n * 14}" text-anchor="end" fill="${color}">${escapeXml(name)} (p95 ${formatValue(trend.p95, 'ms')})</text>`,
    );
  });
  return out;
}

function seriesPanel(series: readonly number[], top: number): string[] {
  const perSecond = Array.from(series, (n) => ((n ?? 0) * 1000) / SERIES_STEP_MS);
  const max = Math.max(1, ...perSecond);
  const step = (WIDTH - 2 * PAD) / Math.max(1, perSecond.length - 1);
  const out = axes(top, formatValue(max, '/s'));
  const points = perSecond.map(
    (v, i) => `${(PAD + i * step).toFixed(1)},${(top + PANEL - (v / max) * PANEL).toFixed(1)}`,
  );
  out.push(`<polyline fill="none" stroke="${COLORS[0]}" stroke-width="1.5" points="${points.join(' ')}"/>`);
  const seconds = (perSecond.length * SERIES_STEP_MS) / 1000;
  out.push(
    `<text x="${WIDTH - PAD}" y="${top + PANEL + 14}" text-anchor="end">${formatValue(seconds, 's')}</text>`,
  );
  return out;
}

function axes(top: number, maxLabel: string): string[] {
  return [
    `<line x1="${PAD}" y1="${top}" x2="${PAD}" y2="${top + PANEL}" stroke="#999"/>`,
    `<line x1="${PAD}" y1="${top + PANEL}" x2="${WIDTH - PAD}" y2="${top + PANEL}" stroke="#999"/>`,
    `<text x="${PAD - 4}" y="${top + 4}" text-anchor="end">${escapeXml(maxLabel)}</text>`,
    `<text x="${PAD - 4}" y="${top + PANEL}" text-anchor="end">0</text>`,
  ];
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
