import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestCase, TestResult } from '@playwright/test/reporter';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SseError } from '../src/errors/sse-error.ts';
import { LoadMetrics } from '../src/load/metrics.ts';
import { LOAD_ATTACHMENT, LoadReport, type LoadReportJSON } from '../src/load/report.ts';
import type { Thresholds } from '../src/load/threshold-parse.ts';
import SseLoadReporter, { type SseLoadReporterEntry } from '../src/reporter.ts';
import type { Seen } from './shards/support.ts';

// Real Playwright runs of test/shards/ in child processes: a load split over two shards, each shard
// writing a blob report, merged by `merge-reports` into sse-test/reporter; the same with a threshold
// that only the whole run misses; and a two-worker run.
const root = fileURLToPath(new URL('..', import.meta.url));
const config = fileURLToPath(new URL('shards/playwright.config.ts', import.meta.url));
const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
const STREAMS = 8;
const CHILD_TIMEOUT = 60_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const running = new Set<ChildProcess>();

/** Runs the Playwright CLI in its own process group, killed (with its workers) if it overstays. */
function playwright(args: string[], env: Record<string, string>): Promise<Run> {
  // The child must not think it is one of our workers, nor inherit report locations.
  const inherited = Object.entries(process.env).filter(
    ([name]) => !/^(VITEST|TEST_|PLAYWRIGHT_|PW_|SSE_TEST_|FORCE_COLOR$|NODE_OPTIONS$)/.test(name),
  );
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: root,
    env: { ...Object.fromEntries(inherited), FORCE_COLOR: '0', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise<Run>((resolve, reject) => {
    const timer = setTimeout(() => {
      kill(child);
      reject(new Error(`playwright ${args.join(' ')} ran over ${CHILD_TIMEOUT} ms:\n${stdout}\n${stderr}`));
    }, CHILD_TIMEOUT);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

function kill(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Runs shard `current` of 2 of the split load, with a blob report and the reporter's own JSON. */
function shard(dir: string, current: number, env: Record<string, string> = {}): Promise<Run> {
  return playwright(
    [
      'test',
      '-c',
      config,
      'load.spec.ts',
      '--repeat-each=2',
      `--shard=${current}/2`,
      '--output',
      join(dir, `out-${current}`),
    ],
    {
      SSE_TEST_BLOB: join(dir, 'blob', `shard-${current}.zip`),
      SSE_TEST_REPORT: join(dir, `shard-${current}.json`),
      SSE_TEST_SAMPLES: join(dir, 'samples.jsonl'),
      ...env,
    },
  );
}

function merge(dir: string): Promise<Run> {
  return playwright(['merge-reports', '-c', config, join(dir, 'blob')], {
    SSE_TEST_REPORT: join(dir, 'merged.json'),
  });
}

function readEntries(file: string): Record<string, SseLoadReporterEntry> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, SseLoadReporterEntry>;
}

function readSeen(dir: string): Seen[] {
  return readFileSync(join(dir, 'samples.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Seen);
}

/** The exact nearest-rank percentile of samples. */
function exact(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((q / 100) * sorted.length) - 1)] as number;
}

const LOAD = 'load.spec.ts › ticks load';
const dirs = { pass: '', miss: '', workers: '' };
type RunName = 'pass1' | 'pass2' | 'passMerge' | 'miss1' | 'miss2' | 'missMerge' | 'workers' | 'retry';
const runs: Record<RunName, Run> = {} as never;

beforeAll(async () => {
  dirs.pass = mkdtempSync(join(tmpdir(), 'sse-test-shards-'));
  dirs.miss = mkdtempSync(join(tmpdir(), 'sse-test-shards-miss-'));
  dirs.workers = mkdtempSync(join(tmpdir(), 'sse-test-workers-'));
  // A p(95) under 5 ms cannot hold: every stream's first event waits at least 20 ms.
  const miss = { SSE_TEST_BUDGET: '5' };
  [runs.pass1, runs.pass2, runs.miss1, runs.miss2, runs.workers, runs.retry] = await Promise.all([
    shard(dirs.pass, 1),
    shard(dirs.pass, 2),
    shard(dirs.miss, 1, miss),
    shard(dirs.miss, 2, miss),
    playwright(['test', '-c', config, 'workers.spec.ts', '--workers=2'], {
      SSE_TEST_REPORT: join(dirs.workers, 'report.json'),
      SSE_TEST_SAMPLES: join(dirs.workers, 'samples.jsonl'),
    }),
    playwright(['test', '-c', config, 'retry.spec.ts', '--retries=1'], {
      SSE_TEST_REPORT: join(dirs.workers, 'retry.json'),
    }),
  ]);
  [runs.passMerge, runs.missMerge] = await Promise.all([merge(dirs.pass), merge(dirs.miss)]);
}, 150_000);

afterAll(() => {
  for (const child of running) kill(child);
  for (const dir of Object.values(dirs)) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('sse-test/reporter across two shards, after merge-reports', () => {
  it('runs each shard’s share of the streams, and judges no thresholds on a share', () => {
    expect([runs.pass1.code, runs.pass2.code], runs.pass1.stdout + runs.pass2.stdout).toEqual([0, 0]);
    const seen = readSeen(dirs.pass);
    const indexes = (shard: string) =>
      seen
        .filter((s) => s.shard === shard)
        .map((s) => s.index)
        .sort();
    expect(indexes('1/2')).toEqual([0, 2, 4, 6]);
    expect(indexes('2/2')).toEqual([1, 3, 5, 7]);
    for (const current of [1, 2]) {
      const entry = readEntries(join(dirs.pass, `shard-${current}.json`))[LOAD];
      expect(entry).toMatchObject({
        parts: 1,
        shards: [current],
        passed: null,
        shard: { current, total: 2 },
      });
      expect(entry?.metrics.metrics.timeToFirstEvent).toMatchObject({ count: STREAMS / 2 });
    }
    expect(runs.pass1.stdout).toContain(`\n${LOAD} (shard 1 of 2)\n`);
    expect(runs.pass1.stdout).toContain(
      '\n\nthresholds: judged on the whole run, by sse-test/reporter after merge-reports\n',
    );
  });

  it('merges every stream’s samples into the numbers of one run over all of them', () => {
    expect(runs.passMerge.code, runs.passMerge.stdout + runs.passMerge.stderr).toBe(0);
    const entry = readEntries(join(dirs.pass, 'merged.json'))[LOAD];
    expect(entry).toMatchObject({ parts: 2, shards: [1, 2], passed: true, shard: null });
    const merged = LoadReport.fromJSON(entry as LoadReportJSON);
    const ttfe = merged.metrics.timeToFirstEvent;
    expect(ttfe.count).toBe(STREAMS);
    expect(merged.metrics.events.count).toBe(STREAMS * 2);
    expect(merged.metrics.errors.count).toBe(STREAMS);

    // Against the raw samples the shards measured: exact min and max, percentiles within HDR resolution.
    const samples = readSeen(dirs.pass).map((s) => s.timeToFirstEvent);
    expect(samples).toHaveLength(STREAMS);
    expect([ttfe.min, ttfe.max]).toEqual([Math.min(...samples), Math.max(...samples)]);
    for (const q of [1, 25, 50, 75, 90, 95, 99, 100]) {
      const want = exact(samples, q);
      expect(Math.abs(ttfe.p(q) - want), `p(${q})`).toBeLessThanOrEqual(want * 1e-3 + 1e-3);
    }
    // Against the shards' own reports, merged here: the same histogram, so the same numbers exactly.
    const parts = [1, 2].map((current) =>
      LoadReport.fromJSON(readEntries(join(dirs.pass, `shard-${current}.json`))[LOAD] as LoadReportJSON),
    );
    const direct = LoadReport.merge(parts).metrics.timeToFirstEvent;
    for (const q of [0, 10, 50, 90, 95, 99, 99.9, 100]) expect(ttfe.p(q)).toBe(direct.p(q));
    expect([ttfe.count, ttfe.min, ttfe.max]).toEqual([direct.count, direct.min, direct.max]);
    expect(ttfe.mean).toBeCloseTo(direct.mean, 9);
  });

  it('prints the merged summary with the thresholds judged on the whole run', () => {
    const out = runs.passMerge.stdout;
    expect(out).toContain(`\n${LOAD} (merged from 2 parts, shards 1–2)\nload: 8 runs in `);
    expect(out).toMatch(
      /\n {2}timeToFirstEvent +p50 [\d.]+ ms {2}p95 [\d.]+ ms {2}p99 [\d.]+ ms {2}max [\d.]+ ms {2}\(n=8\)\n/,
    );
    expect(out).toMatch(/\n {2}events +16 {2}\(/);
    expect(out).toMatch(/\nevents +count==16 +16 +✓\n/);
    expect(out).not.toContain('✗');
  });

  it('fails merge-reports, printing the thresholds table, when the whole run misses', () => {
    expect([runs.miss1.code, runs.miss2.code], runs.miss1.stdout + runs.miss2.stdout).toEqual([0, 0]);
    const { code, stdout } = runs.missMerge;
    expect(code, stdout).toBe(1);
    expect(stdout).toMatch(/\nmetric +threshold +actual\n/);
    expect(stdout).toMatch(/\ntimeToFirstEvent +min>=15 +[\d.]+ ms +✓\n/);
    expect(stdout).toMatch(/\ntimeToFirstEvent +p\(95\)<5 +[\d.]+ ms +✗\n/);
    expect(stdout).toMatch(/\nevents +count==16 +16 +✓\n✗ thresholds missed over the whole run\n/);
    expect(readEntries(join(dirs.miss, 'merged.json'))[LOAD]).toMatchObject({ passed: false, parts: 2 });
  });
});

describe('sse-test/reporter in a run of two workers', () => {
  it('collects each load test’s report, from both workers', () => {
    const { code, stdout, stderr } = runs.workers;
    expect(code, stdout + stderr).toBe(0);
    const entries = readEntries(join(dirs.workers, 'report.json'));
    expect(Object.keys(entries).sort()).toEqual([
      'workers.spec.ts › first load',
      'workers.spec.ts › second load',
    ]);
    for (const name of ['first', 'second']) {
      expect(entries[`workers.spec.ts › ${name} load`]).toMatchObject({ parts: 1, shards: [], passed: true });
      expect(entries[`workers.spec.ts › ${name} load`]?.metrics.metrics.events).toMatchObject({ count: 8 });
    }
    const workers = new Set(readSeen(dirs.workers).map((seen) => seen.worker));
    expect(workers.size).toBeGreaterThanOrEqual(2);
    expect(stdout).toMatch(/\nworkers\.spec\.ts › first load\nload: 4 runs in /);
    expect(stdout).toMatch(/\nworkers\.spec\.ts › second load\nload: 4 runs in /);
  });

  it('counts only the last attempt of a retried test', () => {
    // Flaky (failed, then passed on retry): the run passes.
    expect(runs.retry.code, runs.retry.stdout + runs.retry.stderr).toBe(0);
    const entry = readEntries(join(dirs.workers, 'retry.json'))['retry.spec.ts › retried load'];
    expect(entry).toMatchObject({ parts: 1 });
    expect(entry?.metrics.metrics.timeToFirstEvent).toMatchObject({ count: 3 });
  });
});

describe('sse-test/reporter, fed by hand', () => {
  function test(title: string): TestCase {
    return { titlePath: () => ['', '', 'chat.spec.ts', title] } as unknown as TestCase;
  }

  function result(...reports: LoadReport[]): TestResult {
    const attachments = reports.map((report) => ({
      name: LOAD_ATTACHMENT,
      contentType: 'application/json',
      body: Buffer.from(JSON.stringify(report)),
    }));
    return { attachments } as unknown as TestResult;
  }

  function report(
    events: number,
    options: { name?: string; shard?: { current: number; total: number }; thresholds?: Thresholds } = {},
  ): LoadReport {
    const metrics = new LoadMetrics();
    metrics.events.add(events);
    return new LoadReport({ ...options, metrics, series: [], durationMs: 1_000 });
  }

  async function end(reporter: SseLoadReporter): Promise<{ printed: string; error: unknown }> {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const error = await reporter.onEnd().then(
        () => undefined,
        (e: unknown) => e,
      );
      return { printed: log.mock.calls.map((call) => String(call[0])).join('\n'), error };
    } finally {
      log.mockRestore();
    }
  }

  it('keeps two loads of one test apart, by name or by order', async () => {
    const reporter = new SseLoadReporter();
    reporter.onTestEnd(test('two loads'), result(report(1), report(2), report(3, { name: 'warm' })));
    const { printed } = await end(reporter);
    expect(printed.match(/^chat\.spec\.ts › two loads.*$/gm)).toEqual([
      'chat.spec.ts › two loads',
      'chat.spec.ts › two loads › load #2',
      'chat.spec.ts › two loads › warm',
    ]);
  });

  it('waits for every shard before judging, and warns of a shard counted twice', async () => {
    const reporter = new SseLoadReporter();
    const thresholds = { events: ['count==12'] };
    const part = (current: number) => report(4, { shard: { current, total: 3 }, thresholds });
    reporter.onTestEnd(test('first two of three'), result(part(1)));
    reporter.onTestEnd(test('first two of three'), result(part(2)));
    const partial = await end(reporter);
    expect(partial.error).toBeUndefined();
    expect(partial.printed).toContain('\nchat.spec.ts › first two of three (shard 1, 2 of 3)\n');
    expect(partial.printed).toContain(
      '\nthresholds: judged on the whole run, once merge-reports has every shard',
    );
    expect(partial.printed).not.toContain('count==12');

    const twice = new SseLoadReporter();
    for (const current of [1, 2, 3, 3]) twice.onTestEnd(test('all three'), result(part(current)));
    const { printed, error } = await end(twice);
    expect(printed).toContain(
      '⚠ shard 3/3 ran this load more than once: its streams are counted more than once',
    );
    expect(printed).toMatch(/\nevents +count==12 +16 +✗\n✗ thresholds missed over the whole run$/);
    // The same error as a test's own miss: callers switch on `type` in either place.
    expect(error).toBeInstanceOf(SseError);
    expect(error).toMatchObject({ type: 'thresholds-missed' });
    expect((error as Error).message).toBe(
      'sse-test/reporter: load thresholds missed over the whole run: chat.spec.ts › all three.',
    );
  });

  it('names the test whose attachment it cannot read', () => {
    const reporter = new SseLoadReporter();
    const broken = {
      attachments: [
        { name: LOAD_ATTACHMENT, contentType: 'application/json', body: Buffer.from('{"metrics":1}') },
      ],
    } as unknown as TestResult;
    expect(() => reporter.onTestEnd(test('broken'), broken)).toThrow(
      /^sse-test\/reporter could not read the sse-load\.json attachment of chat\.spec\.ts › broken: TypeError: LoadMetrics\.fromJSON\(\) expects /,
    );
  });
});
