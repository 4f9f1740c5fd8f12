/**
 * Where one field value lies: characters `start` to `end` of `text`, which is text chunk number
 * `chunk` as it was fed, or (chunk -1) a string of its own, for a value that is not one slice of a
 * chunk (a line split across chunks, data joined from several lines).
 */
export interface ValueRef {
  text: string;
  chunk: number;
  start: number;
  end: number;
}

/** One dispatched event, as places in the text rather than strings: a reader slices what it needs. */
export interface Dispatch {
  /** The event type (`'message'` by default); the same string object while it does not change. */
  type: string;
  data: ValueRef;
  /** The last event ID string in force. */
  id: ValueRef;
  /** The reconnection time in force, if the server ever sent `retry:`. */
  retry: number | undefined;
}

export interface ParserHandlers {
  /** `event` is the parser's scratch record: valid during the call only. */
  onEvent(event: Dispatch): void;
  /** A `:` line; `text` from `start` to `end` is the comment after the colon and one space. */
  onComment?(text: string, start: number, end: number): void;
  /** An event's data outgrew `maxEventSize` UTF-8 bytes; the parser stops until `restart()`. */
  onTooLarge?(limit: number): void;
}

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;

/** The copy of a ref, so that a later line cannot change what an earlier one recorded. */
function copy(ref: ValueRef): ValueRef {
  return { text: ref.text, chunk: ref.chunk, start: ref.start, end: ref.end };
}

/** The value a ref points at, as a string. */
export function textOf(ref: ValueRef): string {
  return ref.chunk === -1 && ref.start === 0 ? ref.text : ref.text.slice(ref.start, ref.end);
}

/**
 * WHATWG "event stream interpretation" over decoded text (HTML 9.2.6), parsing each line once and
 * reporting values as places in the text: a recording keeps the text and a few numbers per event,
 * not a string and an object per event, which is what lets a million events cost the garbage
 * collector almost nothing. Lines may be split across chunks anywhere, CR LF included.
 *
 * The "last event ID buffer" survives dispatch (only an `id` field changes it) and is reset to the
 * last event ID string when a new connection starts, so an undispatched `id:` dies with its connection.
 */
export class EventStreamParser {
  /** The spec's "last event ID string", set at dispatch only. */
  readonly lastEventId: ValueRef;
  retry: number | undefined;
  readonly #handlers: ParserHandlers;
  readonly #limit: number | undefined;
  #idBuffer: ValueRef;
  #type = '';
  /** The type of the previous event, reused while the type does not change. */
  #lastType = '';
  #dataLines = 0;
  #dataLength = 0;
  /** The first data line's place; `#joined` holds the data once a second line comes. */
  readonly #data: ValueRef = { text: '', chunk: -1, start: 0, end: 0 };
  #joined = '';
  /** The start of a line that has no terminator yet. */
  #partial: string[] = [];
  #partialLength = 0;
  /** The previous chunk ended in CR: a LF starting this one completes that CR LF. */
  #skipLF = false;
  #stopped = false;
  readonly #event: Dispatch;
  /**
   * The next colon at or after some place in text number `#colonText`: one scan per chunk, however
   * lines fall. Texts are told apart by number: comparing two equal 64 KiB chunks as strings compares
   * every character.
   */
  #texts = 0;
  #colonText = -1;
  #colonScan = 0;
  #colonAt = -1;
  #lineText = 0;

  constructor(handlers: ParserHandlers, options: { lastEventId?: string; maxEventSize?: number } = {}) {
    this.#handlers = handlers;
    this.#limit = options.maxEventSize;
    const initial = options.lastEventId ?? '';
    this.lastEventId = { text: initial, chunk: -1, start: 0, end: initial.length };
    this.#idBuffer = copy(this.lastEventId);
    this.#event = { type: 'message', data: this.#data, id: this.lastEventId, retry: undefined };
  }

