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
 * What `sse.send()` accepts: event fields, or a string sent as data. A payload always goes in
 * `data` (`send({ data: { user: 1 } })`), so it is never mistaken for fields.
 */
export type SseMessage = SseEventInit | string;

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
 * Reads what `send()` was given as event fields: a string is the data, a plain object holds fields.
 *
 * @throws {TypeError} For anything else (an empty object, an object with other keys, an array, a
 *   number, `null`, a class instance), naming what it got: a payload goes in `data`; and for an
 *   `event` or `id` that is not a string or a `retry` that is not a number.
 *
 * @example
 * toEventInit('[DONE]'); // { data: '[DONE]' }
 * toEventInit({ user: 1 }); // throws: got an object with the key "user"
 */
export function toEventInit(message: unknown): SseEventInit {
  if (typeof message === 'string') return { data: message };
  if (isPlainObject(message)) {
    const keys = Object.keys(message);
    // `send({})` is a payload that lost its `data:` far more often than a blank line meant on purpose.
    if (keys.length === 0) throw notAMessage('an empty object');
    // `{ data: reply.missing }` is the same mistake one step removed.
    if (keys.every((key) => (message as Record<string, unknown>)[key] === undefined))
      throw notAMessage(
        `an object whose ${keys.length === 1 ? 'only field is' : 'fields are all'} undefined`,
      );
    const unknownKeys = keys.filter((key) => !fieldNames.has(key));
    if (unknownKeys.length === 0) return checkedFields(message as Record<string, unknown>);
    const listed = unknownKeys.map((key) => JSON.stringify(key)).join(', ');
    // An event read back (`{ ...event, data }`) has `type`: say where it goes.
    const typeHint = unknownKeys.includes('type') ? " (an event's type goes in event)" : '';
    throw notAMessage(`an object with the key${unknownKeys.length === 1 ? '' : 's'} ${listed}${typeHint}`);
  }
  throw notAMessage(described(message));
}

/** `event` and `id` are text on the wire and `retry` a number: `{ id: 5 }` says so, not "includes is not a function". */
function checkedFields(fields: Record<string, unknown>): SseEventInit {
  for (const [name, what] of [
    ['event', 'the event type'],
    ['id', 'the event id'],
  ] as const) {
    const value = fields[name];
    if (value !== undefined && typeof value !== 'string') {
      throw new TypeError(
        `send() takes ${what} (${name}) as a string, got ${described(value)}; pass ${name}: String(...).`,
      );
    }
  }
  if (fields.retry !== undefined && typeof fields.retry !== 'number') {
    throw new TypeError(`send() takes retry as a number of ms, got ${described(fields.retry)}.`);
  }
  return fields as SseEventInit;
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function notAMessage(received: string): TypeError {
  return new TypeError(
    `send() takes event fields { data, event, id, retry } or a string, got ${received}; ` +
      'pass a payload as data: send({ data: ... }).',
  );
}

function described(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name !== 'string' || name === '') return 'an object that is not plain';
    return `${/^[AEIOU]/.test(name) && !/^U[a-z]/.test(name) ? 'an' : 'a'} ${name}`;
  }
  if (typeof value === 'function') return 'a function';
  return `the ${typeof value} ${String(value)}`;
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
