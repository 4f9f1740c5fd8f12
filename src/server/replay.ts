import type { RecordedConnection, SseRecording } from '../record/format.ts';
import { recordingProblem } from '../record/validate.ts';
import { now } from '../util/clock.ts';
import { REDACTED } from '../util/redact.ts';
import { ResponseStream } from './response-stream.ts';
import type { RouteHandler } from './router.ts';
import type { SseWriter } from './writer.ts';

/** How `server.replay()` and a route with a recording play it back. */
export interface SseReplayOptions {
  /**
   * Playback speed: every recorded delay (head, chunks, end) is divided by it; `Infinity` sends
   * each connection at once. Default `1`, the recorded timing.
   */
  speed?: number | undefined;
  /**
   * After a connection's last chunk, start again from its first chunk on the same connection, for
   * ever (until the client goes or the server closes): an endless stream. Default `false`.
   */
  loop?: boolean | undefined;
}

/**
 * Response headers that are not replayed: those of one hop, and the body's framing and encoding
 * (the recorded chunks are the decoded bytes; node:http frames them again).
 */
const NOT_REPLAYED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'content-length',
  'content-encoding',
]);

/**
 * A route handler that answers the k-th request with the recording's k-th connection, and every
 * request after the last connection with a 204 (an EventSource stops on it, as the recording did).
 * The timeline starts at the first request: connection k's head goes out at its recorded time on
 * it (at once if its request came later), its chunks at their recorded delays after that head.
 *
 * @param caller - Names the call in errors, such as `'replay()'`.
 * @param skipHeader - Recorded headers the caller sets itself (a page route answers CORS for the
 *   page's origin).
 * @throws {TypeError | RangeError} At once, for a recording that is not version 1 or misshapen
 *   options, naming the problem.
 */
export function replayHandler(
  recording: SseRecording,
  options: SseReplayOptions,
  caller: string,
  skipHeader: (name: string) => boolean = () => false,
): RouteHandler {
  const problem = recordingProblem(recording);
  if (problem !== undefined) throw new TypeError(`${caller}: the recording is not a valid one: ${problem}.`);
  const { speed = 1, loop = false } = options;
  if (typeof speed !== 'number' || !(speed > 0)) {
    throw new RangeError(
      `${caller}: speed must be a number above 0 (Infinity: at once), got ${String(speed)}.`,
    );
  }
  if (typeof loop !== 'boolean')
    throw new TypeError(`${caller}: loop must be true or false, got ${String(loop)}.`);
  const connections = recording.connections.map((connection) => ({
    connection,
    bytes: connection.chunks.map((chunk) =>
      chunk.text === undefined ? Buffer.from(chunk.base64, 'base64') : Buffer.from(chunk.text),
    ),
  }));
  let served = 0;
  let origin: number | undefined;
  return (writer) => {
    const next = connections[served++];
    if (next === undefined) return writer.respond(204);
    origin ??= now();
    const head = origin + next.connection.at / speed;
    return play(writer, next.connection, next.bytes, head, { speed, loop, skipHeader });
  };
}

interface Playback {
  readonly speed: number;
  readonly loop: boolean;
  readonly skipHeader: (name: string) => boolean;
}

/** Serves one recorded connection: its head at `head` (`now()` clock), then its chunks and ending. */
async function play(
  writer: SseWriter,
  connection: RecordedConnection,
  bytes: readonly Uint8Array[],
  head: number,
  { speed, loop, skipHeader }: Playback,
): Promise<void> {
  if (writer instanceof ResponseStream) writer.dropEventStreamHead();
  writer.status(connection.status);
  for (const [name, value] of Object.entries(connection.headers)) {
    if (NOT_REPLAYED.has(name) || skipHeader(name) || value === REDACTED) continue;
    writer.header(name, value);
  }
  await writer.delayHeaders(Math.max(0, head - now()));
  const start = now();
  // Each chunk is due at its own time from the head, not after the previous sleep: no drift.
  const offsets = connection.chunks.map((chunk) => Math.max(0, chunk.at - connection.at));
  const lap = loop ? lapLength(offsets) : 0;
  for (let round = 0; !writer.closed; round++) {
    for (const [index, chunk] of bytes.entries()) {
      if (!(await until(writer, start + ((offsets[index] ?? 0) + round * lap) / speed))) return;
      if (!(await writer.writeRaw(chunk))) return;
    }
    if (!loop || bytes.length === 0) break;
    // A lap that never had to wait (speed Infinity, a lap of 0 ms, running late) would starve the
    // event loop: one turn per lap lets the client's close come in.
    await writer.sleep(0);
  }
  const last = offsets.at(-1) ?? 0;
  const end = start + Math.max(last, (connection.end ?? 0) - connection.at) / speed;
  if (connection.ending === 'ended' && (await until(writer, end))) await writer.end();
  // A reset would let the client's kernel drop bytes it had not read yet: a cut delivers them all.
  else if (connection.ending === 'errored' && (await until(writer, end))) await writer.cut();
  else await gone(writer);
}

/**
 * A lap of a looping connection, in recorded ms: from its first chunk to its last, plus the mean
 * gap between chunks before the first comes again (a ticker keeps its beat), or for a single chunk
 * its delay after the head.
 */
function lapLength(offsets: readonly number[]): number {
  const first = offsets[0] ?? 0;
  const last = offsets.at(-1) ?? 0;
  const gap = offsets.length > 1 ? (last - first) / (offsets.length - 1) : first;
  return last - first + gap;
}

/** Sleeps until `due` (`now()` clock); false when the stream closed first. */
async function until(writer: SseWriter, due: number): Promise<boolean> {
  const wait = due - now();
  if (wait > 0) await writer.sleep(wait);
  return !writer.closed;
}

/** Resolves once the client has gone (or the server closed the stream). */
function gone(writer: SseWriter): Promise<void> {
  if (writer.closed) return Promise.resolve();
  return new Promise((resolve) => writer.signal.addEventListener('abort', () => resolve(), { once: true }));
}
