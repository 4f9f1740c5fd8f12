// `npm run bench`: every measurement in fresh child processes, variants alternated over ROUNDS rounds,
// medians and ratios printed as markdown tables and written to .bench/results.json.
// `npm run bench -- --cpu-prof` also writes the clients' CPU profiles to .bench/prof/
// (read them with `node bench/profile-top.ts <file>`). `--rounds 3` runs fewer rounds (default 7). `--only load` (or `throughput`, `hold`, `ramp`,
// comma-separated) runs those sections alone and updates only their part of .bench/results.json.
// `--only front-ends` runs bench/front-ends.ts (a real Chromium; printed, not kept in results.json);
// `--only replay`, bench/replay.ts (server.replay()'s timing fidelity; printed too).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { runTask } from './children.ts';
import type { Job } from './client.ts';
import { CHURN_NOTE, LOAD_NOTE, type LoadVerdict, loadSection } from './load.ts';
import { type Row, sectionTable, summaryTable, type Verdict, verdict } from './report.ts';
import type { Summary } from './stats.ts';
import type { Variant } from './variants.ts';

const DEFAULT_ROUNDS = 7;
const THROUGHPUT = [
  { count: 1_000_000, size: 64, label: '1,000,000 × 64 B' },
  { count: 200_000, size: 1024, label: '200,000 × 1 KiB' },
];
const HOLD = [1_000, 10_000];
const RAMP = { streams: 1_000, batch: 50, every: 50 };
const SECTIONS = ['throughput', 'hold', 'ramp', 'load', 'front-ends', 'replay'] as const;
const { values: flags } = parseArgs({
  options: { 'cpu-prof': { type: 'boolean' }, only: { type: 'string' }, rounds: { type: 'string' } },
});
const ROUNDS = flags.rounds === undefined ? DEFAULT_ROUNDS : Number(flags.rounds);
if (!(Number.isInteger(ROUNDS) && ROUNDS > 0)) {
  throw new Error(`--rounds takes a whole number of rounds > 0; received ${flags.rounds}.`);
}
const clientFlags = flags['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir=.bench/prof'] : [];
const only = flags.only?.split(',');
if (only?.some((name) => !(SECTIONS as readonly string[]).includes(name))) {
  throw new Error(`--only takes sections among ${SECTIONS.join(', ')}; received ${flags.only}.`);
}
const want = (section: (typeof SECTIONS)[number]) => only === undefined || only.includes(section);
const started = performance.now();
let failures = 0;

/** What a client child answers: numbers, and latency summaries for the ramp. */
type Result = Record<string, number | Summary>;
type PerVariant = Record<string, Result[]>;

