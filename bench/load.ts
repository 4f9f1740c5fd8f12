// The "Load run at scale" section: `load()` runs of 1,000 and 10,000 streams (record: 'timing') against
// the embedded server in its own child, one client child per run; a table with targets and met?.
import { runTask } from './children.ts';
import type { ChurnResult, ChurnTask, ScaleResult, ScaleTask } from './load-client.ts';
import type { PhaseResult } from './load-measure.ts';
import { format, table } from './report.ts';

/** Each run: streams, and ms over which they start. */
const RUNS = [
  { streams: 1_000, rampUp: 0 },
  { streams: 1_000, rampUp: 2_000 },
  { streams: 10_000, rampUp: 0 },
  { streams: 10_000, rampUp: 2_000 },
] as const;
const STEADY_MS = 5_000;
const CHURN = { streams: 50, duration: 5_000 };
const EVERY_MS = [1_000, 2_000] as const;
const CHILDREN = { server: './load-server.ts', client: './load-client.ts' };

type Run = (typeof RUNS)[number];
type Cell = (result: ScaleResult) => number;

/** One row: a value per run, and optionally a target checked on some runs. */
interface Line {
  metric: string;
  cell: Cell;
  /** Shown in the target column, such as `< 20 ms @ 10,000`. */
  target?: string;
  /** Whether `value` meets the target on `run`; undefined where the target does not apply. */
  meets?: (value: number, run: Run) => boolean | undefined;
  digits?: number;
}

export interface LoadVerdict {
  metric: string;
  target: string;
  values: Record<string, number>;
  met: boolean;
}

const label = (run: Run) =>
  `${run.streams.toLocaleString('en-US')} · rampUp ${run.rampUp === 0 ? '0' : `${run.rampUp / 1000} s`}`;
const MB = 1024 * 1024;
const perStream = (bytes: number, result: ScaleResult) => bytes / result.streams;
const gcShare = (phase: PhaseResult | undefined) =>
  phase ? phase.gc.total / 10 / phase.seconds : Number.NaN;

/** Issue 7, part 5: a burst of 1,000 streams (rampUp 0) starts on time and reads its first events promptly. */
const BURST_TARGET = '≤ 20 ms @ 1,000 · rampUp 0';
const atBurst = (value: number, run: Run) =>
  run.streams === 1_000 && run.rampUp === 0 ? value <= 20 : undefined;