  /** Parses one chunk of decoded text; `chunk` is its number, reported back in value refs. */
  feed(text: string, chunk: number): void {
    const n = text.length;
    if (this.#stopped || n === 0) return;
    let i = 0;
    if (this.#skipLF) {
      this.#skipLF = false;
      if (text.charCodeAt(0) === LF) i = 1;
    }
    // `includes` first: in optimized code an indexOf that finds nothing walks the whole chunk a
    // character at a time (0.5 ms per 64 KiB measured on Node 24), and most streams have no CR.
    let cr = text.includes('\r') ? text.indexOf('\r', i) : -1;
    const number = ++this.#texts;
    while (i < n) {
      let end = text.indexOf('\n', i);
      if (cr !== -1) {
        if (cr < i) cr = text.indexOf('\r', i);
        if (cr !== -1 && (end === -1 || cr < end)) end = cr;
      }
      if (end === -1) {
        this.#keepPartial(i === 0 ? text : text.slice(i));
        return;
      }
      if (this.#partialLength > 0 || this.#partial.length > 0) {
        this.#partial.push(text.slice(i, end));
        const line = this.#partial.join('');
        this.#partial = [];
        this.#partialLength = 0;
        this.#lineText = ++this.#texts;
        this.#line(line, -1, 0, line.length);
      } else {
        this.#lineText = number;
        this.#line(text, chunk, i, end);
      }
      if (this.#stopped) return;
      if (text.charCodeAt(end) === CR) {
        if (end + 1 === n) this.#skipLF = true;
        i = text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
      } else {
        i = end + 1;
      }
    }
  }

  /** The end of one connection: "any pending data must be discarded", and the next one starts afresh. */
  end(): void {
    this.restart();
  }

  /** Starts a new connection's stream; the last event ID string and the reconnection time are kept. */
  restart(): void {
    this.#partial = [];
    this.#partialLength = 0;
    this.#skipLF = false;
    this.#stopped = false;
    this.#resetBlock();
    this.#idBuffer = copy(this.lastEventId);
  }

  #keepPartial(rest: string): void {
    this.#partial.push(rest);
    this.#partialLength += rest.length;
    // A line within the limit plus its field name always fits in this; only data that would fail at
    // dispatch anyway can trip it early, and it stops a line without end from growing without bound.
    const limit = this.#limit;
    if (limit !== undefined && this.#partialLength + this.#dataLength > 2 * limit + 1024) this.#tooLarge();
  }

  // 9.2.6: "If the line is empty, dispatch the event. If the line starts with a colon, ignore the line.
  // If the line contains a colon, collect the characters before it as the field and after it as the
  // value; if value starts with a space, remove it. Otherwise the whole line is the field, value empty."
  #line(text: string, chunk: number, start: number, end: number): void {
    if (start === end) {
      this.#dispatch();
      return;
    }
    const first = text.charCodeAt(start);
    if (first === COLON) {
      const from = text.charCodeAt(start + 1) === SPACE && start + 1 < end ? start + 2 : start + 1;
      this.#handlers.onComment?.(text, from, end);
      return;
    }
    // Most lines are `data:` lines: no need to look for their colon. (charCodeAt, not startsWith
    // with a position, which is a builtin call per line.)
    const isData =
      first === 100 &&
      text.charCodeAt(start + 1) === 97 &&
      text.charCodeAt(start + 2) === 116 &&
      text.charCodeAt(start + 3) === 97;
    let colon =
      isData && end - start >= 5 && text.charCodeAt(start + 4) === COLON
        ? start + 4
        : this.#colonFrom(this.#lineText, text, start);
    if (colon === -1 || colon > end) colon = end;
    let value = colon + 1;
    if (value < end && text.charCodeAt(value) === SPACE) value++;
    if (value > end) value = end;
    const length = colon - start;
    if (length === 4 && isData) this.#addData(text, chunk, value, end);
    else if (length === 5 && first === 101 && text.startsWith('event', start))
      this.#setType(text, value, end);
    else if (length === 2 && first === 105 && text.charCodeAt(start + 1) === 100) {
      // "If the field value does not contain U+0000 NULL, then set the last event ID buffer."
      let nul = value;
      while (nul < end && text.charCodeAt(nul) !== 0) nul++;
      if (nul === end) this.#idBuffer = { text, chunk, start: value, end };
    } else if (length === 5 && first === 114 && text.startsWith('retry', start)) {
      // "If the field value consists of only ASCII digits, then interpret it as an integer in base ten."
      if (value < end && /^[0-9]+$/.test(text.slice(value, end))) this.retry = Number(text.slice(value, end));
    }
  }

  #colonFrom(number: number, text: string, from: number): number {
    // Lines only move forward through one text; another text starts a new scan.
    if (
      number !== this.#colonText ||
      from < this.#colonScan ||
      (this.#colonAt !== -1 && this.#colonAt < from)
    ) {
      this.#colonText = number;
      this.#colonScan = from;
      this.#colonAt = text.indexOf(':', from);
    }
    return this.#colonAt;
  }

  #addData(text: string, chunk: number, start: number, end: number): void {
    const data = this.#data;
    if (this.#dataLines === 0) {
      data.text = text;
      data.chunk = chunk;
      data.start = start;
      data.end = end;
    } else {
      if (this.#dataLines === 1) this.#joined = textOf(data);
      this.#joined = `${this.#joined}\n${text.slice(start, end)}`;
    }
    this.#dataLines++;
    this.#dataLength += end - start + (this.#dataLines > 1 ? 1 : 0);
    // A UTF-16 unit is at least one UTF-8 byte, so more units than the limit is over it already.
    const limit = this.#limit;
    if (limit !== undefined && this.#dataLength > limit) this.#tooLarge();
  }

  #setType(text: string, start: number, end: number): void {
    const last = this.#lastType;
    // The same string object while the type does not change: a reader can compare by identity.
    if (end - start === last.length && text.startsWith(last, start)) this.#type = last;
    else this.#type = this.#lastType = text.slice(start, end);
  }

  // 9.2.6 "dispatch the event": set the last event ID string to the buffer; with an empty data buffer
  // reset and stop; else the type is the event type buffer or "message".
  #dispatch(): void {
    const id = this.lastEventId;
    const buffer = this.#idBuffer;
    id.text = buffer.text;
    id.chunk = buffer.chunk;
    id.start = buffer.start;
    id.end = buffer.end;
    if (this.#dataLines === 0) {
      this.#type = '';
      return;
    }
    const event = this.#event;
    if (this.#dataLines > 1) {
      event.data = { text: this.#joined, chunk: -1, start: 0, end: this.#joined.length };
    } else {
      event.data = this.#data;
    }
    const limit = this.#limit;
    if (
      limit !== undefined &&
      this.#dataLength * 3 > limit &&
      Buffer.byteLength(textOf(event.data), 'utf8') > limit
    ) {
      this.#tooLarge();
      return;
    }
    event.type = this.#type || 'message';
    event.retry = this.retry;
    this.#handlers.onEvent(event);
    this.#resetBlock();
  }

  #resetBlock(): void {
    this.#type = '';
    this.#dataLines = 0;
    this.#dataLength = 0;
    this.#joined = '';
  }

  #tooLarge(): void {
    this.#stopped = true;
    this.#partial = [];
    this.#partialLength = 0;
    this.#resetBlock();
    this.#handlers.onTooLarge?.(this.#limit ?? 0);
  }
}
