import type { SseOpenOptions } from '../client/options.ts';
import { badLoadOption } from '../errors/options.ts';
import type { LlmProtocol, LlmProtocolName } from '../llm/protocol.ts';
import { now } from '../util/clock.ts';
import { LoadClient } from './client.ts';
import { formatValue } from './format.ts';
import { llmThresholds } from './llm-metrics.ts';
import { LoadMetrics } from './metrics.ts';
import { KEPT_ERRORS, LoadReport, type LoadRun } from './report.ts';
import { startInSlices } from './slices.ts';
import type { Thresholds } from './threshold-parse.ts';

/** How to run a load. */
export interface LoadOptions {
  /** Parallel streams (virtual users): how many bodies run at once. */
  streams: number;
  /**
   * ms over which the streams start, evenly spaced; default 0 (all due at once). Due starts run a
   * slice per event-loop turn, so open streams are read in between; `startLag` shows how late each was.
   */
  rampUp?: number;
  /** ms to keep re-running bodies; without it each stream runs the body once (see `iterations`). */
  duration?: number;
  /** Total body runs; default `streams` without `duration`, unbounded with it. */
  iterations?: number;
  /** At most this many bodies at once (default `streams`). */
  maxConcurrency?: number;
  /** Stops starting bodies and closes the open streams. */
  signal?: AbortSignal;
  /** k6-style thresholds judged on the report, such as `{ timeToFirstEvent: ['p(95)<300'] }`. */
  thresholds?: Thresholds;
  /** Defaults for every `sse.open()` in the body (`baseURL`, headers...); `record` defaults to `'timing'`. */
  open?: SseOpenOptions;
  /** Run only this shard's share of the streams: stream i runs when `i % total === current - 1`. */
  shard?: { current: number; total: number } | null | undefined;
  /** A name for the report (the test title, in the fixtures). */
  name?: string;
  /** A live progress line on stderr; default: when stderr is a terminal. */
  progress?: boolean;
  /**
   * Read every stream as this LLM protocol (`'openaiChat'`, `'anthropic'`, ...): adds the trends
   * `timeToFirstToken`, `timePerOutputToken`, `interChunkGap`, `outputTokens`, the counter
   * `outputTokensPerSecond` and the rate `goodput` (runs meeting every threshold on those trends),
   * all thresholdable; streams then keep their events (`record: 'events'` unless `open` says). See docs/llm.md.
   */
  protocol?: LlmProtocol | LlmProtocolName;
}

/** What a body gets: its own client, its stream index, its run number, the run's metrics for custom ones. */
export interface LoadContext {
  sse: LoadClient;
  /** The stream (virtual user) this body runs as, from 0. */
  index: number;
  /** The run's number over the whole load, from 0. */
  iteration: number;
  /** Record custom trends, counters and rates: `metrics.trend('timeToFirstToken').record(ms)`. */
  metrics: LoadMetrics;
  signal: AbortSignal;
}

/**
 * Runs `body` as `streams` parallel streams and reports percentiles. A failing body is counted in the
 * `errors` rate and its error kept (the first few in full); it does not stop the run.
 *
 * @example
 * const report = await load({ streams: 100, rampUp: 1_000, open: { baseURL } }, async ({ sse }) => {
 *   const stream = await sse.open('/v1/chat', { method: 'POST', json });
 *   await stream.closed;
 * });
 * report.metrics.timeToFirstEvent.p95;
 */