const LINES: Line[] = [
  { metric: 'machine load average (1 min) at start', cell: (r) => r.loadAverage },
  { metric: 'errors (rate)', cell: (r) => r.errors, target: '0', meets: (v) => v === 0 },
  { metric: 'events per stream p50', cell: (r) => r.eventsPerStream.p50 },
  { metric: 'client CPU s (whole run)', cell: (r) => r.cpuSeconds },
  { metric: 'memory: RSS before, MB', cell: (r) => r.memory.before.rss / MB },
  { metric: 'memory: heapUsed before, MB', cell: (r) => r.memory.before.heapUsed / MB },
  { metric: 'memory: RSS peak during run (no gc), MB', cell: (r) => r.memory.peak.rss / MB },
  { metric: 'memory: heapUsed peak during run (no gc), MB', cell: (r) => r.memory.peak.heapUsed / MB },
  {
    metric: 'memory: RSS held, per stream (gc), KB',
    cell: (r) => perStream((r.memory.held?.rss ?? Number.NaN) - r.memory.before.rss, r) / 1000,
  },
  {
    metric: 'memory: heapUsed held, per stream (gc), KB',
    cell: (r) => perStream((r.memory.held?.heapUsed ?? Number.NaN) - r.memory.before.heapUsed, r) / 1000,
  },
  {
    metric: 'memory: heapUsed when load() resolved − before, per stream, KB',
    cell: (r) => perStream(r.memory.afterRun.heapUsed - r.memory.before.heapUsed, r) / 1000,
  },
  {
    metric: 'memory: heapUsed 1 s later − before, per stream, KB',
    cell: (r) => perStream(r.memory.afterSettled.heapUsed - r.memory.before.heapUsed, r) / 1000,
    target: '< 1 KB (no leak)',
    meets: (v) => v < 1,
  },
  {
    metric: 'memory: RSS 1 s later − before, per stream, KB',
    cell: (r) => perStream(r.memory.afterSettled.rss - r.memory.before.rss, r) / 1000,
  },
  {
    metric: 'open fds 1 s later − before',
    cell: (r) => r.memory.afterSettled.fds - r.memory.before.fds,
    target: '≤ 0',
    meets: (v) => v <= 0,
  },
  { metric: 'event-loop delay p99, ramp, ms', cell: (r) => r.eld.ramp?.p99 ?? Number.NaN },
  { metric: 'GC pause max, ramp, ms', cell: (r) => r.eld.ramp?.gc.max ?? Number.NaN },
  {
    metric: 'event-loop delay p99, steady, ms',
    cell: (r) => r.eld.steady?.p99 ?? Number.NaN,
    target: '< 20 ms @ 10,000',
    meets: (v, run) => (run.streams === 10_000 ? v < 20 : undefined),
  },
  { metric: 'event-loop delay max, steady, ms', cell: (r) => r.eld.steady?.max ?? Number.NaN },
  { metric: 'GC pause max, steady, ms', cell: (r) => r.eld.steady?.gc.max ?? Number.NaN },
  { metric: 'GC pauses, steady, % of wall', cell: (r) => gcShare(r.eld.steady) },
  { metric: 'event-loop utilization, steady, %', cell: (r) => (r.eld.steady?.elu ?? Number.NaN) * 100 },
  { metric: 'client CPU, steady, % of a core', cell: (r) => (r.eld.steady?.cpu ?? Number.NaN) * 100 },
  { metric: 'steady window, s', cell: (r) => r.eld.steady?.seconds ?? Number.NaN },
  { metric: 'event-loop delay p99, teardown, ms', cell: (r) => r.eld.teardown?.p99 ?? Number.NaN },
  { metric: 'receipt − send, idle floor (1 stream) p50, ms', cell: (r) => r.floor.p50, digits: 2 },
  { metric: 'receipt − send, first events p50, ms', cell: (r) => r.receipt.p50, digits: 2 },
  {
    metric: 'receipt − send, first events p99, ms',
    cell: (r) => r.receipt.p99,
    target: BURST_TARGET,
    meets: atBurst,
    digits: 2,
  },
  { metric: 'receipt − send, first events max, ms', cell: (r) => r.receipt.max },
  { metric: 'receipt − send, first events min, ms', cell: (r) => r.receipt.min, digits: 2 },
  { metric: 'receipt − send, idle floor (1 stream) p99, ms', cell: (r) => r.floor.p99, digits: 2 },
  { metric: 'server: received → first event sent p99, ms', cell: (r) => r.serverInterval.p99 },
  { metric: 'request leg: open() → server received p99, ms', cell: (r) => r.requestLeg.p99 },
  { metric: 'timeToFirstEvent p50, ms', cell: (r) => r.ttfe.p50 },
  { metric: 'timeToFirstEvent p99, ms', cell: (r) => r.ttfe.p99 },
  {
    metric: 'timeToFirstEvent p99: histogram vs exact, %',
    cell: (r) => r.ttfeHistogramError * 100,
    target: '≤ 0.1 %',
    meets: (v) => v <= 0.1,
    digits: 2,
  },
  { metric: 'time to first event from schedule p99, ms', cell: (r) => r.ttfeFromSchedule.p99 },
  { metric: 'ramp: all headers by, s', cell: (r) => r.allHeadersSeconds },
  { metric: 'ramp: all first events by, s', cell: (r) => r.allFirstEventsSeconds },
  { metric: 'startLag p50, ms', cell: (r) => r.startLag.p50 },
  { metric: 'startLag p99, ms', cell: (r) => r.startLag.p99, target: BURST_TARGET, meets: atBurst },
  { metric: 'startLag max, ms', cell: (r) => r.startLag.max },
];

/** The churn table: metric, value, and where there is a target, its text and the most allowed. */
const CHURN_LINES: [string, (r: ChurnResult) => number, string?, number?][] = [
  ['body runs', (r) => r.runs],
  ['body runs per s', (r) => r.runsPerSecond],
  ['errors (rate)', (r) => r.errors, '0', 0],
  ['heap kept per run while the load goes on (gc), B', (r) => r.retainedPerRun, '≤ 1,000 B', 1_000],
  ['heap when load() resolved − before, per run, B', (r) => r.afterRunPerRun],
  ['heap 1 s later − before, per run, B', (r) => r.afterSettledPerRun, '≤ 200 B', 200],
  ['open fds 1 s later − before', (r) => r.fdsAfter, '≤ 0', 0],
];

