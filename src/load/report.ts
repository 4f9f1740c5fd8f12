import { redactError, redactText } from '../util/redact.ts';
import { formatValue } from './format.ts';
import { summarize } from './metric.ts';
import { LoadMetrics, type LoadMetricsJSON } from './metrics.ts';
import type { Thresholds } from './threshold-parse.ts';
import { formatThresholdTable } from './threshold-table.ts';
import { evaluateThresholds, type ThresholdResult } from './thresholds.ts';
import { Trend } from './trend.ts';

/** The name of the attachment a load run adds to its Playwright test; `sse-test/reporter` collects these. */
export const LOAD_ATTACHMENT = 'sse-load.json';

/** The load generator's event-loop delay (p99, ms) above which the summary warns that it was saturated. */
const SATURATED_MS = 50;

/** How many failed runs keep their error in full in the report (a merged report keeps as many). */
export const KEPT_ERRORS = 5;

/** One run of the body: which stream, when it was meant to start and did (ms since the load began). */
export interface LoadRun {
  index: number;
  iteration: number;
  scheduled: number;
  started: number;
  duration: number;
  /** The error message (redacted), when the run failed. */
  error?: string;
}

/** A load report as plain JSON: what a worker attaches and the reporter merges. */
export interface LoadReportJSON {
  name: string | undefined;
  durationMs: number;
  shard: { current: number; total: number } | null;
  metrics: LoadMetricsJSON;
  /** Events per `SERIES_STEP_MS` interval since the load began. */
  series: number[];
  thresholds: Thresholds | undefined;
  /** The first failed runs' messages. */
  errors: string[];
}

interface Parts {
  name?: string | undefined;
  metrics: LoadMetrics;
  runs?: LoadRun[];
  errors?: unknown[];
  series: number[];
  durationMs: number;
  thresholds?: Thresholds | undefined;
  shard?: { current: number; total: number } | null | undefined;
}

/**
 * What a load run measured: its metrics (trends with percentiles, counters, rates), each run's
 * scheduled and actual start, the first errors, events over time, and the thresholds judged.
 *
 * @example
 * report.metrics.timeToFirstEvent.p(95);
 * console.log(report.summary());
 */
export class LoadReport {
  readonly name: string | undefined;
  readonly metrics: LoadMetrics;
  readonly runs: readonly LoadRun[];
  /** The first failed runs' errors, in full, their messages redacted (see `redactError`). */
  readonly errors: readonly unknown[];
  readonly series: readonly number[];
  readonly durationMs: number;
  readonly thresholds: Thresholds | undefined;
  readonly shard: { current: number; total: number } | null;

  /** @internal Made by `load()`, `LoadReport.fromJSON()` and `LoadReport.merge()`. */
  constructor(parts: Parts) {
    this.name = parts.name;
    this.metrics = parts.metrics;
    this.runs = parts.runs ?? [];
    // A body's own error may quote a URL with its token; the report goes to CI logs and artifacts.
    for (const run of this.runs) if (run.error !== undefined) run.error = redactText(run.error);
    this.errors = (parts.errors ?? []).map(redactError);
    this.series = parts.series;
    this.durationMs = parts.durationMs;
    this.thresholds = parts.thresholds;
    this.shard = parts.shard ?? null;
  }

  /** Each threshold (from the options, or `thresholds` given here) with its actual value and verdict. */
  judge(thresholds: Thresholds | undefined = this.thresholds): ThresholdResult[] {
    return thresholds ? evaluateThresholds(this.metrics, thresholds, { durationMs: this.durationMs }) : [];
  }

  /** Whether every threshold holds (true when there are none). */
  get passed(): boolean {
    return this.judge().every((result) => result.pass);
  }

