import { isAscii } from 'node:buffer';

/** Chunks at least this big, all ASCII, are kept as their bytes (off the JS heap) rather than text. */
const BYTES_FROM = 1024;
/** The raw bytes of a chunk of text the decoder made at a connection's end, from no new bytes. */
const NO_BYTES = new Uint8Array(0);

/** One body chunk as it arrived: its bytes (after Content-Encoding) and its arrival time. */
export interface ArrivedChunk {
  /** ms since the stream's start. */
  at: number;
  bytes: Uint8Array;
}

/**
 * The body a recording keeps, chunk by chunk over all connections: the text its events' places
 * point into, and enough to give back every chunk's exact bytes with its arrival time. A big ASCII
 * chunk (the usual case under load) is kept as its bytes, off the JS heap, where its characters are
 * its bytes; any other chunk as its text. An ASCII chunk's text is its bytes too, so only the other
 * chunks (non-ASCII text, a character split across chunks, invalid UTF-8, a BOM) keep their bytes
 * besides their text.
 */
export class KeptBody {
  /** Chunks in arrival order, as text or ASCII bytes: what places' chunk numbers point into. */
  readonly #chunks: (string | Buffer)[] = [];
  /** Arrival time of each chunk, ms since the stream's start. */
  readonly #times: number[] = [];
  /** The bytes of the chunks whose kept form is not their bytes, by chunk number: few, so a map. */
  readonly #bytes = new Map<number, Uint8Array>();
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
   * Keeps one chunk of decoded text (maybe empty: bytes that complete no character), whose bytes
   * were `bytes` (none: text the decoder made at the end), arrived at `time`; `bom` says whether a
   * BOM was stripped from the connection's start. Returns the chunk's number.
   */
  keep(text: string, bytes: Uint8Array | undefined, bom: boolean, time: number): number {
    if (bom) (this.#connections.at(-1) as { bom: boolean }).bom = true;
    // Its text is exactly its bytes only when they are ASCII and no character was carried over
    // from the previous chunk (which adds at least one character).
    const exact = bytes !== undefined && text.length === bytes.length && isAscii(bytes);
    const kept = exact && bytes.length >= BYTES_FROM ? asBuffer(bytes) : text;
    const chunk = this.#chunks.push(kept) - 1;
    this.#times.push(time);
    if (!exact) this.#bytes.set(chunk, bytes ? own(bytes) : NO_BYTES);
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
    return this.#connections.map(({ bom }, i) => {
      const texts = this.#range(i).map((n) => {
        const kept = this.#chunks[n] as string | Buffer;
        return typeof kept === 'string' ? kept : kept.toString('latin1');
      });
      return bom ? ['\uFEFF', ...texts] : texts;
    });
  }

  /** Connection `connection`'s chunks as they arrived, exact bytes and times: built on each call. */
  arrived(connection: number): ArrivedChunk[] {
    const chunks: ArrivedChunk[] = [];
    for (const n of this.#range(connection)) {
      const kept = this.#chunks[n] as string | Buffer;
      const bytes = this.#bytes.get(n) ?? (typeof kept === 'string' ? Buffer.from(kept, 'latin1') : kept);
      if (bytes !== NO_BYTES) chunks.push({ at: this.#times[n] as number, bytes });
    }
    return chunks;
  }

  /** The chunk numbers of connection `connection`. */
  #range(connection: number): number[] {
    const start = this.#connections[connection]?.chunk ?? this.#chunks.length;
    const end = this.#connections[connection + 1]?.chunk ?? this.#chunks.length;
    return Array.from({ length: end - start }, (_, i) => start + i);
  }
}

// Kept as the view it came in, never copied: a body chunk is a slice of a socket read that Node
// sizes to what was read, and the rest of that read is this stream's next chunks (or HTTP chunk
// framing), kept anyway. A copy costs a fresh allocation, whose first touches dominate here.
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Bytes to keep beside a chunk's text: the view itself, unless it is a small part of a bigger
 * buffer (a decompressor's output buffer, say), which a copy lets go.
 */
function own(bytes: Uint8Array): Uint8Array {
  // `new Uint8Array(view)` copies; a Buffer's own `slice` would not.
  return bytes.byteLength * 2 < bytes.buffer.byteLength ? new Uint8Array(bytes) : bytes;
}
