import { TextDecoder } from 'node:util';

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