export const LOAD_NOTE = [
  `One \`load()\` run per column, each in a fresh client child against a fresh server child running the embedded \`createSseServer\`; streams are recorded with \`record: 'timing'\` (load's default). The server sends each stream's first event at once, carrying its send time, then one every ${EVERY_MS[0] / 1000}–${EVERY_MS[1] / 1000} s (at random), and, once every stream has its first event, keeps them all ticking for a ${STEADY_MS / 1000} s steady window before the client asks the server to end them all. One run per configuration: read single digits of ms as noise on this shared machine.`,
  'Memory: "before" follows a 50-stream warm-up and two gc(); "peak" is sampled every 50 ms without gc; "held" is gc()\'d at the end of the steady window, every stream open; then when `load()` has resolved and 1 s later, the report dropped.',
  "Event-loop delay: `monitorEventLoopDelay` (resolution 10 ms, subtracted) per phase: ramp (until every stream has its first event), steady (from 300 ms later, for the steady window), teardown (from the held sample until `load()` resolves). Utilization and CPU are over the same windows. Other processes share the 2 cores: the load average at each run's start is in the table, and delay while it is above 2 is partly the OS scheduler, not us.",
  "receipt − send: our first event's arrival on the wall clock (`performance.timeOrigin + timing.start + timing.firstEvent`) minus the server's stamp, taken just before it wrote the event; both processes read the same system clock. It bounds the error of the receive side of `timeToFirstEvent`: server write path + loopback + the time the bytes waited for our event loop (GC, other streams' work). The idle floor is the same for one stream with nothing else going on. Request leg: `open()` to the server's receipt, which holds our own queueing before the connection is made.",
  '"From schedule" counts a stream\'s time to first event from when it was due to start (rampUp), not from when its `open()` ran; the difference is coordinated omission, which `startLag` reports.',
].join('\n\n');

export const CHURN_NOTE = `\`load({ streams: ${CHURN.streams}, duration: ${CHURN.duration} })\` whose body opens a stream that gets one event and ends, so bodies re-run thousands of times. Heap after gc() at 1 s and ${(CHURN.duration - 500) / 1000} s into the run, divided by the runs in between: what each run leaves behind while the load goes on (\`report.runs\` keeps one small record per run by design).`;

/** Runs one task in fresh children; undefined (and a message) if it failed. */
async function attempt<R, T extends { scenario: string; variant: string }>(task: T, clientFlags: string[]) {
  try {
    return await runTask<R, T>(task, { timeoutMs: 150_000, clientFlags, children: CHILDREN });
  } catch (error) {
    console.error(`! ${(error as Error).message}`);
    return undefined;
  }
}

/** The met? cell of a line whose target applies to some runs: yes, or NO with the runs that missed. */
function judge(line: Line, values: readonly number[], runs: readonly Run[]): { met: boolean; cell: string } {
  const verdicts = runs.map((run, i) => line.meets?.(values[i] as number, run));
  const missed = runs.filter((_, i) => verdicts[i] === false);
  const met = verdicts.some((v) => v !== undefined) && missed.length === 0;
  return { met, cell: met ? 'yes' : `**NO**${missed.length ? ` (${missed.map(label).join('; ')})` : ''}` };
}

/** The section: every scale configuration once (~15–20 s each), then the churn run (~8 s). */
export async function loadSection(clientFlags: string[]) {
  const results: (ScaleResult | undefined)[] = [];
  for (const run of RUNS) {
    const task: Omit<ScaleTask, 'base'> = {
      scenario: 'scale',
      variant: `${run.streams}@${run.rampUp}`,
      ...run,
      steady: STEADY_MS,
      every: EVERY_MS,
    };
    results.push(await attempt<ScaleResult, Omit<ScaleTask, 'base'>>(task, clientFlags));
  }
  const churnTask: Omit<ChurnTask, 'base'> = { scenario: 'churn', variant: 'churn', ...CHURN };
  const churn = await attempt<ChurnResult, Omit<ChurnTask, 'base'>>(churnTask, clientFlags);

  const verdicts: LoadVerdict[] = [];
  const rows = LINES.map((line) => {
    const values = RUNS.map((_, i) => {
      const result = results[i];
      return result ? line.cell(result) : Number.NaN;
    });
    let met = '–';
    if (line.target !== undefined && line.meets) {
      const verdict = judge(line, values, RUNS);
      met = verdict.cell;
      const byRun = Object.fromEntries(RUNS.map((run, i) => [label(run), values[i] as number]));
      verdicts.push({ metric: line.metric, target: line.target, values: byRun, met: verdict.met });
    }
    return [line.metric, ...values.map((v) => format(v, line.digits)), line.target ?? 'info', met];
  });
  const churnRows = CHURN_LINES.map(([metric, pick, target, limit]) => {
    const value = churn ? pick(churn) : Number.NaN;
    if (target === undefined) return [metric, format(value), 'info', '–'];
    const met = value <= (limit as number);
    verdicts.push({ metric: `churn: ${metric}`, target, values: { churn: value }, met });
    return [metric, format(value), target, met ? 'yes' : '**NO**'];
  });
  return {
    scale: table(['metric', ...RUNS.map(label), 'target', 'met?'], rows),
    churn: table(
      ['metric', `${CHURN.streams} streams × ${CHURN.duration / 1000} s`, 'target', 'met?'],
      churnRows,
    ),
    verdicts,
    runs: RUNS.map((run, i) => ({ label: label(run), ...run, result: results[i] ?? null })),
    churnResult: churn ?? null,
    failures: results.filter((r) => r === undefined).length + (churn ? 0 : 1),
  };
}
