/**
 * The fields of one event block to send; every field is optional.
 *
 * Without `data` the block only sets fields (`id`, `retry`) and a client dispatches nothing; pass
 * `data: ''` for an empty event.
 */
export interface SseEventInit {
  /** The event type (`event:` field); clients default it to `'message'`. */
  event?: string | undefined;
  /** The payload: a string is sent as is (one `data:` line per line), anything else as JSON. */
  data?: unknown;
  /** The event ID (`id:` field) that a reconnecting client sends back as `Last-Event-ID`. */
  id?: string | undefined;
  /** The reconnection time in ms (`retry:` field). */
  retry?: number | undefined;
}

/**
 * What `sse.send()` accepts: event fields, or a bare data value (a string as is, anything else as
 * JSON). A plain object counts as event fields only when all its keys are `event`, `data`, `id` or
 * `retry`; wrap other data as `{ data }` when it could be mistaken for fields.
 */
export type SseMessage = SseEventInit | string | number | boolean | object | null;

const fieldNames = new Set(['event', 'data', 'id', 'retry']);
const lineBreak = /\r\n|\r|\n/;
const malformedHint = 'use sse.writeRaw() to send a malformed stream on purpose';

/**
 * Serialises one event block: `event:`, `id:`, `retry:`, then one `data:` line per line of data, then
 * the blank line that dispatches it.
 *
 * @param event - The fields to send; `data` that is not a string is JSON-encoded.
 * @returns The block's text, ending in `\n\n`.
 * @throws {Error} When `event` or `id` holds a line break, `id` holds NUL, `retry` is not a
 *   non-negative integer, or `data` cannot be JSON-encoded; `writeRaw()` sends such bytes on purpose.
 *
 * @example
 * formatEvent({ event: 'tick', id: '1', data: { n: 1 } }); // 'event: tick\nid: 1\ndata: {"n":1}\n\n'
 */
export function formatEvent(event: SseEventInit): string {
  let block = '';
  if (event.event !== undefined) block += `event: ${field('event', event.event)}\n`;
  if (event.id !== undefined) {
    // Spec: "If the field value does not contain U+0000 NULL", else the id is ignored.
    if (event.id.includes('\0'))
      throw new Error(`The event's id contains NUL, so clients would ignore it; ${malformedHint}.`);
    block += `id: ${field('id', event.id)}\n`;
  }
  if (event.retry !== undefined) block += `retry: ${retryValue(event.retry)}\n`;
  if (event.data !== undefined) {
    for (const line of dataText(event.data).split(lineBreak)) block += `data: ${line}\n`;
  }
  return `${block}\n`;
}

/**
 * Serialises a comment block: one `:` line per line of text, then a blank line, so it also works as a
 * heartbeat that dispatches nothing.
 *
 * @param text - The comment; default `''` gives a bare `:`.
 * @returns The block's text, ending in `\n\n`.
 *
 * @example
 * formatComment('keep-alive'); // ': keep-alive\n\n'
 */
export function formatComment(text = ''): string {
  let block = '';
  for (const line of text.split(lineBreak)) block += line === '' ? ':\n' : `: ${line}\n`;
  return `${block}\n`;
}

/**
 * Reads what `send()` was given as event fields, following the rule of {@link SseMessage}.
 *
 * @example
 * toEventInit({ user: 1 }); // { data: { user: 1 } }
 */
export function toEventInit(message: SseMessage): SseEventInit {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return { data: message };
  const proto: unknown = Object.getPrototypeOf(message);
  const keys = Object.keys(message);
  const isFields =
    (proto === Object.prototype || proto === null) &&
    keys.length > 0 &&
    keys.every((key) => fieldNames.has(key));
  return isFields ? (message as SseEventInit) : { data: message };
}

function field(name: string, value: string): string {
  if (lineBreak.test(value)) {
    throw new Error(`The event's ${name} ${JSON.stringify(value)} contains a line break; ${malformedHint}.`);
  }
  return value;
}

function retryValue(retry: number): number {
  // Spec: the client ignores a retry field unless it "consists of only ASCII digits".
  if (!Number.isSafeInteger(retry) || retry < 0) {
    throw new Error(`retry must be a non-negative integer (ms), got ${retry}; ${malformedHint}.`);
  }
  return retry;
}

function dataText(data: unknown): string {
  if (typeof data === 'string') return data;
  const json: string | undefined = JSON.stringify(data);
  if (json === undefined)
    throw new Error(
      `The event's data (a ${typeof data}) cannot be JSON-encoded; pass a string or a JSON value.`,
    );
  return json;
}
