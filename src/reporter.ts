import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { thresholdsMissed } from './errors/load.ts';
import { LOAD_ATTACHMENT, LoadReport, type LoadReportJSON } from './load/report.ts';

/** Options of the reporter, given in `reporter: [['sse-test/reporter', { outputFile }]]`. */
export interface SseLoadReporterOptions {
  /** Also write the merged reports as JSON here, by load (see {@link SseLoadReporterEntry}). */
  outputFile?: string;
}

/** One load in the reporter's `outputFile`: the merged report and where its parts came from. */
export interface SseLoadReporterEntry extends LoadReportJSON {
  /** How many load reports were merged: one per worker, shard or repeat that ran the load. */
  parts: number;
  /** The shards whose share of a split load is here, such as `[1, 2]`; `[]` when not split. */
  shards: number[];
  /** Whether every threshold held over the whole run; `null` when not judged (a shard's part only). */
  passed: boolean | null;
}

interface Part {
  key: string;
  report: LoadReport;
}

/**
 * A Playwright reporter that gathers every load run's report from all workers (and, under
 * `merge-reports`, from all shards), merges the runs of the same load (same test, same load name),
 * prints one summary per load and judges its thresholds on the whole. A miss fails the run, and
 * makes `merge-reports` exit with 1. A load split by `--shard` is judged only once every shard's
 * part is there, so a sharded run leaves it to `merge-reports`.
 *
 * @example
 * // playwright.config.ts
 * reporter: process.env.CI ? 'blob' : [['list'], ['sse-test/reporter']],
 * // after sharded runs with the blob reporter:
 * // npx playwright merge-reports --reporter sse-test/reporter ./blob-report
 */
export default class SseLoadReporter implements Reporter {
  readonly #options: SseLoadReporterOptions;
  // By test, the loads of its latest attempt: a retry replaces what a failed attempt measured.
  readonly #latest = new Map<TestCase, Part[]>();

  constructor(options: SseLoadReporterOptions = {}) {
    this.#options = options;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const title = test.titlePath().filter(Boolean).join(' › ');
    const parts: Part[] = [];
    for (const attachment of result.attachments) {
      if (attachment.name !== LOAD_ATTACHMENT) continue;
      const report = readReport(attachment, title);
      if (!report) continue;
      // The same load in several shards or workers has the same test title path and load name.
      const label = report.name ?? (parts.length > 0 ? `load #${parts.length + 1}` : '');
      parts.push({ key: label ? `${title} › ${label}` : title, report });
    }
    if (parts.length > 0) this.#latest.set(test, parts);
    else this.#latest.delete(test);
  }

  async onEnd(): Promise<void> {
    const loads = new Map<string, LoadReport[]>();
    for (const { key, report } of [...this.#latest.values()].flat()) {
      loads.set(key, [...(loads.get(key) ?? []), report]);
    }
    if (loads.size === 0) return;
    const missed: string[] = [];
    const entries: Record<string, SseLoadReporterEntry> = {};
    const out: string[] = ['', 'sse-test load reports'];
    for (const [key, parts] of loads) {
      const report = LoadReport.merge(parts);
      const { shards, missing, twice } = coverage(parts);
      const whole = missing.length === 0;
      const passed = whole ? report.passed : null;
      out.push('', `${key}${describeParts(parts.length, shards, missing)}`);
      for (const shard of twice) {
        out.push(`⚠ shard ${shard} ran this load more than once: its streams are counted more than once`);
      }
      out.push(report.summary({ thresholds: whole }));
      if (!whole && report.shard === null && report.thresholds) {
        out.push('', 'thresholds: judged on the whole run, once merge-reports has every shard');
      }
      if (passed === false) {
        missed.push(key);
        out.push('✗ thresholds missed over the whole run');
      }
      entries[key] = { ...report.toJSON(), parts: parts.length, shards, passed };
    }
    console.log(out.join('\n'));
    if (this.#options.outputFile) {
      mkdirSync(dirname(this.#options.outputFile), { recursive: true });
      writeFileSync(this.#options.outputFile, `${JSON.stringify(entries, null, 2)}\n`);
    }
    if (missed.length === 0) return;
    // `merge-reports` takes its exit code from reporter errors only (it ignores a status returned
    // from onEnd), so a miss is thrown; a test run fails on it too.
    const error = thresholdsMissed({ wholeRun: missed });
    error.stack = `${error.name}: ${error.message}`; // where in the reporter it was thrown is of no use
    throw error;
  }

  printsToStdio(): boolean {
    return true;
  }
}

function readReport(attachment: TestResult['attachments'][number], title: string): LoadReport | undefined {
  try {
    const body = attachment.body ?? (attachment.path ? readFileSync(attachment.path) : undefined);
    if (!body) return undefined;
    return LoadReport.fromJSON(JSON.parse(body.toString('utf8')) as LoadReportJSON);
  } catch (cause) {
    throw new Error(
      `sse-test/reporter could not read the ${LOAD_ATTACHMENT} attachment of ${title}: ${String(cause)}`,
      { cause },
    );
  }
}

/** Which shards' parts of a split load are here, which are missing, which came more than once. */
function coverage(parts: readonly LoadReport[]): { shards: number[]; missing: number[]; twice: string[] } {
  const split = parts.flatMap((part) => (part.shard && part.shard.total > 1 ? [part.shard] : []));
  const total = Math.max(0, ...split.map((shard) => shard.total));
  const seen = split.map((shard) => shard.current);
  const all = Array.from({ length: total }, (_, i) => i + 1);
  return {
    shards: all.filter((n) => seen.includes(n)),
    missing: all.filter((n) => !seen.includes(n)),
    twice: all.filter((n) => seen.indexOf(n) !== seen.lastIndexOf(n)).map((n) => `${n}/${total}`),
  };
}

function describeParts(count: number, shards: readonly number[], missing: readonly number[]): string {
  const total = shards.length + missing.length;
  if (missing.length > 0) {
    return ` (shard ${shards.join(', ')} of ${total})`;
  }
  if (total > 0) return ` (merged from ${count} parts, shards 1–${total})`;
  return count > 1 ? ` (merged from ${count} parts)` : '';
}
