import type { CDPSession } from '@playwright/test';
import type { BodyCollector } from '../client/response.ts';
import type { SseStream } from '../client/stream.ts';
import type { SseError } from '../errors/sse-error.ts';
import { now } from '../util/clock.ts';
import { readLastEventId } from '../util/last-event-id.ts';

// The pieces of one observed response, between Chromium's Network events and the SseStream they
// feed: what a request was, what a live response holds while its bytes arrive, and the clock its
// timestamps are on. The observer (observe.ts) wires them to a CDP session.

/**
 * How long a stream waits for its request's wire headers after the response's head, when Chromium
 * reports them late: they hold the `Last-Event-ID` that the recording starts from. Data that
 * arrives meanwhile is held, with its times.
 */
// 100 ms until a loaded CI run lost a Last-Event-ID: its wire headers came late, or before the request
// (kept for it now, in observe.ts); which of the two is not known.
export const WIRE_HEADERS_WAIT = 250;

/** A request the page made, kept until its response says whether it is a stream. */
export interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** `now()` clock. */
  start: number;
  type: string | undefined;
  /** For an EventSource, streaming turned on as the request left: the bytes buffered by then. */
  streaming: Promise<Buffer | undefined> | undefined;
  /** Resolves once the headers as sent on the wire are in `headers` (`requestWillBeSentExtraInfo`). */
  wired: Promise<void>;
  wire: () => void;
}

/** One observed response, between its head and its end. */
export interface Live {
  /** Made once the request's wire headers are known (its `Last-Event-ID` seeds the recording). */
  stream: SseStream | undefined;
  /** Set for an answer that is not an event stream: its body is kept as text, as `open()` keeps it. */
  body: BodyCollector | undefined;
  /** Until `Network.streamResourceContent` answers: arrivals seen without data, then held data. */
  pending: { length: number; at: number }[] | undefined;
  held: { bytes: Uint8Array; at: number }[];
  finished: (() => void) | undefined;
}

/** Turns on the byte stream of one response: the bytes buffered so far, or undefined if it is too late. */
export function startStreaming(session: CDPSession, requestId: string): Promise<Buffer | undefined> {
  return session.send('Network.streamResourceContent', { requestId }).then(
    ({ bufferedData }) => Buffer.from(bufferedData, 'base64'),
    () => undefined,
  );
}

export function feed(entry: Live, bytes: Uint8Array, at: number): void {
  const { stream } = entry;
  if (bytes.length === 0 || !stream) return;
  if (entry.body) {
    stream.received(undefined, at);
    entry.body.add(bytes);
  } else {
    stream.received(bytes, at);
  }
}

export function finish(entry: Live, state: 'ended' | 'closed' | 'errored', error?: SseError): void {
  const { stream } = entry;
  if (stream?.state !== 'open') return;
  if (entry.body) stream.body = entry.body.text();
  else stream.disconnected();
  stream.stop(state, error);
}

export function lowerCase(headers: Readonly<Record<string, unknown>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) result[name.toLowerCase()] = String(value);
  return result;
}

/**
 * A request's headers as Chromium reports them, lower-cased, with `Last-Event-ID` read back into
 * the id: DevTools spells its UTF-8 bytes as windows-1252 characters (`…` comes as `â€¦`).
 */
export function requestHeaders(headers: Readonly<Record<string, unknown>>): Record<string, string> {
  const result = lowerCase(headers);
  const id = result['last-event-id'];
  if (id !== undefined) result['last-event-id'] = readLastEventId(id, 'windows-1252');
  return result;
}

/**
 * Chromium stamps network events with its monotonic clock, in seconds. On Linux, macOS and Windows
 * that is the clock `performance.now()` counts from too, so a stamp converts exactly to our clock:
 * the time the browser's network stack received the bytes. If the first stamp is not plausible
 * (another machine, another clock), stamps are ignored and the arrival of the CDP message is used.
 */
export class BrowserClock {
  /** Our clock minus Chromium's, in ms; null when the clocks disagree. */
  #offset: number | null | undefined;

  at(timestamp: number): number {
    if (this.#offset === undefined) {
      const offset = Number(process.hrtime.bigint()) / 1e6 - now();
      const mapped = timestamp * 1000 - offset;
      this.#offset = mapped <= now() + 5 && mapped > now() - 10_000 ? offset : null;
    }
    return this.#offset === null ? now() : timestamp * 1000 - this.#offset;
  }
}
