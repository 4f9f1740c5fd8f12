import { writeFileSync } from 'node:fs';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { LOAD_ATTACHMENT, LoadReport, type LoadReportJSON } from './load/report.ts';

/** Options of the reporter, given in `reporter: [['sse-test/reporter', { outputFile }]]`. */
export interface SseLoadReporterOptions {
  /** Also write the merged reports as JSON here. */
  outputFile?: string;
}

/**
 * A Playwright reporter that gathers every load run's report from all workers (and, under
 * `merge-reports`, from all shards), merges the runs of the same load, prints one summary per load
 * and judges its thresholds on the whole: a miss fails the run.
 *
 * @example
 * // playwright.config.ts
 * reporter: [['list'], ['sse-test/reporter']],
 * // after sharded runs with the blob reporter:
 * // npx playwright merge-reports --reporter sse-test/reporter ./blob-report
 */
export default class SseLoadReporter implements Reporter {
  readonly #options: SseLoadReporterOptions;
  readonly #parts = new Map<string, LoadReport[]>();

  constructor(options: SseLoadReporterOptions = {}) {
    this.#options = options;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    for (const attachment of result.attachments) {
      if (attachment.name !== LOAD_ATTACHMENT || !attachment.body) continue;
      const report = LoadReport.fromJSON(JSON.parse(attachment.body.toString('utf8')) as LoadReportJSON);
      // The same load in several shards has the same test title path and load name.
      const key = `${test.titlePath().slice(1).join(' › ')}${report.name ? ` › ${report.name}` : ''}`;
      this.#parts.set(key, [...(this.#parts.get(key) ?? []), report]);
    }
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    if (this.#parts.size === 0) return undefined;
    let failed = false;
    const merged: Record<string, LoadReportJSON> = {};
    const out: string[] = ['', 'sse-test load reports'];
    for (const [key, parts] of this.#parts) {
      const report = LoadReport.merge(parts);
      merged[key] = report.toJSON();
      const shards = parts.filter((part) => part.shard).length;
      const from = shards > 0 || parts.length > 1 ? ` (merged from ${parts.length} parts)` : '';
      out.push('', `${key}${from}`, report.summary());
      if (!report.passed) {
        failed = true;
        out.push('✗ thresholds missed over the whole run');
      }
    }
    console.log(out.join('\n'));
    if (this.#options.outputFile)
      writeFileSync(this.#options.outputFile, `${JSON.stringify(merged, null, 2)}\n`);
    return failed && result.status === 'passed' ? { status: 'failed' } : undefined;
  }

  printsToStdio(): boolean {
    return true;
  }
}
