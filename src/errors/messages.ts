import { SseError } from './sse-error.ts';

/** Shorthand for the `n thing(s)` phrases in messages. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** One event outgrew `maxEventSize` before it was dispatched. */
export function eventTooLarge(url: string, limit: number, received: number): SseError {
  return new SseError(
    'event-too-large',
    `An event from ${url} has more than maxEventSize (${limit} bytes) of data, after ${plural(received, 'event')}. Raise maxEventSize if such events are expected.`,
    { url },
  );
}

/** Events were read from (or a recording asked of) a stream that keeps only their times. */
export function notRecorded(url: string, kept = 'events to read'): SseError {
  return new SseError(
    'not-recorded',
    `The stream from ${url} was opened with record: 'timing', which keeps no ${kept}; open it with record: 'events'.`,
    { url },
  );
}

/** `next({ within })` waited its budget out. */
export function noEventWithin(url: string, within: number, received: number, state: string): SseError {
  return new SseError(
    'timeout',
    `No event from ${url} within ${within} ms (${plural(received, 'event')} received so far, stream ${state}).`,
    { url },
  );
}

/**
 * `next()` on a stream that has no event left and will receive none; `unread` when the reader's own
 * `close()` is why: the events that came after the cursor are still in `stream.events`.
 */
export function streamStopped(
  url: string,
  state: string,
  received: number,
  error: SseError | undefined,
  unread?: number,
): SseError {
  const why = error ? `: ${error.message}` : '.';
  const closed =
    unread === undefined
      ? ''
      : ` close() was called, so next() hands out nothing more${unread > 0 ? ` (stream.events holds all ${received}, ${unread} never taken)` : ''}.`;
  return new SseError(
    'stream-stopped',
    `No more events: the stream from ${url} is ${state} after ${plural(received, 'event')}${why}${closed}`,
    {
      url,
      cause: error,
    },
  );
}

/** A reconnection was answered with something other than a 200 event stream. */
export function reconnectRefused(url: string, status: number, contentType: string | undefined): SseError {
  return new SseError(
    'reconnect-failed',
    `Reconnecting to ${url} got status ${status} with content type ${contentType ?? '(none)'}; an EventSource stops here (it needs 200 text/event-stream).`,
    { url, status, contentType },
  );
}

/** The last allowed reconnection failed too. */
export function gaveUp(url: string, attempts: number, error: SseError): SseError {
  return new SseError(
    'reconnect-failed',
    `Gave up on ${url} after ${plural(attempts, 'reconnection attempt')}: ${error.message}`,
    {
      url,
      code: error.code,
      cause: error,
    },
  );
}

/** `event.json()` on data that is not JSON, quoting the data around where parsing failed. */
export function invalidJson(index: number, type: string, data: string, cause: unknown): SseError {
  return new SseError(
    'invalid-json',
    `Event #${index} (${type}) data is not JSON: ${(cause as Error).message}. Received data: ${excerpt(data, cause)}`,
    { cause },
  );
}

/** Quotes at most ~80 characters of `data`, centred on the position a JSON.parse error names. */
function excerpt(data: string, cause: unknown): string {
  const match = /position (\d+)/.exec(String((cause as Error)?.message));
  const at = match ? Number(match[1]) : 0;
  const start = Math.max(0, at - 40);
  const end = Math.min(data.length, start + 80);
  return `${start > 0 ? '…' : ''}${JSON.stringify(data.slice(start, end))}${end < data.length ? '…' : ''}`;
}
