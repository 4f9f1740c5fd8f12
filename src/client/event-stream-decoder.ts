import { TextDecoder } from 'node:util';
import { EventStreamParser, textOf } from './event-stream-parser.ts';

const BOM = 0xfeff;

/**
 * One connection's bytes as the text the event-stream parser reads: UTF-8 decode, as the spec asks
 * (invalid sequences become U+FFFD; a character split across chunks waits for its end), with the one
 * leading BOM the spec allows stripped. The BOM is ours to strip: Node 24's TextDecoder drops two
 * BOMs when the first is split across chunks.
 */
export class TextStream {
  #decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  #atStart = true;
  /** Whether this connection's text began with a BOM (stripped from what `decode` returns). */
  bom = false;

  /** The text of one chunk of bytes; '' when the chunk completes no character. */
  decode(bytes: Uint8Array): string {
    return this.#strip(this.#decoder.decode(bytes, { stream: true }));
  }

  /** The end of the connection: a dangling partial character, as U+FFFD, or ''. */
  end(): string {
    const tail = this.#strip(this.#decoder.decode());
    this.restart();
    return tail;
  }

  /** A new connection: a new decoder and a new BOM check. */
  restart(): void {
    this.#decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    this.#atStart = true;
    this.bom = false;
  }

  #strip(text: string): string {
    if (!this.#atStart || text.length === 0) return text;
    this.#atStart = false;
    if (text.charCodeAt(0) !== BOM) return text;
    this.bom = true;
    return text.slice(1);
  }
}

/** What the decoder reports; `id` is the last event ID in force, `retry` the reconnection time in force. */
export interface EventStreamHandlers {
  onEvent(type: string, data: string, id: string, retry: number | undefined): void;
  onComment?(text: string): void;
  /** An event's data outgrew `maxEventSize` UTF-8 bytes; the decoder stops until `restart()`. */
  onTooLarge?(limit: number): void;
}

/**
 * Bytes in, events out as strings: `TextStream` then `EventStreamParser`, with the last event ID and
 * reconnection time kept across connections the way an EventSource keeps them. For callers that want
 * each event's strings at once; a stream's recording drives the two parts itself, keeping places.
 */
export class EventStreamDecoder {
  readonly #text = new TextStream();
  readonly #parser: EventStreamParser;
  #chunks = 0;

  constructor(handlers: EventStreamHandlers, options: { lastEventId?: string; maxEventSize?: number } = {}) {
    const onComment = handlers.onComment;
    this.#parser = new EventStreamParser(
      {
        onEvent: (event) => handlers.onEvent(event.type, textOf(event.data), textOf(event.id), event.retry),
        ...(onComment && { onComment: (text, start, end) => onComment(text.slice(start, end)) }),
        ...(handlers.onTooLarge && { onTooLarge: handlers.onTooLarge }),
      },
      options,
    );
  }

  /** The spec's "last event ID string". */
  get lastEventId(): string {
    return textOf(this.#parser.lastEventId);
  }
  /** The reconnection time the server last set with `retry:`, if ever. */
  get retry(): number | undefined {
    return this.#parser.retry;
  }

  /** Feeds one chunk of bytes as they came off the wire; a chunk may end anywhere, even mid-character. */
  push(bytes: Uint8Array): void {
    this.#parser.feed(this.#text.decode(bytes), this.#chunks++);
  }

  /** The end of one connection's body: flushes a partial character, then drops the unterminated block. */
  end(): void {
    this.#parser.feed(this.#text.end(), this.#chunks++);
    this.#parser.end();
  }

  /** Starts a fresh connection's stream: new BOM check and buffers; last event ID and retry are kept. */
  restart(): void {
    this.#text.restart();
    this.#parser.restart();
  }
}
