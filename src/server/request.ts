import type { IncomingMessage } from 'node:http';
import { now } from '../util/clock.ts';
import { readLastEventId } from '../util/last-event-id.ts';

/**
 * One request the embedded server received, kept for assertions in `server.requests`.
 *
 * @example
 * expect(server.requests.at(-1)?.lastEventId).toBe('42');
 */
export interface RecordedRequest {
  /** The request method, upper-case as sent (`'GET'`). */
  readonly method: string;
  /** The path without the query string (`'/events'`). */
  readonly path: string;
  /** The full URL, query string included (`'http://127.0.0.1:4000/events?x=1'`). */
  readonly url: string;
  /** The parsed query string. */
  readonly query: URLSearchParams;
  /**
   * Header names in lower case; a header sent more than once is joined with `', '`. Values are as
   * node:http reads them (one character per byte), except `last-event-id`, decoded as `lastEventId`.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** The whole request body decoded as UTF-8 (`''` when there was none). */
  readonly body: string;
  /** The `Last-Event-ID` header, if the client sent one, its bytes decoded as UTF-8 (as the spec sends it). */
  readonly lastEventId: string | undefined;
  /**
   * `performance.now()` when the request arrived: a point on the process's monotonic clock, not ms
   * since an `open()` as `event.time` is. Subtract two requests' to time a reconnection.
   */
  readonly receivedAt: number;
}

/**
 * Reads a request's body to the end and records it.
 *
 * @param req - The incoming request; its body is consumed.
 * @param origin - The server's origin (`'http://127.0.0.1:4000'`), to build `url`.
 * @returns The record, once the whole body has arrived; rejects if the client goes away first.
 */
export async function recordRequest(req: IncomingMessage, origin: string): Promise<RecordedRequest> {
  const receivedAt = now();
  const target = req.url ?? '/';
  // Concatenate rather than resolve, so a path such as '//x' stays a path instead of becoming a host.
  const url = target.startsWith('/') ? new URL(`${origin}${target}`) : new URL(target, origin);
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (values !== undefined) headers[name] = values.join(', ');
  }
  const lastEventId = headers['last-event-id'];
  // Decoded in `headers` too: a handler forwarding the request (a passthrough route) sends it on as text.
  if (lastEventId !== undefined) headers['last-event-id'] = readLastEventId(lastEventId);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    url: url.href,
    query: url.searchParams,
    headers,
    body: Buffer.concat(chunks).toString('utf8'),
    lastEventId: headers['last-event-id'],
    receivedAt,
  };
}