  /**
   * A compact text summary: one line per metric, then the thresholds table. A shard's part of a
   * split load says its thresholds wait for the whole run instead of judging them on a part.
   *
   * @param options - `thresholds`: whether to judge and print the thresholds table; default: unless
   *   this report is one shard's part of a split load.
   * @example console.log(report.summary());
   */
  summary(options: { thresholds?: boolean } = {}): string {
    const split = this.shard !== null && this.shard.total > 1;
    const title = `${this.name ?? 'load'}: ${this.runs.length || this.metrics.errors.count} runs in ${formatValue(this.durationMs / 1000, 's')}${split ? ` (shard ${this.shard?.current}/${this.shard?.total})` : ''}`;
    const lines = [title];
    // The name column fits the longest name (outputTokensPerSecond), 18 at least as it always was.
    const width = Math.max(18, ...this.metrics.names.map((name) => name.length + 1));
    for (const name of this.metrics.names) {
      const metric = this.metrics.get(name);
      if (!metric) continue;
      const s = summarize(metric, { durationMs: this.durationMs });
      if (s.type === 'trend') {
        if (s.count === 0) continue;
        const u = s.unit;
        lines.push(
          `  ${name.padEnd(width)} p50 ${formatValue(s.p50, u)}  p95 ${formatValue(s.p95, u)}  p99 ${formatValue(s.p99, u)}  max ${formatValue(s.max, u)}  (n=${s.count})`,
        );
      } else if (s.type === 'counter') {
        lines.push(
          `  ${name.padEnd(width)} ${formatValue(s.count, s.unit)}  (${formatValue(s.rate ?? Number.NaN, '/s')})`,
        );
      } else {
        // A rate counts its `true` checks: for `errors`, the runs that failed.
        lines.push(`  ${name.padEnd(width)} ${formatValue(s.rate * 100, '%')}  (${s.passes} of ${s.count})`);
      }
    }
    const loopDelay = this.metrics.get('loopDelay');
    if (loopDelay instanceof Trend && loopDelay.count > 0 && loopDelay.p99 > SATURATED_MS) {
      lines.push(
        `  note: the load generator's own event loop ran up to ${formatValue(loopDelay.p99, 'ms')} late (p99): latencies include its queueing; fewer streams or a longer rampUp measure the server better`,
      );
    }
    if (options.thresholds ?? !split) {
      const judged = this.judge();
      if (judged.length > 0) lines.push('', formatThresholdTable(judged));
    } else if (split && this.thresholds) {
      lines.push('', 'thresholds: judged on the whole run, by sse-test/reporter after merge-reports');
    }
    for (const error of this.errors)
      lines.push(`  error: ${error instanceof Error ? error.message : String(error)}`);
    return lines.join('\n');
  }

  toJSON(): LoadReportJSON {
    return {
      name: this.name,
      durationMs: this.durationMs,
      shard: this.shard,
      metrics: this.metrics.toJSON(),
      series: [...this.series].map((n) => n ?? 0),
      thresholds: this.thresholds,
      errors: this.errors.map((error) => (error instanceof Error ? error.message : String(error))),
    };
  }

  static fromJSON(json: LoadReportJSON): LoadReport {
    return new LoadReport({ ...json, metrics: LoadMetrics.fromJSON(json.metrics), errors: json.errors });
  }

  /**
   * One report of several (workers, shards) of the same load: metrics merged, events per interval
   * added up, the longest duration kept (the parts ran side by side). The result is the whole run
   * (`shard: null`), unless there is only one part.
   *
   * @example const whole = LoadReport.merge(parts.map((json) => LoadReport.fromJSON(json)));
   */
  static merge(reports: readonly LoadReport[]): LoadReport {
    const [first] = reports;
    if (!first) throw new TypeError('LoadReport.merge() needs at least one report.');
    const metrics = new LoadMetrics();
    const series: number[] = [];
    for (const report of reports) {
      metrics.merge(report.metrics);
      report.series.forEach((n, i) => {
        series[i] = (series[i] ?? 0) + (n ?? 0);
      });
    }
    return new LoadReport({
      name: first.name,
      metrics,
      runs: reports.flatMap((report) => report.runs),
      errors: reports.flatMap((report) => report.errors).slice(0, KEPT_ERRORS),
      series,
      durationMs: Math.max(...reports.map((report) => report.durationMs)),
      thresholds: first.thresholds,
      shard: reports.length === 1 ? first.shard : null,
    });
  }
}
