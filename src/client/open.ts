import { openingAborted } from '../errors/connect.ts';
import { connectStream } from './network.ts';
import { resolveOptions, type SseOpenOptions } from './options.ts';
import { SseStream } from './stream.ts';

/**
 * Opens an SSE stream and starts recording it. Resolves once the response headers arrive, whatever
 * the status: a 500 or an HTML page is something to assert on (`status`, `headers`, `body`), so for
 * an answer that is not a 200 `text/event-stream` (a 204 or a 503 typed so included) it also waits
 * for the start of the body, kept as text and never parsed into events. Rejects only when no
 * response could be had, with `reconnect` on too.
 *
 * @param url - absolute, or relative to `options.baseURL`.
 * @throws {SseError} `connect-failed`, `timeout`, `aborted`, `too-many-redirects`, `bad-redirect`, `invalid-option`.
 * @example
 * const stream = await open('/v1/chat', { baseURL, method: 'POST', json: { stream: true } });
 * const first = await stream.next({ within: 2000 });
 */
export async function open(url: string | URL, options: SseOpenOptions = {}): Promise<SseStream> {
  const resolved = resolveOptions(url, options);
  const { request } = resolved;
  if (options.signal?.aborted) {
    throw openingAborted(request.url.href, 'before', options.signal.reason);
  }
  const stream = new SseStream(resolved);
  await connectStream(stream, resolved);
  return stream;
}
