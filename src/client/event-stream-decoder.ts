import { TextDecoder } from 'node:util';
import { createParser, type EventSourceParser } from 'eventsource-parser';

/** What the decoder reports; `id` is the last event ID in force, `retry` the reconnection time in force. */
export interface EventStreamHandlers {
  onEvent(type: string, data: string, id: string, retry: number | undefined): void;
  onComment?(text: string): void;
  /** Each piece of decoded text as it is parsed (after UTF-8 decoding, before the BOM is stripped). */
  onText?(text: string): void;
  /** An event's data outgrew `maxEventSize` UTF-8 bytes; the decoder stops until `restart()`. */
  onTooLarge?(limit: number): void;
}

/**
 * Bytes in, events out: UTF-8 decoding (invalid sequences become U+FFFD, as the spec's "UTF-8 decode"
 * does) and WHATWG event-stream parsing, with the last event ID and reconnection time kept across
 * connections the way an EventSource keeps them.
 */
export class EventStreamDecoder {
  /** The spec's "last event ID string": set on dispatch only, never by an unterminated block. */
  lastEventId: string;
  /** The reconnection time the server last set with `retry:`, if ever. */
  retry: number | undefined;
  #decoder = newTextDecoder();
  #parser: EventSourceParser;
  #stopped = false;
  #atStart = true;
  readonly #onText: ((text: string) => void) | undefined;

  constructor(handlers: EventStreamHandlers, options: { lastEventId?: string; maxEventSize?: number } = {}) {
    this.lastEventId = options.lastEventId ?? '';
    this.#onText = handlers.onText;
    const limit = options.maxEventSize;
    const tooLarge = () => {
      this.#stopped = true;
      handlers.onTooLarge?.(limit ?? 0);
    };
    this.#parser = createParser({
      // eventsource-parser reports the id at dispatch time, before the event; an id-only block
      // ("id: 7\n\n") reports only here, which is what updates the last event ID without an event.
      onId: (id) => {
        if (!this.#stopped) this.lastEventId = id;
      },
      onEvent: ({ event, data }) => {
        if (this.#stopped) return;
        // The limit is on the data's UTF-8 bytes, checked at dispatch so that it cannot depend on how
        // the bytes were split; the parser's buffer bound below only stops unbounded growth.
        if (
          limit !== undefined &&
          data.length * 3 > limit &&
          (data.length > limit || byteLength(data) > limit)
        ) {
          tooLarge();
          return;
        }
        handlers.onEvent(event ?? 'message', data, this.lastEventId, this.retry);
      },
      onRetry: (ms) => {
        if (!this.#stopped) this.retry = ms;
      },
      onComment: handlers.onComment,
      onError: (error) => {
        if (error.type === 'max-buffer-size-exceeded' && !this.#stopped) tooLarge();
      },
      // Data within the limit plus one pending line always fits in this (a line is at most the limit
      // plus its field name), so only an event that would fail at dispatch anyway can trip it early.
      maxBufferSize: limit === undefined ? undefined : 2 * limit + 1024,
    });
    this.#prime();
  }

  /** Feeds one chunk of bytes as they came off the wire; a chunk may end anywhere, even mid-character. */
  push(bytes: Uint8Array): void {
    if (this.#stopped) return;
    const text = this.#decoder.decode(bytes, { stream: true });
    if (text.length === 0) return;
    this.#onText?.(text);
    this.#pushText(text);
  }

  #pushText(text: string): void {
    if (this.#stopped) return;
    if (this.#atStart) {
      this.#atStart = false;
      if (text.charCodeAt(0) === BOM) text = text.slice(1);
    }
    this.#parser.feed(text);
  }

  /**
   * The end of one connection's body: flushes a dangling partial character, then forgets the
   * unterminated last block, as "once the end of the file is reached, any pending data must be discarded".
   */
  end(): void {
    // The tail is at most a replacement character, so it can never be the leading BOM.
    if (!this.#stopped) {
      const tail = this.#decoder.decode();
      if (tail.length > 0) {
        this.#onText?.(tail);
        this.#pushText(tail);
      }
    }
    this.restart();
  }

  /** Starts a fresh connection's stream: new BOM check and buffers; last event ID and retry are kept. */
  restart(): void {
    this.#decoder = newTextDecoder();
    this.#parser.reset();
    this.#prime();
    this.#stopped = false;
    this.#atStart = true;
  }

  // push() strips the one leading BOM the spec allows. A blank line at the very start, when
  // every buffer is empty, dispatches nothing but ends the parser's own BOM check, which would
  // otherwise strip a second U+FEFF, or even the characters "ï»¿" (a BOM's bytes read as Latin-1).
  #prime(): void {
    this.#parser.feed('\n');
  }
}

const BOM = 0xfeff;

/**
 * UTF-8 decode, as the spec asks: invalid sequences become U+FFFD. The leading BOM is ours to strip:
 * Node 24's TextDecoder drops two BOMs when the first is split across chunks.
 */
function newTextDecoder(): TextDecoder {
  return new TextDecoder('utf-8', { ignoreBOM: true });
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
