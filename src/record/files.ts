import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SseStream } from '../client/stream.ts';
import * as errors from '../errors/record.ts';
import { RECORDING_VERSION, type SseRecording } from './format.ts';
import { toHar } from './har.ts';
import { recordingOf } from './record.ts';
import { recordingProblem } from './validate.ts';

/** How `saveRecording` writes: `'sse'` (default) the `*.sse.json` recording, `'har'` a HAR 1.2 log. */
export interface SaveRecordingOptions {
  format?: 'sse' | 'har';
}

/**
 * Writes a stream's recording (or a recording) to `path` as pretty-printed JSON, making its folder
 * if needed. A stream is recorded as it is now (`stream.toRecording()`); it may still be open.
 *
 * @param options.format - `'sse'` (default): the `*.sse.json` format that `loadRecording` and replay
 * read; `'har'`: a HAR 1.2 log (see {@link toHar}), for tools that read HAR.
 * @throws {SseError} `not-recorded` for a stream opened with `record: 'timing'`.
 * @example
 * await saveRecording('recordings/chat.sse.json', stream);
 * await saveRecording('chat.har', stream, { format: 'har' });
 */
export async function saveRecording(
  path: string,
  streamOrRecording: SseStream | SseRecording,
  options: SaveRecordingOptions = {},
): Promise<void> {
  const recording = recordingOf(streamOrRecording);
  const content = options.format === 'har' ? toHar(recording) : recording;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(content, null, 2)}\n`);
}

/**
 * Reads a recording written by `saveRecording` (a `*.sse.json` file), checking its shape and version.
 *
 * @throws {SseError} `bad-recording` naming the file and the problem: it cannot be read, it is not
 * JSON (with the text around the error), it is not a recording (what is missing), or it is of
 * another format version (which, and which this package reads).
 * @example
 * const recording = await loadRecording('recordings/chat.sse.json');
 * recording.connections[0]?.chunks.length;
 */
export async function loadRecording(path: string): Promise<SseRecording> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw errors.recordingUnreadable(path, error as NodeJS.ErrnoException);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw errors.recordingNotJson(path, text, error as Error);
  }
  const version = (value as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version !== RECORDING_VERSION) {
    throw errors.recordingVersion(path, version, RECORDING_VERSION);
  }
  const problem = recordingProblem(value);
  if (problem !== undefined) throw errors.notARecording(path, problem);
  return value as SseRecording;
}
