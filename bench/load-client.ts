// The client child of the load-at-scale section: one `load()` run (record: 'timing', load's default)
// against bench/load-server.ts; reports one result over IPC. Run with --expose-gc.
// `scale`: N streams opened, held ticking for a steady window, then ended by the server; memory, event-loop delay per phase, and the first event's receipt
// against the server's own send time. `churn`: short streams re-run for a `duration`; memory kept per run.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { type LoadOptions, type LoadReport, load, open, type SseStream } from '../src/index.ts';
import { Trend } from '../src/load.ts';
import { type Memory, memory, Phase, RESOLUTION_MS, type Spread, spread } from './load-measure.ts';

export interface ScaleTask {
  scenario: 'scale';
  /** A label for messages, such as `10000@2000`. */
  variant: string;
  base: string;
  streams: number;
  rampUp: number;
  /** ms of the steady window: every stream open, ticking; then the server is asked to end them. */
  steady: number;
  /** ms between a stream's later events, drawn at random in [min, max]. */
  every: readonly [number, number];
}

export interface ChurnTask {
  scenario: 'churn';
  variant: string;
  base: string;
  streams: number;
  /** ms `load()` keeps re-running bodies. */
  duration: number;
}

const SAMPLE_EVERY_MS = 50;
/** Between the ramp's end and the steady window: the last first events' bursts settle. */
const SETTLE_MS = 300;
/** Longest ramp waited for; past it the steady window is skipped and the streams are released. */
const MAX_RAMP_MS = 40_000;
/** The server ends a stream by itself this long after its request, should `/release` never come. */
const HOLD_MS = 90_000;

const options = (base: string, streams: number, extra: Partial<LoadOptions>) =>
  ({ streams, open: { baseURL: base, timeout: 20_000 }, progress: false, ...extra }) as LoadOptions;

/** One stream with 50 events 10 ms apart, alone: receipt − send with nothing else going on. */
async function idleFloor(base: string): Promise<Spread> {
  const stream = await open(`${base}/probe?count=50&every=10`, { timeout: 5_000 });
  const lags: number[] = [];
  for await (const event of stream) {
    lags.push(performance.timeOrigin + stream.timing.start + event.time - Number(event.data));
  }
  return spread(lags.slice(5));
}

/** What the server stamped per stream: `[index, received, sent, written]`, wall-clock ms. */
async function fetchStamps(base: string): Promise<number[][]> {
  const { body } = await request(`${base}/stamps`, { headersTimeout: 10_000, bodyTimeout: 10_000 });
  return (await body.json()) as number[][];
}

/** Asks the server to end every held stream (it answers at once; the ends follow). */
async function releaseAll(base: string): Promise<void> {
  const { body } = await request(`${base}/release`, { headersTimeout: 10_000, bodyTimeout: 10_000 });
  await body.dump();
}

/** Compiles the open/event/end paths before the baseline, so code is not counted per stream. */
async function warmUp(base: string, path: string): Promise<void> {
  await load(options(base, 50, { signal: AbortSignal.timeout(10_000) }), async ({ sse }) => {
    const stream = await sse.open(path);
    await stream.closed;
  });
}

