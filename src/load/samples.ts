import {
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
  Int32Histogram,
} from 'hdr-histogram-js';
import { expectShape } from './json.ts';

const LOWEST_US = 1;
const HIGHEST_US = 3_600_000_000;

/** What {@link Samples} keeps across processes: the fields of a `TrendJSON` besides `type` and `unit`. */
export interface SamplesJSON {
  /** HDR histogram of the samples in µs: HdrHistogram's compressed V2 format, base64. */
  histogram: string;
  count: number;
  /** Exact sum, smallest and largest of the raw samples (`null` when there are none). */
  sum: number;
  min: number | null;
  max: number | null;
  /** Samples above 1 h, which the histogram holds as 1 h. */
  clamped: number;
}

/**
 * The store behind a {@link Trend}: an HDR histogram of whole microseconds from 1 µs to 1 h with 3
 * significant digits (two values share a bucket only when they differ by under 1 µs or 1/1024 of
 * their size), and the exact sum, min and max beside it.
 *
 * One costs about 95 kB, whatever the number of samples: 23 half-buckets of 1,024 32-bit counts
 * (94,208 bytes) plus about 1.2 kB of objects (measured). 32-bit counts overflow past 4.29 billion samples
 * in one bucket, far beyond any run we make.
 *
 * @example
 * const samples = new Samples();
 * samples.record(12.3456); // counted as 12,346 µs
 * samples.percentile(50); // 12.3456: the top of its bucket (12.351), held within max
 */
export class Samples {
  // The pure JS build on purpose: WebAssembly mode needs an async init, and its memory is not
  // reclaimed by the garbage collector (each histogram must be destroy()ed).
  #histogram: Histogram = new Int32Histogram(LOWEST_US, HIGHEST_US, 3);
  #sum = 0;
  // Neumaier's compensation: the low bits each addition drops from #sum, so that a mean over
  // millions of samples (or of merged shards) keeps its last digits.
  #lost = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  /** Samples recorded above 1 h, counted as 1 h. */
  clamped = 0;

  /** Samples recorded. */
  get count(): number {
    return this.#histogram.totalCount;
  }

  /** Exact sum of the samples, to the rounding of one addition. */
  get sum(): number {
    return this.#sum + this.#lost;
  }

  #addToSum(value: number): void {
    const sum = this.#sum + value;
    this.#lost += Math.abs(this.#sum) >= Math.abs(value) ? this.#sum - sum + value : value - sum + this.#sum;
    this.#sum = sum;
  }

  /** Records `ms`, a finite number >= 0: under 1 µs counts as 1 µs, over 1 h as 1 h (and in `clamped`). */
  record(ms: number): void {
    this.#addToSum(ms);
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
    let micros = Math.round(ms * 1000);
    if (micros < LOWEST_US) micros = LOWEST_US;
    else if (micros > HIGHEST_US) {
      micros = HIGHEST_US;
      this.clamped++;
    }
    this.#histogram.recordValue(micros);
  }

  /** The nearest-rank `q`th percentile in ms, `q` in (0, 100): the top of its bucket, within min and max. */
  percentile(q: number): number {
    return Math.min(Math.max(this.#histogram.getValueAtPercentile(q) / 1000, this.min), this.max);
  }

  /** Adds every sample of `other`. */
  add(other: Samples): void {
    const [sum, lost] = [other.#sum, other.#lost]; // read first: `other` may be this
    this.#histogram.add(other.#histogram);
    this.#addToSum(sum);
    this.#addToSum(lost);
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    this.clamped += other.clamped;
  }

  /** The samples as plain JSON. */
  toJSON(): SamplesJSON {
    const { count, sum, clamped } = this;
    const [min, max] = count === 0 ? [null, null] : [this.min, this.max];
    return { histogram: encodeIntoCompressedBase64(this.#histogram), count, sum, min, max, clamped };
  }

  /**
   * Reads what {@link Samples.toJSON} wrote.
   *
   * @throws TypeError when a field is missing or wrong, or the histogram cannot be decoded into 1 µs–1 h.
   */
  static fromJSON(json: SamplesJSON & { type: 'trend' }): Samples {
    const what = 'Trend.fromJSON()';
    const nullable = 'number-or-null';
    const fields = { histogram: 'string', count: 'count', sum: 'amount', clamped: 'count' } as const;
    expectShape(what, json, 'trend', { ...fields, min: nullable, max: nullable });
    const samples = new Samples();
    try {
      // Copied into our own layout so that every histogram shares one range and merges count by count.
      samples.#histogram.add(decodeFromCompressedBase64(json.histogram, 32, false));
    } catch (cause) {
      throw new TypeError(`${what} could not decode the histogram: ${String(cause)}`, { cause });
    }
    if (samples.count !== json.count) {
      throw new TypeError(
        `${what}: the histogram holds ${samples.count} samples but count is ${json.count}.`,
      );
    }
    if (json.count > 0 && (json.min === null || json.max === null)) {
      throw new TypeError(`${what}: min and max are null but count is ${json.count}.`);
    }
    samples.#sum = json.sum;
    samples.min = json.min ?? Number.POSITIVE_INFINITY;
    samples.max = json.max ?? Number.NEGATIVE_INFINITY;
    samples.clamped = json.clamped;
    return samples;
  }
}