/** Runs `job` for every variant, ROUNDS times, reversing the order every other round. */
async function rounds(variants: readonly Variant[], job: (variant: Variant) => Job, timeoutMs: number) {
  const all: PerVariant = Object.fromEntries(variants.map((variant) => [variant, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) {
      try {
        all[variant]?.push(await runTask<Result>(job(variant), { timeoutMs, clientFlags }));
      } catch (error) {
        failures++;
        console.error(`! ${(error as Error).message}`);
        all[variant]?.push({});
      }
    }
  }
  return all;
}

/** A row of `key` (or of `key`'s summary `stat`) from each variant's per-round results; NaN where a run failed. */
function row(label: string, metric: string, all: PerVariant, key: string, stat?: keyof Summary): Row {
  const pick = (result: Result) => {
    const value = result[key];
    const number = stat === undefined ? value : (value as Summary | undefined)?.[stat];
    return typeof number === 'number' ? number : Number.NaN;
  };
  const rounds = Object.fromEntries(
    Object.entries(all).map(([variant, results]) => [variant, results.map(pick)]),
  );
  return { label, metric, rounds };
}

function print(title: string, note: string, table: string): void {
  console.log(`\n## ${title}\n\n${note}\n\n${table}`);
}

const raw: Record<string, PerVariant> = {};
const sections: Record<string, Row[]> = {};
const verdicts: Verdict[] = [];
const vsFloor = [['ours', 'floor']] as const;

console.log(`# sse-test bench — ${ROUNDS} rounds, medians; Node ${process.version}, ${cpus().length} CPUs`);

const throughputVariants = [
  'ours-for-await',
  'ours-next',
  'ours-matcher',
  'ours',
  'ours-timing',
  'floor',
  'floor-record',
] as const;
if (want('throughput')) {
  sections.throughput = [];
  for (const { count, size, label } of THROUGHPUT) {
    const all = await rounds(
      throughputVariants,
      (variant) => ({ scenario: 'throughput', variant, count, size }),
      120_000,
    );
    raw[`throughput ${label}`] = all;
    const cpu = row(label, 'CPU s per M events', all, 'cpuSecondsPerMillion');
    sections.throughput.push(row(label, 'events/s', all, 'eventsPerSecond'), cpu);
    const against = (variant: string) => ({
      ...cpu,
      rounds: { ours: cpu.rounds[variant] ?? [], floor: cpu.rounds.floor ?? [] },
    });
    verdicts.push(
      verdict(against('ours-for-await'), 1.5, `throughput ${label}: CPU per event read with for await`),
    );
    verdicts.push(verdict(against('ours-next'), 1.5, `throughput ${label}: CPU per event read with next()`));
    verdicts.push(
      verdict(
        against('ours-matcher'),
        undefined,
        `throughput ${label}: CPU per event read with toReceiveEvent`,
      ),
    );
    verdicts.push(verdict(cpu, 1.3, `throughput ${label}: CPU per event recorded, not read`));
  }
  print(
    '1. Throughput',
    "One stream; the blaster writes as fast as the client reads. Diagnostics: `ours-timing` is ours with `record: 'timing'` (keeps no events), `floor-record` is the floor keeping one `SseEvent` per event as ours does; so ours-timing/floor is our transport+parse overhead and ours/floor-record our overhead at equal retention.",
    sectionTable(sections.throughput, throughputVariants, [
      ['ours-for-await', 'floor'],
      ['ours-next', 'floor'],
      ['ours-matcher', 'floor'],
      ...vsFloor,
      ['ours-timing', 'floor'],
      ['ours', 'floor-record'],
    ]),
  );
}

// `ours-for-await` holds the same streams with a reader waiting on each, as a test's `for await` does.
const holdVariants = ['ours', 'ours-for-await', 'floor'] as const;
if (want('hold')) {
  sections.idle = [];
  sections.open = [];
  sections.close = [];
  for (const streams of HOLD) {
    const label = `${streams.toLocaleString('en-US')} streams`;
    const job = (variant: Variant): Job => ({ scenario: 'hold', variant, streams, concurrency: streams });
    const all = await rounds(holdVariants, job, 180_000);
    raw[`hold ${streams}`] = all;
    const rss = row(label, 'RSS B/stream', all, 'rssPerStream');
    const heap = row(label, 'heap B/stream', all, 'heapPerStream');
    const open = row(label, 'open s (wall)', all, 'openSeconds');
    const close = row(label, 'close s (wall)', all, 'closeSeconds');
    sections.idle.push(rss, row(label, 'RSS − young gen B/stream', all, 'rssOldPerStream'), heap);
    sections.open.push(open, row(label, 'open CPU s', all, 'openCpuSeconds'));
    sections.close.push(close);
    verdicts.push(verdict(rss, 1.2, `idle RSS per stream @ ${label}`));
    verdicts.push(verdict(heap, 1.2, `idle heap per stream @ ${label}`));
    const reading = (metric: Row): Row => ({
      ...metric,
      rounds: { ours: metric.rounds['ours-for-await'] ?? [], floor: metric.rounds.floor ?? [] },
    });
    verdicts.push(verdict(reading(rss), 1.2, `idle RSS per stream, a for await waiting on each @ ${label}`));
    verdicts.push(
      verdict(reading(heap), 1.3, `idle heap per stream, a for await waiting on each @ ${label}`),
    );
    if (streams === 10_000) verdicts.push(verdict(open, 1.2, `time to open ${label}`));
  }
  print(
    '2. Idle memory per stream',
    "After every stream has its first event: gc() twice, then (after − baseline) / N; baseline after a 20-stream warm-up. `RSS − young gen` leaves out V8's new space, which grows with the allocation rate during opening (≈15 MB at 1,000 streams, in both variants) and is not per-stream memory.",
    sectionTable(sections.idle, holdVariants, [...vsFloor, ['ours-for-await', 'floor']]),
  );
  print(
    '3. Time to open',
    'All N requested at once (no batching), until every response has its headers.',
    sectionTable(sections.open, holdVariants, vsFloor),
  );
}

const three = ['ours', 'floor', 'node-http'] as const;
if (want('ramp')) {
  const ramp = await rounds(three, (variant) => ({ scenario: 'ramp', variant, ...RAMP }), 120_000);
  raw.ramp = ramp;
  sections.ramp = [];
  for (const phase of ['idle', 'rampUp', 'teardown'] as const) {
    for (const stat of ['p50', 'p99', 'max'] as const) {
      const latency = row(phase, `${stat} ms`, ramp, phase, stat);
      sections.ramp.push(latency);
      if (stat === 'p99' && phase !== 'idle')
        verdicts.push(verdict(latency, undefined, `probe p99 latency, ${phase}`));
    }
  }
  sections.ramp.push(row('rampUp', 'duration s', ramp, 'rampSeconds'));
  sections.ramp.push(row('teardown', 'duration s', ramp, 'teardownSeconds'));
  print(
    '4. Probe latency during ramp-up and teardown',
    `A probe stream gets an event every 10 ms (latency = receipt − send on the shared wall clock); meanwhile ${RAMP.streams} more streams open, ${RAMP.batch} every ${RAMP.every} ms, each until its first event (rampUp, plus a 300 ms tail); they are held, then all closed at once (teardown, plus a 1 s tail). The idle phase (1 s) comes first, after a gc().`,
    sectionTable(sections.ramp, three, [...vsFloor, ['ours', 'node-http'], ['floor', 'node-http']], 'phase'),
  );
}
if (sections.close) {
  print(
    '5. Closing',
    '`close()` on every stream (ours) or `abort()` on each AbortController (floor), all at once, until all have settled.',
    sectionTable(sections.close, holdVariants, vsFloor),
  );
  const closeRow = sections.close.at(-1);
  if (closeRow) verdicts.push(verdict(closeRow, undefined, `time to close ${closeRow.label}`));
}

let load: Omit<Awaited<ReturnType<typeof loadSection>>, 'scale' | 'churn'> | undefined;
if (want('load')) {
  const { scale, churn, ...rest } = await loadSection(clientFlags);
  load = rest;
  failures += rest.failures;
  print('6. Load run at scale', LOAD_NOTE, scale);
  console.log(`\n### Re-running bodies (churn)\n\n${CHURN_NOTE}\n\n${churn}`);
}

if (want('front-ends')) {
  // A browser in its own process tree; its table is printed as it comes.
  const child = spawnSync(
    process.execPath,
    ['bench/front-ends.ts', '--rounds', String(Math.min(ROUNDS, 3))],
    {
      stdio: 'inherit',
      timeout: 300_000,
    },
  );
  if (child.status !== 0) failures++;
}

if (want('replay')) {
  const child = spawnSync(process.execPath, ['bench/replay.ts', '--rounds', String(ROUNDS)], {
    stdio: 'inherit',
    timeout: 300_000,
  });
  if (child.status !== 0) failures++;
}

if (verdicts.length > 0) {
  console.log(`\n## Summary (ratio = ours / floor, median of per-round ratios)\n\n${summaryTable(verdicts)}`);
}
const loadVerdicts: LoadVerdict[] = load?.verdicts ?? [];
if (loadVerdicts.length > 0) {
  const missed = loadVerdicts.filter((v) => !v.met).map((v) => v.metric);
  console.log(
    `\nLoad at scale: ${loadVerdicts.length - missed.length} of ${loadVerdicts.length} targets met${missed.length ? `; missed: ${missed.join('; ')}` : ''}.`,
  );
}
const seconds = (performance.now() - started) / 1000;
console.log(
  `\nTook ${seconds.toFixed(0)} s; load average at the end ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}.`,
);

mkdirSync('.bench', { recursive: true });
const environment = {
  node: process.version,
  cpus: cpus().length,
  loadavg: loadavg(),
  seconds,
  rounds: ROUNDS,
};
// With --only, the sections not run keep what the last run wrote.
const file = '.bench/results.json';
const previous =
  only && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
const measured = new Set(verdicts.map((v) => v.metric));
const keptVerdicts = ((previous.verdicts as Verdict[] | undefined) ?? []).filter(
  (v) => !measured.has(v.metric),
);
const results = {
  ...previous,
  environment,
  sections: { ...(previous.sections as object | undefined), ...sections },
  verdicts: [...keptVerdicts, ...verdicts],
  raw: { ...(previous.raw as object | undefined), ...raw },
  ...(load ? { load } : {}),
};
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log('Results written to .bench/results.json');
process.exitCode = failures > 0 ? 1 : 0;