async function scale(task: ScaleTask) {
  const { streams: n, rampUp, steady, base } = task;
  const path = (i: number, ms: number) => `/hold?i=${i}&hold=${ms}&min=${task.every[0]}&max=${task.every[1]}`;
  await warmUp(base, path(-1, 200));
  await fetchStamps(base);
  const floor = await idleFloor(base);
  await sleep(100);
  const before = memory();
  const loadAverage = loadavg()[0] ?? Number.NaN;

  // Per stream, numbers only, so the bench itself keeps no stream alive after it ends.
  const start = new Float64Array(n).fill(Number.NaN);
  const headers = new Float64Array(n).fill(Number.NaN);
  const first = new Float64Array(n).fill(Number.NaN);
  const events = new Uint16Array(n);
  const live: (SseStream | undefined)[] = new Array(n);
  const body: Parameters<typeof load>[1] = async ({ sse, index }) => {
    const stream = await sse.open(path(index, HOLD_MS));
    live[index] = stream;
    await stream.closed;
    live[index] = undefined;
    start[index] = stream.timing.start;
    headers[index] = stream.timing.headers ?? Number.NaN;
    first[index] = stream.timing.firstEvent ?? Number.NaN;
    events[index] = Math.min(stream.eventCount, 65_535);
    if (stream.state !== 'ended') throw stream.error ?? new Error(`stream ${index} stopped: ${stream.state}`);
  };

  const phases = { ramp: new Phase(), steady: new Phase(), teardown: new Phase() };
  let phase: 'ramp' | 'settle' | 'steady' | 'teardown' = 'ramp';
  let rampDone = Number.NaN;
  let held: Memory | undefined;
  let heldGcMs = Number.NaN;
  const peak = { rss: 0, heapUsed: 0 };
  const timeline: { t: number; rss: number; heapUsed: number; established: number }[] = [];
  let steadyEnd = MAX_RAMP_MS;
  let loadStart = Number.NaN;
  /** Settles with the error of the `/release` request, if it failed; caught at once so it is never unhandled. */
  let released: Promise<unknown> | undefined;

  // Every SAMPLE_EVERY_MS: peak memory (no gc), how many streams have their first event, and the phase.
  const tick = () => {
    const t = performance.now() - loadStart;
    let established = 0;
    for (let i = 0; i < n; i++) {
      if (live[i]?.timing.firstEvent !== undefined || !Number.isNaN(first[i] as number)) established++;
    }
    const { rss, heapUsed } = process.memoryUsage();
    peak.rss = Math.max(peak.rss, rss);
    peak.heapUsed = Math.max(peak.heapUsed, heapUsed);
    if (timeline.length < 200 && t - (timeline.at(-1)?.t ?? -1_000) >= 500) {
      timeline.push({ t: Math.round(t), rss, heapUsed, established });
    }
    if (phase === 'ramp' && (established === n || t >= MAX_RAMP_MS)) {
      phases.ramp.stop();
      if (established === n) {
        rampDone = t;
        steadyEnd = t + SETTLE_MS + steady;
      }
      phase = 'settle';
    }
    if (phase === 'settle' && t >= rampDone + SETTLE_MS && t < steadyEnd) {
      phases.steady.start();
      phase = 'steady';
    }
    if ((phase === 'steady' || phase === 'settle') && t >= steadyEnd) {
      phases.steady.stop();
      // Memory while every stream is held, after full collections; no delay monitor runs meanwhile.
      const gcStart = performance.now();
      held = memory();
      heldGcMs = performance.now() - gcStart;
      phases.teardown.start();
      phase = 'teardown';
      released = releaseAll(base).then(
        () => undefined,
        (error: unknown) => error,
      );
    }
  };

  const budget = MAX_RAMP_MS + steady + 30_000;
  const deadline = AbortSignal.timeout(budget);
  phases.ramp.start();
  await sleep(3 * RESOLUTION_MS);
  const cpu = process.cpuUsage();
  loadStart = performance.now();
  const sampler = setInterval(tick, SAMPLE_EVERY_MS);
  let report: LoadReport | undefined;
  try {
    report = await load(options(base, n, { rampUp, signal: deadline }), body);
  } finally {
    clearInterval(sampler);
    for (const p of Object.values(phases)) p.stop();
  }
  const runSeconds = (performance.now() - loadStart) / 1000;
  const used = process.cpuUsage(cpu);
  const releaseError = await released;
  if (releaseError) throw releaseError;
  if (deadline.aborted) throw new Error(`the load ran past its ${budget} ms budget`);

  const startLag = report.metrics.get('startLag');
  const lag = startLag instanceof Trend ? startLag : new Trend();
  const ttfe = report.metrics.timeToFirstEvent;
  const scheduled = new Float64Array(n).fill(Number.NaN);
  for (const r of report.runs) scheduled[r.index] = r.scheduled;
  const fromReport = {
    errors: report.metrics.errors.rate,
    errorSample: report.errors.slice(0, 3).map((e) => String((e as Error)?.message ?? e)),
    events: report.metrics.events.count,
    ttfe: { p50: ttfe.p50, p99: ttfe.p99, max: ttfe.max },
    startLag: { p50: lag.p50, p99: lag.p99, max: lag.max },
  };
  report = undefined;
  // When load() has resolved, and a second later: streams that ended on their own may still be letting go.
  const afterRun = memory();
  await sleep(1_000);
  const afterSettled = memory();

  // The first event's receipt on the wall clock, against the server's stamps.
  const stamps = await fetchStamps(base);
  const receipt: number[] = [];
  const serverInterval: number[] = [];
  const requestLeg: number[] = [];
  for (const [i, received, sent] of stamps as [number, number, number, number][]) {
    const startWall = performance.timeOrigin + (start[i] as number);
    const receivedWall = startWall + (first[i] as number);
    if (!Number.isFinite(receivedWall)) continue;
    receipt.push(receivedWall - sent);
    serverInterval.push(sent - received);
    requestLeg.push(received - startWall);
  }
  const exact = spread(first);
  // Counted from when a stream was due to start (rampUp), not from when its open() ran.
  const fromSchedule = Array.from(
    first,
    (f, i) => (start[i] as number) - loadStart - (scheduled[i] as number) + f,
  );
  const at = (times: Float64Array) => Array.from(start, (s, i) => s + (times[i] as number) - loadStart);
  const lastAt = (times: Float64Array) => {
    const all = spread(at(times));
    return all.count === n ? all.max / 1000 : Number.NaN;
  };

  return {
    streams: n,
    rampUp,
    loadAverage,
    ...fromReport,
    ttfeHistogramError: Math.abs(fromReport.ttfe.p99 - exact.p99) / exact.p99,
    eventsPerStream: spread(events),
    runSeconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    allHeadersSeconds: lastAt(headers),
    allFirstEventsSeconds: lastAt(first),
    ttfeFromSchedule: spread(fromSchedule),
    receipt: spread(receipt),
    serverInterval: spread(serverInterval),
    requestLeg: spread(requestLeg),
    floor,
    eld: { ramp: phases.ramp.result, steady: phases.steady.result, teardown: phases.teardown.result },
    memory: { before, held, afterRun, afterSettled, peak, heldGcMs },
    timeline,
  };
}

