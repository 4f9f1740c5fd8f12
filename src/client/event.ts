import { SseError } from '../errors/sse-error.ts';

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
      throw new SseError(
        'invalid-json',
        `Event #${this.index} (${this.type}) data is not JSON: ${(cause as Error).message}. Received data: ${excerpt(this.data, cause)}`,
        { cause },
      );
    }
  }
}

/** Quotes at most ~80 characters of `data`, centred on the position a JSON.parse error names. */
function excerpt(data: string, cause: unknown): string {
  const match = /position (\d+)/.exec(String((cause as Error)?.message));
  const at = match ? Number(match[1]) : 0;
  const start = Math.max(0, at - 40);
  const end = Math.min(data.length, start + 80);
  return `${start > 0 ? '…' : ''}${JSON.stringify(data.slice(start, end))}${end < data.length ? '…' : ''}`;
}
