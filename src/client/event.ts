import { invalidJson } from '../errors/messages.ts';

/**
 * One dispatched event, as the WHATWG "dispatch the event" step defines it, plus where and when it
 * arrived.
 *
 * @example
 * const event = await stream.next();
 * event.type; // 'message' unless the server sent `event:`
 * event.json<{ symbol: string }>().symbol;
 */
export class SseEvent {
  /** The `event:` field, or `'message'` when the block had none (or an empty one). */
  readonly type: string;
  /** The `data:` lines joined with `\n`. */
  readonly data: string;
  /** The last event ID in force when this event was dispatched (`''` until the server sets one). */
  readonly id: string;
  /** The reconnection time (ms) in force when this event was dispatched, if the server ever sent `retry:`. */
  readonly retry: number | undefined;
  /** Position in the stream's recording, from 0, counted across reconnections. */
  readonly index: number;
  /** Milliseconds from the request start until the bytes that completed this event arrived. */
  readonly time: number;

  constructor(
    type: string,
    data: string,
    id: string,
    retry: number | undefined,
    index: number,
    time: number,
  ) {
    this.type = type;
    this.data = data;
    this.id = id;
    this.retry = retry;
    this.index = index;
    this.time = time;
  }

  /**
   * Parses `data` as JSON.
   *
   * @throws {SseError} `invalid-json`, quoting the data around the position that failed.
   */
  json<T = unknown>(): T {
    try {
      return JSON.parse(this.data) as T;
    } catch (cause) {
      throw invalidJson(this.index, this.type, this.data, cause);
    }
  }
}
