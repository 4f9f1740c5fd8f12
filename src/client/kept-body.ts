import { isAscii } from 'node:buffer';

/** Chunks at least this big, all ASCII, are kept as their bytes (off the JS heap) rather than text. */
const BYTES_FROM = 1024;

/**
 * The body text a recording keeps, chunk by chunk over all connections, for its events' places to
 * point into. A big ASCII chunk (the usual case under load) is kept as its bytes, off the JS heap,
 * where its characters are its bytes; any other chunk as its text.
 */
export class KeptBody {
  /** Chunks in arrival order, as text or ASCII bytes: what places' chunk numbers point into. */
  readonly #chunks: (string | Buffer)[] = [];
  /** Per connection: the number of its first chunk, and whether its text began with a BOM. */
  readonly #connections: { chunk: number; bom: boolean }[] = [];
  /** The text of the last bytes chunk read from: readers go in order, so one decode serves many events. */
  #readChunk = -1;
  #readText = '';

  /** A new connection's text starts with the next chunk. */
  startConnection(): void {
    this.#connections.push({ chunk: this.#chunks.length, bom: false });
  }

  /**
   * Keeps one chunk of decoded text, whose bytes were `bytes` (if known); `bom` says whether a BOM
   * was stripped from the connection's start. Returns the chunk's number.
   */
  keep(text: string, bytes: Uint8Array | undefined, bom: boolean): number {
    const start = this.#connections.at(-1);
    if (start && start.chunk === this.#chunks.length) start.bom = bom;
    const kept = keepable(text, bytes);
    const chunk = this.#chunks.push(kept) - 1;
    // A reader that keeps up reads from the chunk just parsed: its text is at hand already.
    if (kept !== text) {
      this.#readChunk = chunk;
      this.#readText = text;
    }
    return chunk;
  }

  /** Characters `start` to `end` of chunk number `chunk`. */
  slice(chunk: number, start: number, end: number): string {
    const kept = this.#chunks[chunk] as string | Buffer;
    if (typeof kept === 'string') return kept.slice(start, end);
    // Slicing one decoded chunk costs far less than copying each value out of the bytes; the text
    // lives while this reader is in the chunk (and while someone holds one of its events' strings).
    if (chunk !== this.#readChunk) {
      this.#readChunk = chunk;
      this.#readText = kept.toString('latin1');
    }
    return this.#readText.slice(start, end);
  }

  /** The decoded text of each connection, as chunks, the stripped BOM put back: built on each call. */
  rawText(): string[][] {
    const starts = this.#connections;
    return starts.map(({ chunk, bom }, i) => {
      const end = starts[i + 1]?.chunk ?? this.#chunks.length;
      const texts = this.#chunks
        .slice(chunk, end)
        .map((kept) => (typeof kept === 'string' ? kept : kept.toString('latin1')));
      return bom ? ['\uFEFF', ...texts] : texts;
    });
  }
}

/**
 * What to keep of a chunk: its bytes when they are ASCII and its text is exactly them (no character
 * carried over from the previous chunk), else the text. Retained strings are copied and marked by
 * the collector; bytes are not. Small chunks stay text: a Buffer costs more than a short string.
 */
function keepable(text: string, bytes: Uint8Array | undefined): string | Buffer {
  if (!bytes || bytes.length < BYTES_FROM || text.length !== bytes.length || !isAscii(bytes)) return text;
  // Kept as the view it came in, never copied: a body chunk is a slice of a socket read that Node
  // sizes to what was read, and the rest of that read is this stream's next chunks (or HTTP chunk
  // framing), kept anyway. A copy costs a fresh allocation, whose first touches dominate here.
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
