import { EventStreamParser, textOf } from '../../src/client/event-stream-parser.ts';
import { TextStream } from '../../src/client/text-stream.ts';

/** What the decoder reports; `id` is the last event ID in force, `retry` the reconnection time in force. */
export interface EventStreamHandlers {
  onEvent(type: string, data: string, id: string, retry: number | undefined): void;
  onComment?(text: string): void;
  /** An event's data outgrew `maxEventSize` UTF-8 bytes; the decoder stops until `restart()`. */
  onTooLarge?(limit: number): void;
}

/**
 * Bytes in, events out as strings: `TextStream` then `EventStreamParser`, with the last event ID and
 * reconnection time kept across connections the way an EventSource keeps them. The parse tests' view
 * of the two parts; a stream's recording drives them itself, keeping places instead of strings.
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
