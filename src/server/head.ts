import type { ServerResponse } from 'node:http';

/** The headers {@link startEventStream} sets. */
export const EVENT_STREAM_HEAD = ['content-type', 'cache-control', 'connection'] as const;

/**
 * Gives a response the head of an event stream: 200, `text/event-stream`, `no-cache`, keep-alive,
 * and a socket that sends small writes at once.
 *
 * @example
 * startEventStream(res); // then write events
 */
export function startEventStream(res: ServerResponse): void {
  res.statusCode = 200;
  res.setHeader('content-type', 'text/event-stream; charset=utf-8');
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('connection', 'keep-alive');
  // Without it Nagle's algorithm can hold a small event back until the previous one is acknowledged.
  res.socket?.setNoDelay(true);
}

/**
 * Throws when the response headers are already out, naming the call that came too late.
 *
 * @param method - The writer method being called, for the message (`'status'`).
 */
export function assertHeadersOpen(res: ServerResponse, method: string): void {
  if (res.headersSent) {
    throw new Error(
      `${method}() came after the response headers were sent (by the first write, sleep(), flush(), or ` +
        'automatically right after the handler started); call it at the top of the handler.',
    );
  }
}

/**
 * Checks a status code as `node:http` will, but at the call that set it.
 *
 * @returns The code, when it is an integer from 100 to 999.
 */
export function validStatus(code: number): number {
  if (!Number.isInteger(code) || code < 100 || code > 999) {
    throw new RangeError(`The status code must be an integer from 100 to 999, got ${code}.`);
  }
  return code;
}
