import type { SseStream } from '../client/stream.ts';
import type { SseUrlMatcher } from './route.ts';

/**
 * Every SSE stream a page opens, recorded as it arrives: each one an `SseStream`, so every stream
 * matcher works on it.
 *
 * @example
 * const observer = await sse.observe(page, '**\/v1/chat');
 * await page.getByRole('button', { name: 'Send' }).click();
 * const chat = await observer.next();
 * await expect(chat).toReceiveEvent('done');
 */
export interface SseObserver {
  /** The streams observed so far, in the order the page got their response headers. */
  readonly streams: readonly SseStream[];
  /**
   * The next stream not handed out yet (each stream is handed out once, in order, those observed
   * before the call included), waiting up to `within` ms (default 5 s, kept inside the test's
   * remaining time).
   *
   * @throws {SseError} `timeout`, listing the streams observed so far.
   */
  next(options?: { within?: number | undefined }): Promise<SseStream>;
  /**
   * The latest observed stream whose URL matches (glob, RegExp or predicate, as `page.route()`
   * takes), else the first one to come within `within` ms.
   *
   * @throws {SseError} `timeout`, listing the streams observed so far.
   */
  stream(url: SseUrlMatcher, options?: { within?: number | undefined }): Promise<SseStream>;
  /** Stops observing; streams still open stop as `closed` (the page's own go on). Idempotent. */
  stop(): Promise<void>;
}