export async function load(
  options: LoadOptions,
  body: (context: LoadContext) => Promise<unknown>,
): Promise<LoadReport> {
  const { streams, rampUp = 0, duration, shard } = options;
  check(options);
  const iterations = options.iterations ?? (duration === undefined ? streams : Number.POSITIVE_INFINITY);
  const slots = Array.from({ length: streams }, (_, i) => i).filter(
    (i) => !shard || shard.total <= 1 || i % shard.total === shard.current - 1,
  );
  const metrics = new LoadMetrics();
  const series: number[] = [];
  const runs: LoadRun[] = [];
  const errors: unknown[] = [];
  const stop = new AbortController();
  const onAbort = () => stop.abort(options.signal?.reason);
  // Each slot (virtual user) has its own signal: thousands of streams and timers listening on one
  // shared signal make every add and remove walk the whole list, and opening N streams O(N²).
  const slotStops = new Set<AbortController>();
  stop.signal.addEventListener('abort', () => {
    for (const slotStop of slotStops) slotStop.abort(stop.signal.reason);
    for (const wake of waiting.splice(0)) wake();
  });
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const start = now();
  const end = duration === undefined ? Number.POSITIVE_INFINITY : start + duration;
  const llmLoad = options.protocol && {
    protocol: options.protocol,
    thresholds: llmThresholds(options.thresholds),
  };
  // An LLM protocol reads the events' data, which 'timing' does not keep.
  const defaults: SseOpenOptions = { record: llmLoad ? 'events' : 'timing', ...options.open };
  let next = 0;
  let running = 0;
  const waiting: (() => void)[] = [];
  const limit = options.maxConcurrency ?? streams;

  const scheduledAt = (position: number) => position * (slots.length > 1 ? rampUp / (slots.length - 1) : 0);
  const runSlot = async (index: number, scheduled: number) => {
    const slotStop = new AbortController();
    slotStops.add(slotStop);
    try {
      await runBodies(index, scheduled, slotStop.signal);
    } finally {
      slotStops.delete(slotStop);
    }
  };

  const runBodies = async (index: number, scheduled: number, signal: AbortSignal) => {
    let first = true;
    while (!stop.signal.aborted && next < iterations && now() < end) {
      while (running >= limit && !stop.signal.aborted)
        await new Promise<void>((resolve) => waiting.push(resolve));
      if (stop.signal.aborted || next >= iterations || now() >= end) break;
      running++;
      const iteration = next++;
      const sse = new LoadClient({ signal, ...defaults }, metrics, series, start, llmLoad);
      const run: LoadRun = { index, iteration, scheduled, started: now() - start, duration: 0 };
      // Coordinated omission shows here: a run that should have started at `scheduled` but could not.
      if (first) metrics.trend('startLag').record(Math.max(0, run.started - scheduled));
      first = false;
      let failed = false;
      try {
        await body({ sse, index, iteration, metrics, signal });
        metrics.errors.add(false);
      } catch (error) {
        failed = true;
        metrics.errors.add(true);
        run.error = error instanceof Error ? error.message : String(error);
        if (errors.length < KEPT_ERRORS) errors.push(error);
      } finally {
        await sse.settle();
        sse.judge(failed);
        run.duration = now() - start - run.started;
        runs.push(run);
        running--;
        waiting.shift()?.();
      }
      // Without duration or iterations, each stream runs the body once; otherwise slots keep pulling runs.
      if (duration === undefined && options.iterations === undefined) break;
    }
  };
  const stopProgress =
    (options.progress ?? process.stderr.isTTY === true)
      ? showProgress(() => ({
          runs: runs.length,
          running,
          metrics,
          elapsed: now() - start,
          name: options.name,
        }))
      : () => {};
  const stopWatching = watchLoopDelay(metrics);
  try {
    const started: Promise<void>[] = [];
    // Not all due bodies in one stretch: the streams started first would have their first events
    // wait behind the rest's starts, and timeToFirstEvent would measure us (see startInSlices).
    await startInSlices(
      slots.length,
      (position) => start + scheduledAt(position),
      (position) => {
        const slot = runSlot(slots[position] as number, scheduledAt(position));
        // Handled by the Promise.all below; this keeps a slot failing mid-ramp from being unhandled.
        slot.catch(() => {});
        started.push(slot);
      },
      stop.signal,
    );
    await Promise.all(started);
  } finally {
    stopWatching();
    stopProgress();
    options.signal?.removeEventListener('abort', onAbort);
  }
  return new LoadReport({
    name: options.name,
    metrics,
    runs,
    errors,
    series,
    durationMs: now() - start,
    thresholds: options.thresholds,
    shard,
  });
}

function check(options: LoadOptions): void {
  const bad = (what: string) => {
    throw badLoadOption(what, options);
  };
  if (!Number.isInteger(options.streams) || options.streams < 1) bad('needs streams >= 1 (an integer)');
  if ((options.rampUp ?? 0) < 0) bad('needs rampUp >= 0 (ms)');
  if (options.duration !== undefined && !(options.duration > 0)) bad('needs duration > 0 (ms)');
  if (options.iterations !== undefined && !(options.iterations >= 1)) bad('needs iterations >= 1');
  if (options.maxConcurrency !== undefined && !(options.maxConcurrency >= 1))
    bad('needs maxConcurrency >= 1');
  const { shard } = options;
  if (shard && !(shard.current >= 1 && shard.current <= shard.total))
    bad('needs 1 <= shard.current <= shard.total');
}

interface Progress {
  runs: number;
  running: number;
  metrics: LoadMetrics;
  elapsed: number;
  name: string | undefined;
}

/** Rewrites one stderr line twice a second (after the first second) until the returned stop is called. */
function showProgress(read: () => Progress): () => void {
  let shown = false;
  const timer = setInterval(() => {
    const { runs, running, metrics, elapsed, name } = read();
    if (elapsed < 1_000) return;
    const ttfe =
      metrics.timeToFirstEvent.count > 0
        ? ` · p95 first event ${formatValue(metrics.timeToFirstEvent.p95, 'ms')}`
        : '';
    const line = `${name ?? 'load'}: ${runs} runs done · ${running} running · ${metrics.events.count} events${ttfe} · ${formatValue(elapsed / 1000, 's')}`;
    process.stderr.write(`\r\x1b[K${line}`);
    shown = true;
  }, 500);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (shown) process.stderr.write('\r\x1b[K');
  };
}

/** How often the load generator checks its own event loop. */
const LOOP_TICK_MS = 100;

/**
 * Records the load generator's own event-loop delay (how late a 100 ms timer fires) in the
 * `loopDelay` trend: when it is high, measured latencies include our queueing, not only the
 * server's. A threshold such as `loopDelay: ['p(99)<50']` makes a saturated run fail. Sampling
 * starts after the first second, so short runs (and their summaries) have none.
 */
function watchLoopDelay(metrics: LoadMetrics): () => void {
  const started = now();
  let expected = started + LOOP_TICK_MS;
  const timer = setInterval(() => {
    const at = now();
    if (at - started > 1_000) metrics.trend('loopDelay').record(Math.max(0, at - expected));
    expected = at + LOOP_TICK_MS;
  }, LOOP_TICK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
