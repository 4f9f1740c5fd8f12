import { expectShape } from './json.ts';

/** A {@link Rate} as plain JSON, to carry it from a Playwright worker or shard to the reporter. */
export interface RateJSON {
  type: 'rate';
  passes: number;
  fails: number;
}

/**
 * The fraction of checks that were true, as k6's Rate: for `errors`, `true` means the run failed.
 * With no checks, `rate` is `NaN` (and a threshold on it fails).
 *
 * @example
 * const errors = new Rate();
 * errors.add(false);
 * errors.add(true);
 * errors.rate; // 0.5
 */
export class Rate {
  #passes = 0;
  #fails = 0;

  /**
   * Counts one check.
   *
   * @param passed - `true` counts in `passes` (and raises `rate`), `false` in `fails`.
   */
  add(passed: boolean): void {
    if (passed) this.#passes++;
    else this.#fails++;
  }

  /** Checks that were `true`. */
  get passes(): number {
    return this.#passes;
  }

  /** Checks that were `false`. */
  get fails(): number {
    return this.#fails;
  }

  /** All checks. */
  get count(): number {
    return this.#passes + this.#fails;
  }

  /** `passes / count`, from 0 to 1; `NaN` with no checks. */
  get rate(): number {
    return this.#passes / this.count;
  }

  /** Adds the checks of `other` to this rate. */
  merge(other: Rate): this {
    this.#passes += other.#passes;
    this.#fails += other.#fails;
    return this;
  }

  /** This rate as plain JSON. */
  toJSON(): RateJSON {
    return { type: 'rate', passes: this.#passes, fails: this.#fails };
  }

  /**
   * Rebuilds a rate from what {@link Rate.toJSON} returned (after a `JSON.parse`).
   *
   * @throws TypeError when `json` is not such an object.
   */
  static fromJSON(json: RateJSON): Rate {
    expectShape('Rate.fromJSON()', json, 'rate', { passes: 'count', fails: 'count' });
    const rate = new Rate();
    rate.#passes = json.passes;
    rate.#fails = json.fails;
    return rate;
  }
}
