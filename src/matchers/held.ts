import type { SseStream } from '../client/stream.ts';
import { BUFFERING_CAUSES } from '../errors/buffering.ts';

/**
 * Headers and first event this close together (ms) came in one read: nothing of the response
 * reached the client before its first event. One read takes well under a millisecond to handle on
 * a quiet machine, but a loaded one (CI, mutation testing) spread a compressed one over 2.5 ms.
 */
const TOGETHER = 10;
/**
 * Headers sooner than this (ms) were not held in any way worth a hint: a server that writes its
 * first event right away sends both in one packet too. What a buffering proxy waits for (a page to
 * fill, the stream's end) takes longer.
 */
const PROMPT = 50;

/**
 * When the response headers arrived late and only with the first event, says so and what commonly holds a
 * whole response back; otherwise undefined. A buffering proxy or compression middleware sends the
 * headers with the first bytes it releases, so a first event that came with the headers points at
 * whatever is in between, or at a server that sends its headers only with its first write: the
 * sentence says both, since only the user knows which their server does.
 */
export function heldHeaders(stream: SseStream): string | undefined {
  const { headers, firstEvent } = stream.timing;
  if (headers === undefined || firstEvent === undefined) return undefined;
  if (headers < PROMPT || firstEvent - headers > TOGETHER) return undefined;
  return `The response headers came only with the first event: if the server sends them at once, something held the whole response, commonly ${BUFFERING_CAUSES}.`;
}

/** What commonly holds events back and releases them together. */
export function heldEvents(): string {
  return `If the server writes its events apart, something held them: commonly ${BUFFERING_CAUSES}.`;
}
