import { expectShape } from './json.ts';

/** Options of {@link Counter}. */
export interface CounterOptions {
  /** Label printed after the count, such as `'B'`; `rate` prints it per second. Default `''`. */
  unit?: string;
}

/** A {@link Counter} as plain JSON, to carry it from a Playwright worker or shard to the reporter. */
export interface CounterJSON {
  type: 'counter';
  unit: string;
  count: number;
}

/**
 * A running total, such as events or bytes received: `count`, and `rate(durationMs)` per second.
 *
 * @example
 * const bytes = new Counter({ unit: 'B' });
 * bytes.add(512);
 * bytes.add(512);
 * bytes.count; // 1024
 * bytes.rate(2000); // 512 (B/s)
 */
export class Counter {
  /** Label printed after the count, such as `'B'`. */
  readonly unit: string;
  #count = 0;

  /** @param options - `unit` (default `''`). */
  constructor(options: CounterOptions = {}) {
    this.unit = options.unit ?? '';
  }

  /**
   * Adds `n` to the total.
   *
   * @param n - a finite number >= 0; default `1`.
   * @throws RangeError for a negative, `NaN` or infinite `n`.
   */
  add(n = 1): void {
    if (!(n >= 0 && n < Number.POSITIVE_INFINITY)) {
      throw new RangeError(`Counter.add() expects a finite number >= 0; received ${n}.`);
    }
    this.#count += n;
  }

  /** The total so far. */
  get count(): number {
    return this.#count;
  }

  /**
   * The total per second over `durationMs`, the run's duration (the counter does not keep time itself).
   *
   * @throws RangeError unless `durationMs` is a finite number > 0.
   * @example events.rate(report.durationMs)
   */
  rate(durationMs: number): number {
    if (!(durationMs > 0 && durationMs < Number.POSITIVE_INFINITY)) {
      throw new RangeError(
        `Counter.rate() expects the run's duration in ms, a finite number > 0; received ${durationMs}.`,
      );
    }
    return this.#count / (durationMs / 1000);
  }

  /**
   * Adds the total of `other` to this one.
   *
   * @throws RangeError when the units differ.
   */
  merge(other: Counter): this {
    if (other.unit !== this.unit) {
      throw new RangeError(`Cannot merge a counter in '${other.unit}' into one in '${this.unit}'.`);
    }
    this.#count += other.#count;
    return this;
  }

  /** This counter as plain JSON. */
  toJSON(): CounterJSON {
    return { type: 'counter', unit: this.unit, count: this.#count };
  }

  /**
   * Rebuilds a counter from what {@link Counter.toJSON} returned (after a `JSON.parse`).
   *
   * @throws TypeError when `json` is not such an object.
   */
  static fromJSON(json: CounterJSON): Counter {
    expectShape('Counter.fromJSON()', json, 'counter', { unit: 'string', count: 'amount' });
    const counter = new Counter({ unit: json.unit });
    counter.#count = json.count;
    return counter;
  }
}
