import { Counter, type CounterOptions } from './counter.ts';
import {
  kindOf,
  type Metric,
  type MetricJSON,
  type MetricSummary,
  metricFromJSON,
  type SummaryOptions,
  summarize,
} from './metric.ts';
import { Rate } from './rate.ts';
import { Trend, type TrendOptions } from './trend.ts';

type Kind = MetricJSON['type'];

/** {@link LoadMetrics} as plain JSON: every metric by name, built-ins first. */
export interface LoadMetricsJSON {
  metrics: Record<string, MetricJSON>;
}

/**
 * The metrics of one load run, by name: the built-in ones the runner records, and custom trends,
 * counters and rates a test body records. Merging the registries of workers or shards gives the
 * registry of the whole run, on which thresholds are judged.
 *
 * @example
 * const metrics = new LoadMetrics();
 * metrics.timeToFirstEvent.record(42);
 * metrics.trend('timeToFirstToken').record(180);
 * metrics.summary({ durationMs: 10_000 }).timeToFirstEvent;
 */
export class LoadMetrics {
  #metrics = new Map<string, Metric>();
  /** ms from the start of the request to the response headers, one sample per stream. */
  readonly timeToHeaders: Trend = this.trend('timeToHeaders');
  /** ms from the start of the request to the first event, one sample per stream that got one. */
  readonly timeToFirstEvent: Trend = this.trend('timeToFirstEvent');
  /** ms between two consecutive events of a stream. */
  readonly eventGap: Trend = this.trend('eventGap');
  /** ms from the start of the request to the end of the stream. */
  readonly streamDuration: Trend = this.trend('streamDuration');
  /** Events received, over all streams. */
  readonly events: Counter = this.counter('events');
  /** Body bytes received, over all streams. */
  readonly bytes: Counter = this.counter('bytes', { unit: 'B' });
  /** One check per run of the body: `true` when the run failed. */
  readonly errors: Rate = this.rate('errors');

  /**
   * The trend named `name`, created empty on first use.
   *
   * @param options - `unit` (default `'ms'`), used when the trend is created.
   * @throws TypeError when `name` is taken by a counter or rate, or was created with another unit.
   * @example metrics.trend('timeToFirstToken').record(ms)
   */
  trend(name: string, options: TrendOptions = {}): Trend {
    return this.#obtain(name, 'trend', options.unit, () => new Trend(options));
  }

  /**
   * The counter named `name`, created at 0 on first use.
   *
   * @param options - `unit` (default `''`), used when the counter is created.
   * @throws TypeError when `name` is taken by a trend or rate, or was created with another unit.
   * @example metrics.counter('tokens').add(usage.completion_tokens)
   */
  counter(name: string, options: CounterOptions = {}): Counter {
    return this.#obtain(name, 'counter', options.unit, () => new Counter(options));
  }

  /**
   * The rate named `name`, created with no checks on first use.
   *
   * @throws TypeError when `name` is taken by a trend or counter.
   * @example metrics.rate('truncated').add(!sawDone)
   */
  rate(name: string): Rate {
    return this.#obtain(name, 'rate', undefined, () => new Rate());
  }

  /** The metric named `name`, or `undefined` if nothing recorded or created it. */
  get(name: string): Metric | undefined {
    return this.#metrics.get(name);
  }

  /** Names of all metrics, built-ins first, then custom ones in order of creation. */
  get names(): string[] {
    return [...this.#metrics.keys()];
  }

  /**
   * Adds every metric of `other` into this registry (creating custom ones missing here).
   *
   * @throws TypeError or RangeError when a name holds a different kind of metric or another unit.
   * @example const whole = shards.reduce((all, shard) => all.merge(shard), new LoadMetrics());
   */
  merge(other: LoadMetrics): this {
    for (const [name, metric] of other.#metrics) this.#absorb(name, metric);
    return this;
  }

  /** Every metric's numbers by name; `durationMs` gives counters a rate per second. */
  summary(options: SummaryOptions = {}): Record<string, MetricSummary> {
    return Object.fromEntries([...this.#metrics].map(([name, metric]) => [name, summarize(metric, options)]));
  }

  /** This registry as plain JSON, to carry it from a Playwright worker or shard to the reporter. */
  toJSON(): LoadMetricsJSON {
    return {
      metrics: Object.fromEntries([...this.#metrics].map(([name, metric]) => [name, metric.toJSON()])),
    };
  }

  /**
   * Rebuilds a registry from what {@link LoadMetrics.toJSON} returned (after a `JSON.parse`).
   *
   * @throws TypeError when `json` or one of its metrics is not such an object.
   */
  static fromJSON(json: LoadMetricsJSON): LoadMetrics {
    const entries: unknown = (json as { metrics?: unknown } | null)?.metrics;
    if (typeof entries !== 'object' || entries === null) {
      throw new TypeError('LoadMetrics.fromJSON() expects { metrics: { [name]: metric } } from toJSON().');
    }
    const metrics = new LoadMetrics();
    for (const [name, metric] of Object.entries(entries)) metrics.#absorb(name, metricFromJSON(name, metric));
    return metrics;
  }

  #absorb(name: string, metric: Metric): void {
    if (metric instanceof Trend) this.trend(name, { unit: metric.unit }).merge(metric);
    else if (metric instanceof Counter) this.counter(name, { unit: metric.unit }).merge(metric);
    else this.rate(name).merge(metric);
  }

  #obtain<M extends Metric>(name: string, kind: Kind, unit: string | undefined, create: () => M): M {
    if (!this.#metrics.has(name)) {
      if (typeof name !== 'string' || name === '')
        throw new TypeError('A metric name must be a non-empty string.');
      this.#metrics.set(name, create());
    }
    const found = this.#metrics.get(name) as Metric;
    const unitWas = 'unit' in found ? found.unit : undefined;
    if (kindOf(found) !== kind || (unit !== undefined && unit !== unitWas)) {
      const was = `${kindOf(found)}${unitWas ? ` in ${unitWas}` : ''}`;
      throw new TypeError(`The metric ${name} is a ${was}, not a ${kind}${unit ? ` in ${unit}` : ''}.`);
    }
    return found as M;
  }
}
