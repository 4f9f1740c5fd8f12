/** How much of a non-event-stream body is kept for assertions and messages. */
const BODY_LIMIT = 64 * 1024;

/** Keeps the start of a response body that is not an event stream, up to `BODY_LIMIT` bytes. */
export class BodyCollector {
  #chunks: Uint8Array[] = [];
  #size = 0;

  /** Adds bytes; returns true once the limit is reached and reading can stop. */
  add(bytes: Uint8Array): boolean {
    if (this.#size < BODY_LIMIT) this.#chunks.push(bytes);
    this.#size += bytes.length;
    return this.#size >= BODY_LIMIT;
  }

  /** The kept bytes as UTF-8 text (invalid sequences replaced), cut at the limit. */
  text(): string {
    return Buffer.concat(this.#chunks).subarray(0, BODY_LIMIT).toString('utf8');
  }
}

const EVENT_STREAM = 'text/event-stream';

/** Whether the MIME type's essence is `text/event-stream`, parameters and case aside. */
export function isEventStream(headers: Readonly<Record<string, string>>): boolean {
  const type = headers['content-type'];
  if (type === undefined) return false;
  const semicolon = type.indexOf(';');
  return (semicolon === -1 ? type : type.slice(0, semicolon)).trim().toLowerCase() === EVENT_STREAM;
}

/**
 * Whether an answer is an event stream, by the spec's test ("if res's status is not 200, or if res's
 * `Content-Type` is not `text/event-stream`, then fail the connection"): only such an answer's body
 * is parsed for events. A 204 or a 206 typed `text/event-stream` is not one, nor is a 503.
 */
export function isEventStreamAnswer(status: number, headers: Readonly<Record<string, string>>): boolean {
  return status === 200 && isEventStream(headers);
}

/** Calls `cut` when the signal aborts or `timeout` ms pass; returns the function that disarms both. */
export function bodyDeadline(timeout: number, signal: AbortSignal | undefined, cut: () => void): () => void {
  const timer = timeout > 0 ? setTimeout(cut, timeout) : undefined;
  signal?.addEventListener('abort', cut, { once: true });
  return () => {
    if (timer) clearTimeout(timer);
    signal?.removeEventListener('abort', cut);
  };
}
