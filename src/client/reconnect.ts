import { delay } from '../util/wait.ts';
import type { ReconnectSettings } from './options.ts';

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * When, and whether, a stream reconnects: the spec's "reestablish the connection" with a bound on the
 * number of attempts over the stream's life, so a test can never loop forever against a flapping server.
 */
export class Reconnector {
  readonly #settings: ReconnectSettings | undefined;
  attempts = 0;
  #waiting: AbortController | undefined;

  /** `settings` undefined: reconnection is off. */
  constructor(settings: ReconnectSettings | undefined) {
    this.#settings = settings;
  }

  /**
   * Waits the reconnection time (the server's `retry:` if it sent one) and resolves true, or false if
   * cancelled; undefined when there is no attempt left.
   */
  next(retry: number | undefined): Promise<boolean> | undefined {
    const settings = this.#settings;
    if (!settings || this.attempts >= settings.maxAttempts) return undefined;
    this.attempts++;
    this.#waiting = new AbortController();
    // setTimeout fires at once for 2^31 ms or more: a huge `retry:` ("don't come back soon") must not.
    return delay(Math.min(retry ?? settings.delay, MAX_TIMER_MS), this.#waiting.signal);
  }

  cancel(): void {
    this.#waiting?.abort();
    this.#waiting = undefined;
  }
}
