import { RECORDING_VERSION, type SseRecording } from './format.ts';

const ENDINGS = new Set(['ended', 'errored', 'closed', 'open']);

/**
 * What is wrong with a value that should be an {@link SseRecording}: the first problem found, named
 * by its place (`connections[1].chunks[3]`), or undefined when the shape is that of version 1. For
 * callers that throw their own error around it (`replay()`, `loadRecording()`).
 *
 * @example
 * recordingProblem({ version: 2 }); // 'its version is 2; this sse-test reads version 1 ...'
 */
export function recordingProblem(value: unknown): string | undefined {
  if (!isObject(value)) return `it is ${shown(value)}, not a recording object`;
  if (value.version !== RECORDING_VERSION) {
    return value.version === undefined
      ? `it has no version (a recording has \`version: ${RECORDING_VERSION}\`)`
      : `its version is ${JSON.stringify(value.version)}; this sse-test reads version ${RECORDING_VERSION} only`;
  }
  if (
    !isObject(value.request) ||
    typeof value.request.method !== 'string' ||
    typeof value.request.url !== 'string'
  ) {
    return 'request must be an object with a method and a url';
  }
  if (!Array.isArray(value.connections))
    return `connections must be an array, got ${shown(value.connections)}`;
  for (const [index, connection] of value.connections.entries()) {
    const problem = connectionProblem(connection);
    if (problem !== undefined) return `connections[${index}]${problem}`;
  }
  return undefined;
}

function connectionProblem(connection: unknown): string | undefined {
  if (!isObject(connection)) return ` is ${shown(connection)}, not a connection object`;
  if (!isTime(connection.at)) return `.at must be a time in ms (0 or more), got ${shown(connection.at)}`;
  const { status } = connection;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 999) {
    return `.status must be an HTTP status code from 100 to 999, got ${shown(status)}`;
  }
  if (
    !isObject(connection.headers) ||
    !Object.values(connection.headers).every((v) => typeof v === 'string')
  ) {
    return '.headers must be an object of strings';
  }
  if (typeof connection.ending !== 'string' || !ENDINGS.has(connection.ending)) {
    return `.ending must be 'ended', 'errored', 'closed' or 'open', got ${shown(connection.ending)}`;
  }
  if (connection.end !== undefined && !isTime(connection.end)) {
    return `.end must be a time in ms or absent, got ${shown(connection.end)}`;
  }
  if (!Array.isArray(connection.chunks)) return `.chunks must be an array, got ${shown(connection.chunks)}`;
  for (const [index, chunk] of connection.chunks.entries()) {
    if (!isObject(chunk)) return `.chunks[${index}] is ${shown(chunk)}, not a chunk object`;
    if (!isTime(chunk.at))
      return `.chunks[${index}].at must be a time in ms (0 or more), got ${shown(chunk.at)}`;
    const text = typeof chunk.text === 'string';
    const base64 = typeof chunk.base64 === 'string';
    if (text === base64)
      return `.chunks[${index}] must have either text or base64 (a string), not ${text ? 'both' : 'neither'}`;
    if (base64 && !/^[A-Za-z0-9+/]*={0,2}$/.test(chunk.base64 as string)) {
      return `.chunks[${index}].base64 is not base64`;
    }
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTime(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function shown(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}
