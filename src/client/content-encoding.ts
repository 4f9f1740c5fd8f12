import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';

/** Turns a response body's `Content-Encoding` back into the bytes the server meant. */
export interface BodyDecoder {
  /** `arrivedAt` is when the compressed chunk came off the wire; decoded bytes carry it on. */
  write(chunk: Uint8Array, arrivedAt: number): void;
  /** Called after the last `write`; `done` runs once every decoded byte has been delivered. */
  end(done: () => void): void;
  destroy(): void;
}

/** The codings we ask for with `Accept-Encoding` and undo. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/**
 * A decoder for one `Content-Encoding` value, delivering bytes to `onBytes`, or undefined for identity.
 * Throws for a coding we cannot undo, so the stream can fail with a message naming it.
 */
export function createBodyDecoder(
  encoding: string | undefined,
  onBytes: (bytes: Uint8Array, arrivedAt: number) => void,
  onError: (error: Error) => void,
): BodyDecoder | undefined {
  const coding = encoding?.trim().toLowerCase();
  if (!coding || coding === 'identity') return undefined;
  if (coding === 'deflate') return deflateDecoder(onBytes, onError);
  const make =
    coding === 'gzip' || coding === 'x-gzip'
      ? createGunzip
      : coding === 'br'
        ? createBrotliDecompress
        : undefined;
  if (!make) throw new Error(`unsupported Content-Encoding "${encoding}" (supported: ${ACCEPT_ENCODING})`);
  return zlibDecoder(make(), onBytes, onError);
}

function zlibDecoder(
  z: Transform,
  onBytes: (bytes: Uint8Array, arrivedAt: number) => void,
  onError: (e: Error) => void,
): BodyDecoder {
  // zlib works asynchronously: while it decodes one chunk the next may have arrived. Output is
  // emitted before its input's write callback, so the oldest unfinished write is the one decoding.
  const arrivals: number[] = [];
  let last = 0;
  z.on('data', (bytes: Uint8Array) => onBytes(bytes, arrivals[0] ?? last));
  z.on('error', onError);
  let written = false;
  return {
    write: (chunk, arrivedAt) => {
      if (chunk.length > 0) written = true;
      arrivals.push(arrivedAt);
      last = arrivedAt;
      z.write(chunk, () => arrivals.shift());
    },
    end: (done) => {
      // An empty body with a Content-Encoding (a 204, a HEAD, an empty 401) is empty, not corrupt.
      if (!written) {
        z.destroy();
        done();
        return;
      }
      z.once('end', done);
      z.end();
    },
    destroy: () => z.destroy(),
  };
}

// "deflate" should mean zlib-wrapped data (RFC 9110), but some servers send raw deflate, as browsers
// tolerate; the first byte tells them apart (a zlib header has compression method 8 in its low nibble).
function deflateDecoder(
  onBytes: (bytes: Uint8Array, arrivedAt: number) => void,
  onError: (e: Error) => void,
): BodyDecoder {
  let inner: BodyDecoder | undefined;
  return {
    write(chunk, arrivedAt) {
      if (chunk.length === 0) return;
      inner ??= zlibDecoder(
        ((chunk[0] ?? 0) & 0x0f) === 8 ? createInflate() : createInflateRaw(),
        onBytes,
        onError,
      );
      inner.write(chunk, arrivedAt);
    },
    end(done) {
      if (inner) inner.end(done);
      else done();
    },
    destroy: () => inner?.destroy(),
  };
}
