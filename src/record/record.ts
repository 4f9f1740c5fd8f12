import { isUtf8 } from 'node:buffer';
import type { LoggedConnection } from '../client/connection-log.ts';
import type { ArrivedChunk } from '../client/kept-body.ts';
import type { PreparedRequest } from '../client/options.ts';
import type { SseStream } from '../client/stream.ts';
import { redactHeader, redactUrl } from '../util/redact.ts';
import {
  RECORDING_VERSION,
  type RecordedChunk,
  type RecordedConnection,
  type RecordedRequestHead,
  type SseRecording,
} from './format.ts';

/** What a stream hands over to be written down as a recording. */
export interface RecordingParts {
  request: PreparedRequest;
  /** `timing.start`: `performance.now()` when the request left. */
  start: number;
  connections: readonly LoggedConnection[];
  /** A recorded body's chunks, by its number (`LoggedConnection.body`). */
  body(connection: number): ArrivedChunk[];
  /** The start of an answer that was no event stream, as text, and when it began to arrive. */
  text?: string;
  textAt?: number;
}

/**
 * A stream's parts as an `SseRecording`: URL and headers redacted as every message redacts them
 * (`redactUrl`, `redactHeader`), each chunk as UTF-8 text when it is valid UTF-8 on its own, else
 * as base64, so that writing it back gives the same bytes.
 */
export function buildRecording(parts: RecordingParts): SseRecording {
  return {
    version: RECORDING_VERSION,
    recordedAt: new Date(performance.timeOrigin + parts.start).toISOString(),
    request: requestHead(parts.request),
    connections: parts.connections.map((connection, i) => {
      const chunks =
        connection.body !== undefined
          ? parts.body(connection.body).map(chunkOf)
          : i === 0 && parts.text
            ? [{ at: parts.textAt ?? connection.at, text: parts.text }]
            : [];
      return connectionOf(connection, chunks);
    }),
  };
}

function requestHead(request: PreparedRequest): RecordedRequestHead {
  const { body } = request;
  return {
    method: request.method,
    url: redactUrl(request.url.href),
    headers: redactAll(request.headers),
    ...(body !== undefined && { body: typeof body === 'string' ? body : Buffer.from(body).toString('utf8') }),
  };
}

function connectionOf(connection: LoggedConnection, chunks: RecordedChunk[]): RecordedConnection {
  const ending = connection.ending ?? 'ended';
  return {
    at: connection.at,
    status: connection.status,
    headers: redactAll(connection.headers),
    ...(connection.lastEventId !== undefined && { lastEventId: connection.lastEventId }),
    chunks,
    ...(ending !== 'open' && connection.end !== undefined && { end: connection.end }),
    ending,
  };
}

/** One chunk as the format writes it: text if its bytes are valid UTF-8 by themselves, else base64. */
function chunkOf({ at, bytes }: ArrivedChunk): RecordedChunk {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isUtf8(buffer) ? { at, text: buffer.toString('utf8') } : { at, base64: buffer.toString('base64') };
}

function redactAll(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, redactHeader(name, value)]),
  );
}

/**
 * The bytes a recorded chunk stands for.
 *
 * @example chunkBytes({ at: 3, base64: '4oI=' }); // <Buffer e2 82>
 */
export function chunkBytes(chunk: RecordedChunk): Buffer {
  return chunk.text !== undefined ? Buffer.from(chunk.text, 'utf8') : Buffer.from(chunk.base64, 'base64');
}

/** The recording of a stream (as it is now), or the recording itself. */
export function recordingOf(streamOrRecording: SseStream | SseRecording): SseRecording {
  return 'toRecording' in streamOrRecording ? streamOrRecording.toRecording() : streamOrRecording;
}
