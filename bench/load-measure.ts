// What the load client child measures with: exact spreads, gc()'d memory with open file descriptors,
// and event-loop delay per phase of a run.
import { readdirSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';
import { percentile } from './stats.ts';

/** Exact percentiles of a sample in ms, from the sorted values. */
export interface Spread {
  count: number;
  p50: number;
  p99: number;
  max: number;
  min: number;
}

/** The event-loop monitor's timer period; each of its samples is period + delay, so it is subtracted. */
export const RESOLUTION_MS = 10;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** The finite values' count, p50, p99, max and min. */
export function spread(values: ArrayLike<number>): Spread {
  const finite = Array.from(values).filter(Number.isFinite);
  const extreme = (pick: (a: number, b: number) => number) =>
    finite.length === 0 ? Number.NaN : finite.reduce((a, b) => pick(a, b));
  return {
    count: finite.length,
    p50: percentile(finite, 0.5),
    p99: percentile(finite, 0.99),
    max: extreme(Math.max),
    min: extreme(Math.min),
  };
}

/** Memory after two full collections (run with --expose-gc), and the process's open file descriptors. */
export function memory() {
  gc();
  gc();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, external, arrayBuffers, fds: readdirSync('/proc/self/fd').length };
}

export type Memory = ReturnType<typeof memory>;

/** What one phase measured: event-loop delay in ms, utilization and CPU as fractions of its wall time. */
export interface PhaseResult {
  p50: number;
  p99: number;
  max: number;
  seconds: number;
  elu: number;
  cpu: number;
  /** Garbage-collection pauses on the main thread: how many, the longest and their sum, in ms. */
  gc: { count: number; max: number; total: number };
}

/** Every GC pause of the process, as `[start, duration]` on the `performance.now()` clock. */
const pauses: [number, number][] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    if (pauses.length < 100_000) pauses.push([entry.startTime, entry.duration]);
}).observe({ entryTypes: ['gc'] });

function pausesBetween(from: number, to: number) {
  const inside = pauses.filter(([start]) => start >= from && start < to).map(([, duration]) => duration);
  return {
    count: inside.length,
    max: inside.length === 0 ? 0 : Math.max(...inside),
    total: inside.reduce((sum, d) => sum + d, 0),
  };
}

/**
 * Event-loop delay beyond the monitor's own period, loop utilization and CPU, between `start()` and
 * `stop()`. The monitor records from its second tick: start it a few periods before the work.
 */
export class Phase {
  readonly #histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  #elu: ReturnType<typeof performance.eventLoopUtilization> | undefined;
  #cpu: NodeJS.CpuUsage | undefined;
  #from = 0;
  result: PhaseResult | undefined;

  start(): void {
    if (this.#elu) return;
    this.#from = performance.now();
    this.#elu = performance.eventLoopUtilization();
    this.#cpu = process.cpuUsage();
    this.#histogram.enable();
  }

  stop(): void {
    if (!this.#elu || this.result) return;
    const h = this.#histogram;
    h.disable();
    const delay = (ns: number) => (h.count === 0 ? Number.NaN : Math.max(0, ns / 1e6 - RESOLUTION_MS));
    const to = performance.now();
    const seconds = (to - this.#from) / 1000;
    const cpu = process.cpuUsage(this.#cpu);
    this.result = {
      p50: delay(h.percentile(50)),
      p99: delay(h.percentile(99)),
      max: delay(h.max),
      seconds,
      elu: performance.eventLoopUtilization(this.#elu).utilization,
      cpu: (cpu.user + cpu.system) / 1e6 / seconds,
      gc: pausesBetween(this.#from, to),
    };
  }
}
