import { SseError } from './sse-error.ts';

/** Characters quoted on each side of the place where JSON parsing failed. */
const AROUND = 24;

/** The recording file could not be read at all (missing, a folder, no permission). */
export function recordingUnreadable(path: string, cause: NodeJS.ErrnoException): SseError {
  return new SseError(
    'bad-recording',
    `Cannot load the recording ${path}: ${cause.code === 'ENOENT' ? 'no such file' : cause.message}.`,
    { code: cause.code, cause },
  );
}

/** The file is not JSON: the parser's reason, and the text around where it stopped. */
export function recordingNotJson(path: string, text: string, cause: Error): SseError {
  const at = positionOf(cause.message, text);
  const reason = cause.message
    .replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position.*$/, '');
  const before = JSON.stringify(text.slice(Math.max(0, at - AROUND), at));
  const lines = text.slice(0, at).split('\n');
  const place = `line ${lines.length}, column ${(lines.at(-1)?.length ?? 0) + 1}`;
  const where = ` at ${place}: ${before} ⟶ ${JSON.stringify(text.slice(at, at + AROUND))}`;
  return new SseError(
    'bad-recording',
    `Cannot load the recording ${path}: it is not JSON (${reason})${where}.`,
    { cause },
  );
}

/** The file is JSON but not an `*.sse.json` recording: `problem` says what is missing or wrong. */
export function notARecording(path: string, problem: string): SseError {
  return new SseError(
    'bad-recording',
    `Cannot load the recording ${path}: it is not an sse-test recording: ${problem} (the format: docs/recording-format.md).`,
  );
}

/** The file is a recording of a format version this package does not read. */
export function recordingVersion(path: string, version: number, reads: number): SseError {
  const hint = version > reads ? 'a newer sse-test wrote it; upgrade sse-test' : 'record it again';
  return new SseError(
    'bad-recording',
    `Cannot load the recording ${path}: it is format version ${version}, and this sse-test reads version ${reads} only (${hint}).`,
  );
}

/**
 * Where JSON.parse stopped. Node says "at position N" for some errors only ("Unexpected token"
 * names the token, not where): then the longest prefix that could still become JSON ends there,
 * found by halving (a few parses, on a path that is failing anyway).
 */
function positionOf(message: string, text: string): number {
  const stated = /at position (\d+)/.exec(message)?.[1];
  if (stated !== undefined) return Number(stated);
  let viable = 0;
  let broken = text.length;
  while (broken - viable > 1) {
    const middle = (viable + broken) >>> 1;
    if (couldBeJson(text.slice(0, middle))) viable = middle;
    else broken = middle;
  }
  return couldBeJson(text) ? text.length : viable;
}

/** Whether `prefix` is JSON, or the start of some: it fails, if at all, only for want of more. */
function couldBeJson(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (error) {
    const message = (error as Error).message;
    const stated = /at position (\d+)/.exec(message)?.[1];
    return message.includes('Unexpected end of JSON input') || Number(stated) === prefix.length;
  }
}
