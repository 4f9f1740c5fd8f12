import { SseEvent } from '../client/event.ts';
import { open } from '../client/open.ts';
import type { SseOpenOptions } from '../client/options.ts';
import type { SseStream } from '../client/stream.ts';
import type { SseEventInit, SseMessage } from '../server/format.ts';
import type { RecordedRequest } from '../server/request.ts';
import { ResponseStream } from '../server/response-stream.ts';
import type { RouteHandler } from '../server/router.ts';
import type { HeaderValue, SseWriter } from '../server/writer.ts';
import { waitFor } from '../util/wait.ts';

/**
 * What a passthrough `transform` does with one event of the real server's stream: nothing
 * (`undefined`) or the event itself forwards it, `null` drops it, a message (or several) is sent
 * instead, as `writer.send()` takes it: event fields or a string (or an `SseEvent`, sent as it
 * came). `writer.sleep()` delays what follows, `writer.send()` injects, `writer.end()` or
 * `writer.destroy()` cuts the stream.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a transform that returns nothing forwards the event
export type SseTransformResult = SseMessage | readonly SseMessage[] | null | undefined | void;

/**
 * Called for each event the real server sends, on every connection the page makes.
 *
 * @example
 * const transform: SseTransform = (event) => (event.type === 'heartbeat' ? null : undefined);
 */
export type SseTransform = (
  event: SseEvent,
  writer: SseWriter,
) => SseTransformResult | Promise<SseTransformResult>;

/**
 * `sse.route()` without a handler: the page's request goes on to the real server, and its events
 * come back through `transform`, for fault injection on a real backend.
 *
 * @example
 * await sse.route(page, '**\/v1/chat', { passthrough: true, transform: (event, writer) => writer.end() });
 */
export interface SsePassthrough {
  passthrough: true;
  /** Per event: forward (return nothing), drop (`null`), replace; may wait. Default: forward all. */
  transform?: SseTransform | undefined;
}

/** Request headers that belong to one hop, or that our client sets itself. */
const REQUEST_HOP = new Set([
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
  'te',
  'upgrade',
  'accept-encoding',
]);
/** Response headers the writer or node:http sets for the hop to the page. */
const RESPONSE_HOP = new Set([
  'connection',
  'keep-alive',
  'content-length',
  'content-encoding',
  'transfer-encoding',
]);

/**
 * The handler of a passthrough route: opens the page's request against the real server with our
 * client (`options` carry `ignoreHTTPSErrors`), answers with its status and headers, then sends each
 * event through `transform`. An answer that is not an event stream is passed on whole. The real
 * server ending the stream ends it for the page; a break becomes `cut()`, so an EventSource
 * reconnects as it would.
 */
export function passthroughHandler(options: SsePassthrough, defaults: SseOpenOptions): RouteHandler {
  return async (writer, request) => {
    // The page's status is the real server's, known only once it answers.
    if (writer instanceof ResponseStream) writer.holdHeaders();
    const { ignoreHTTPSErrors } = defaults;
    const upstream = await open(request.url, {
      ...upstreamRequest(request),
      ...(ignoreHTTPSErrors !== undefined && { ignoreHTTPSErrors }),
      signal: writer.signal,
    });
    try {
      const headers = responseHeaders(upstream.headers);
      if (!upstream.ok) {
        return writer.respond(upstream.status, upstream.body ?? '', headers);
      }
      writer.status(upstream.status).headers(headers);
      await forward(upstream, writer, options.transform, request.lastEventId ?? '');
    } finally {
      await upstream.close();
    }
  };
}

function upstreamRequest(request: RecordedRequest): SseOpenOptions {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!REQUEST_HOP.has(name)) headers[name] = value;
  }
  const hasBody = request.body !== '' || !['GET', 'HEAD'].includes(request.method);
  return { method: request.method, headers, reconnect: false, ...(hasBody && { body: request.body }) };
}

function responseHeaders(headers: Readonly<Record<string, string>>): Record<string, HeaderValue> {
  const kept: Record<string, HeaderValue> = {};
  for (const [name, value] of Object.entries(headers)) if (!RESPONSE_HOP.has(name)) kept[name] = value;
  return kept;
}

/**
 * Sends the real server's stream on, in arrival order: each event through `transform`, each comment
 * as a bare `:` (the recording keeps when comments came, not their text; an EventSource never shows
 * them to the page anyway, and a heartbeat keeps its effect on proxies and idle timers).
 */
async function forward(
  upstream: SseStream,
  writer: SseWriter,
  transform: SseTransform | undefined,
  pageLastEventId: string,
): Promise<void> {
  const { recording } = upstream;
  let events = 0;
  let comments = 0;
  let id = pageLastEventId;
  let retry: number | undefined;
  const news = () =>
    recording.count > events || recording.commentTimes.length > comments || upstream.state !== 'open'
      ? true
      : undefined;
  // An event as the server sent it: fields only where they changed, so the page's lastEventId and
  // reconnection time move exactly as they would have.
  const asSent = (event: SseEvent): SseEventInit => {
    const fields: SseEventInit = { data: event.data };
    if (event.type !== 'message') fields.event = event.type;
    if (event.id !== id) fields.id = id = event.id;
    if (event.retry !== undefined && event.retry !== retry) fields.retry = retry = event.retry;
    return fields;
  };
  while (!writer.closed) {
    if ((await waitFor(upstream, news, Number.POSITIVE_INFINITY, writer.signal).catch(() => false)) === false)
      return;
    const event = recording.event(events);
    const commentAt = recording.commentTimes[comments];
    if (commentAt !== undefined && (event === undefined || commentAt <= event.time)) {
      comments++;
      await writer.comment();
      continue;
    }
    if (event === undefined) break; // the stream stopped and everything it had is out
    events++;
    const result = transform ? await transform(event, writer) : undefined;
    if (writer.closed) return;
    if (result === null) continue;
    if (result !== undefined) {
      // `return event` (or an earlier one) reads as "send this event", so it goes as it came.
      for (const message of Array.isArray(result) ? result : [result])
        await writer.send(message instanceof SseEvent ? asSent(message) : (message as SseMessage));
      continue;
    }
    await writer.send(asSent(event));
  }
  if (writer.closed) return;
  if (upstream.state === 'errored') await writer.cut();
  else await writer.end();
}