async function churn(task: ChurnTask) {
  const { base, streams, duration } = task;
  await warmUp(base, '/quick');
  const before = memory();
  let iterations = 0;
  const marks: { iterations: number; heapUsed: number }[] = [];
  // Two gc()'d samples well inside the run: what stays per run of the body while the load goes on.
  const sample = () => marks.push({ iterations, heapUsed: memory().heapUsed });
  const timers = [setTimeout(sample, 1_000), setTimeout(sample, duration - 500)];
  const started = performance.now();
  let report: LoadReport | undefined;
  try {
    const signal = AbortSignal.timeout(duration + 20_000);
    report = await load(options(base, streams, { duration, signal }), async ({ sse }) => {
      const stream = await sse.open('/quick');
      await stream.closed;
      iterations++;
    });
  } finally {
    for (const timer of timers) clearTimeout(timer);
  }
  const seconds = (performance.now() - started) / 1000;
  const runs = report.runs.length;
  const errors = report.metrics.errors.rate;
  const afterRun = memory();
  report = undefined;
  await sleep(1_000);
  const afterSettled = memory();
  const [early, late] = marks;
  const perRun = (from: number, to: number, runs: number) => (to - from) / runs;
  return {
    runs,
    errors,
    runsPerSecond: runs / seconds,
    retainedPerRun:
      early && late ? perRun(early.heapUsed, late.heapUsed, late.iterations - early.iterations) : Number.NaN,
    afterRunPerRun: perRun(before.heapUsed, afterRun.heapUsed, runs),
    afterSettledPerRun: perRun(before.heapUsed, afterSettled.heapUsed, runs),
    fdsAfter: afterSettled.fds - before.fds,
    marks,
  };
}

export type ScaleResult = Awaited<ReturnType<typeof scale>>;
export type ChurnResult = Awaited<ReturnType<typeof churn>>;

const task = JSON.parse(process.argv[2] ?? '{}') as ScaleTask | ChurnTask;
process.on('disconnect', () => process.exit(1));
let message: { result?: unknown; error?: string };
try {
  message = { result: task.scenario === 'scale' ? await scale(task) : await churn(task) };
} catch (error) {
  message = { error: String((error as Error)?.stack ?? error) };
}
// Exit once the message is out: thousands of sockets may still be winding down, which is not measured.
process.send?.(message, () => process.exit(0));
