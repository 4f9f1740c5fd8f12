import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { delay } from '../util/wait.ts';
import type { ChunkingOptions } from './writer.ts';

/** How writes are cut into pieces, as `sse.chunking()` set it. */
export interface Chunking {
  readonly size: number;
  readonly delay: number;
}

/**
 * Checks `sse.chunking()` options and fills in the default delay (0).
 *
 * @example
 * toChunking({ size: 1 }); // { size: 1, delay: 0 }
 */
export function toChunking(options: ChunkingOptions): Chunking {
  const { size, delay = 0 } = options;
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new RangeError(`chunking(): size must be a positive whole number of bytes, got ${size}.`);
  }
  if (!Number.isFinite(delay) || delay < 0)
    throw new RangeError(`chunking(): delay must be 0 or more ms, got ${delay}.`);
  return { size, delay };
}

/**
 * Writes bytes to a response, cut into pieces when `chunking` is set, each piece one event-loop turn
 * (or `delay` ms) after the previous write so it leaves in its own TCP segment.
 *
 * @param res - The response; headers must already be sent.
 * @param bytes - What to write.
 * @param chunking - How to cut the bytes, or `null` for one write.
 * @param signal - Aborted when the connection is over; the remaining pieces are dropped.
 * @returns `true` once every piece is handed to the socket, `false` if the connection ended first.
 *
 * @example
 * await writeBytes(res, Buffer.from('data: x\n\n'), { size: 1, delay: 5 }, signal);
 */
export async function writeBytes(
  res: ServerResponse,
  bytes: Uint8Array,
  chunking: Chunking | null,
  signal: AbortSignal,
): Promise<boolean> {
  if (chunking === null) return writeChunk(res, bytes, signal);
  for (let offset = 0; offset < bytes.length; offset += chunking.size) {
    await delay(chunking.delay, signal);
    if (!(await writeChunk(res, bytes.subarray(offset, offset + chunking.size), signal))) return false;
  }
  return true;
}

async function writeChunk(res: ServerResponse, chunk: Uint8Array, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted || res.writableEnded || res.destroyed) return false;
  // An empty write would send nothing useful and, in chunked encoding, risks looking like the end.
  if (chunk.length === 0 || res.write(chunk)) return true;
  try {
    await once(res, 'drain', { signal });
    return true;
  } catch {
    return false;
  }
}
