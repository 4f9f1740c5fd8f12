import { expectShape } from './json.ts';
import { Samples, type SamplesJSON } from './samples.ts';

/** Options of {@link Trend}. */
export interface TrendOptions {
  /** Label printed after values (summaries, threshold tables); stored values do not change. Default `'ms'`. */
  unit?: string;
}

/** A {@link Trend} as plain JSON, to carry it from a Playwright worker or shard to the reporter. */
export interface TrendJSON extends SamplesJSON {
  type: 'trend';
  unit: string;
}

/**
 * A distribution of durations in ms (or of sizes): percentiles from an HDR histogram covering 1 µs to
 * 1 h with 3 significant digits, exact min, max and mean. Mergeable, so shards add up to one run.
 * About 95 kB each, however many samples. With no samples, every statistic but `count` is `NaN`.
 *
 * @example
 * const ttfe = new Trend();
 * ttfe.record(12.5);
 * ttfe.record(40);
 * ttfe.p95; // 40
 * ttfe.mean; // 26.25
 */
export class Trend {
  /** Label printed after values, such as `'ms'`. */
  readonly unit: string;
  #samples = new Samples();

  /** @param options - `unit` (default `'ms'`). */
  constructor(options: TrendOptions = {}) {
    this.unit = options.unit ?? 'ms';
  }

  /**
   * Records one sample. Percentiles see values under 1 µs as 1 µs and over 1 h as 1 h (counted in
   * `clamped`); min, max and mean use the exact value.
   *
   * @param value - a finite number >= 0, in ms for durations.
   * @throws RangeError for a negative, `NaN` or infinite value.
   */
  record(value: number): void {
    if (!(value >= 0 && value < Number.POSITIVE_INFINITY)) {
      throw new RangeError(`Trend.record() expects a finite number >= 0 (${this.unit}); received ${value}.`);
    }
    this.#samples.record(value);
  }

  /**
   * The `q`th percentile by nearest rank (the smallest sample that `q`% of samples are at or below),
   * to 3 significant digits: rounded up to the top of its histogram bucket, never past `max`.
   *
   * @param q - from 0 to 100, decimals allowed; `p(0)` is `min` and `p(100)` is `max`.
   * @example trend.p(99.9)
   */
  p(q: number): number {
    if (!(q >= 0 && q <= 100)) {
      throw new RangeError(
        `Trend.p() expects a percentile from 0 to 100, such as 95 or 99.9; received ${q}.`,
      );
    }
    if (this.count === 0) return Number.NaN;
    if (q === 0) return this.#samples.min;
    if (q === 100) return this.#samples.max;
    return this.#samples.percentile(q);
  }

  /** The median, `p(50)`. */
  get p50(): number {
    return this.p(50);
  }
  /** `p(75)`. */
  get p75(): number {
    return this.p(75);
  }
  /** `p(90)`. */
  get p90(): number {
    return this.p(90);
  }
  /** `p(95)`. */
  get p95(): number {
    return this.p(95);
  }
  /** `p(99)`. */
  get p99(): number {
    return this.p(99);
  }
  /** `p(99.9)`. */
  get p999(): number {
    return this.p(99.9);
  }
  /** Smallest sample, exact. */
  get min(): number {
    return this.count === 0 ? Number.NaN : this.#samples.min;
  }
  /** Largest sample, exact. */
  get max(): number {
    return this.count === 0 ? Number.NaN : this.#samples.max;
  }
  /** Mean of the exact samples. */
  get mean(): number {
    return this.#samples.sum / this.count;
  }
  /** Number of samples. */
  get count(): number {
    return this.#samples.count;
  }
  /** Samples above 1 h, which percentiles see as 1 h. */
  get clamped(): number {
    return this.#samples.clamped;
  }

  /**
   * Adds every sample of `other` to this trend, as if they had been recorded here.
   *
   * @throws RangeError when the units differ.
   * @example total.merge(Trend.fromJSON(fromShard2))
   */
  merge(other: Trend): this {
    if (other.unit !== this.unit) {
      throw new RangeError(`Cannot merge a trend in ${other.unit} into one in ${this.unit}.`);
    }
    this.#samples.add(other.#samples);
    return this;
  }

  /** This trend as plain JSON: about 60 bytes empty, a few KiB for thousands of distinct values. */
  toJSON(): TrendJSON {
    return { type: 'trend', unit: this.unit, ...this.#samples.toJSON() };
  }

  /**
   * Rebuilds a trend from what {@link Trend.toJSON} returned (after a `JSON.parse`).
   *
   * @throws TypeError when `json` is not such an object.
   * @example const trend = Trend.fromJSON(JSON.parse(text));
   */
  static fromJSON(json: TrendJSON): Trend {
    const samples = Samples.fromJSON(json);
    expectShape('Trend.fromJSON()', json, 'trend', { unit: 'string' });
    const trend = new Trend({ unit: json.unit });
    trend.#samples = samples;
    return trend;
  }
}
