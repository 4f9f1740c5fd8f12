import { SseError } from '../errors/sse-error.ts';
import { delay } from '../util/wait.ts';

/** Default reconnection time before the server sets one with `retry:`; the spec leaves it to us. */
const DEFAULT_RECONNECT_DELAY = 1000;
const DEFAULT_MAX_ATTEMPTS = 10;
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * When, and whether, a stream reconnects: the spec's "reestablish the connection" with a bound on the
 * number of attempts over the stream's life, so a test can never loop forever against a flapping server.
 */
export class Reconnector {
  readonly enabled: boolean;
  readonly maxAttempts: number;
  readonly delay: number;
  attempts = 0;
  #waiting: AbortController | undefined;

  constructor(option: boolean | { maxAttempts?: number; delay?: number } | undefined) {
    const settings = typeof option === 'object' ? option : {};
    this.enabled = option !== undefined && option !== false;
    this.maxAttempts = settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.delay = settings.delay ?? DEFAULT_RECONNECT_DELAY;
    if (!(this.maxAttempts >= 0) || !(this.delay >= 0)) {
      throw new SseError(
        'invalid-option',
        `reconnect needs maxAttempts >= 0 and delay >= 0 (ms); received ${JSON.stringify(option)}.`,
      );
    }
  }

  /**
   * Waits the reconnection time (the server's `retry:` if it sent one) and resolves true, or false if
   * cancelled; undefined when there is no attempt left.
   */
  next(retry: number | undefined): Promise<boolean> | undefined {
    if (!this.enabled || this.attempts >= this.maxAttempts) return undefined;
    this.attempts++;
    this.#waiting = new AbortController();
    // setTimeout fires at once for 2^31 ms or more: a huge `retry:` ("don't come back soon") must not.
    return delay(Math.min(retry ?? this.delay, MAX_TIMER_MS), this.#waiting.signal);
  }

  cancel(): void {
    this.#waiting?.abort();
    this.#waiting = undefined;
  }
}
