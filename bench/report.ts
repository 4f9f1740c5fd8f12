import { median, ratio } from './stats.ts';

/** One metric across variants: per-round values, the medians and the median of per-round ratios. */
export interface Row {
  label: string;
  metric: string;
  /** Values per variant, one per round (NaN where a run failed). */
  rounds: Record<string, number[]>;
}

/** The median over rounds of `a[i] / b[i]`: ratios of runs made side by side cancel the machine's drift. */
export function roundRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((value, i) => ratio(value, b[i] ?? Number.NaN)).filter(Number.isFinite));
}

/** `1234567.8` → `1,234,568`; small numbers keep `digits` significant digits. */
export function format(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 10 ** digits) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** A GitHub-flavoured markdown table. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    line(headers),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

/**
 * A section table: per metric, the median of each variant, then one column per `[a, b]` pair with
 * the median of per-round `a / b` ratios.
 */
export function sectionTable(
  rows: readonly Row[],
  variants: readonly string[],
  pairs: readonly (readonly [string, string])[],
  first = 'workload',
): string {
  return table(
    [first, 'metric', ...variants, ...pairs.map(([a, b]) => `${a}/${b}`)],
    rows.map((row) => [
      row.label,
      row.metric,
      ...variants.map((variant) => format(median(row.rounds[variant] ?? []))),
      ...pairs.map(([a, b]) => `${format(roundRatio(row.rounds[a] ?? [], row.rounds[b] ?? []))}×`),
    ]),
  );
}

/** One line of the final verdict: ours/floor against a ceiling (or no target: informational). */
export interface Verdict {
  metric: string;
  ours: number;
  floor: number;
  ratio: number;
  target: number | undefined;
  met: boolean | undefined;
}

export function verdict(
  row: Row,
  target: number | undefined,
  metric = `${row.label}: ${row.metric}`,
): Verdict {
  const ours = row.rounds.ours ?? [];
  const floor = row.rounds.floor ?? [];
  const value = roundRatio(ours, floor);
  return {
    metric,
    ours: median(ours),
    floor: median(floor),
    ratio: value,
    target,
    met: target === undefined ? undefined : Number.isFinite(value) && value <= target,
  };
}

export function summaryTable(verdicts: readonly Verdict[]): string {
  return table(
    ['metric', 'ours', 'floor', 'ratio', 'target', 'met?'],
    verdicts.map((v) => [
      v.metric,
      format(v.ours),
      format(v.floor),
      `${format(v.ratio)}×`,
      v.target === undefined ? 'info' : `≤ ${v.target}×`,
      v.met === undefined ? '–' : v.met ? 'yes' : '**NO**',
    ]),
  );
}
