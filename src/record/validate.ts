import { RECORDING_VERSION } from './format.ts';

const ENDINGS = new Set(['ended', 'errored', 'closed', 'open']);

/**
 * What keeps `value` from being an `SseRecording` of this version, as a phrase naming the field
 * (`connections[0].chunks[2] has neither text nor base64`), or undefined when it is one. The one
 * check of a recording's shape, for `loadRecording()` and `replay()`: times are numbers of ms >= 0
 * (not that they grow), statuses HTTP codes, `base64` base64.
 */
export function recordingProblem(value: unknown): string | undefined {
  if (!isObject(value)) return `it is ${kindOf(value)}, not an object`;
  if (typeof value.version !== 'number') return expected('version', 'a number', value.version);
  if (value.version !== RECORDING_VERSION) return `"version" is ${value.version}, not ${RECORDING_VERSION}`;
  if (typeof value.recordedAt !== 'string') return expected('recordedAt', 'a date string', value.recordedAt);
  const request = value.request;
  if (!isObject(request)) return expected('request', 'an object', request);
  for (const field of ['method', 'url'] as const) {
    if (typeof request[field] !== 'string') return expected(`request.${field}`, 'a string', request[field]);
  }
  const headers = headersProblem('request.headers', request.headers);
  if (headers) return headers;
  if (request.body !== undefined && typeof request.body !== 'string') {
    return expected('request.body', 'a string', request.body);
  }
  if (!Array.isArray(value.connections)) return expected('connections', 'an array', value.connections);
  for (const [i, connection] of value.connections.entries()) {
    const problem = connectionProblem(`connections[${i}]`, connection);
    if (problem) return problem;
  }
  return undefined;
}

function connectionProblem(path: string, connection: unknown): string | undefined {
  if (!isObject(connection)) return expected(path, 'an object', connection);
  if (!isTime(connection.at)) return expected(`${path}.at`, 'a time in ms (0 or more)', connection.at);
  const { status } = connection;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 999) {
    return expected(`${path}.status`, 'an HTTP status code from 100 to 999', status);
  }
  const headers = headersProblem(`${path}.headers`, connection.headers);
  if (headers) return headers;
  if (connection.lastEventId !== undefined && typeof connection.lastEventId !== 'string') {
    return expected(`${path}.lastEventId`, 'a string', connection.lastEventId);
  }
  if (!Array.isArray(connection.chunks)) return expected(`${path}.chunks`, 'an array', connection.chunks);
  for (const [i, chunk] of connection.chunks.entries()) {
    const at = `${path}.chunks[${i}]`;
    if (!isObject(chunk)) return expected(at, 'an object', chunk);
    if (!isTime(chunk.at)) return expected(`${at}.at`, 'a time in ms (0 or more)', chunk.at);
    const text = typeof chunk.text === 'string';
    const base64 = typeof chunk.base64 === 'string';
    if (text === base64)
      return `${at} has ${text ? 'both' : 'neither'} "text" ${text ? 'and' : 'nor'} "base64"`;
    if (base64 && !/^[A-Za-z0-9+/]*={0,2}$/.test(chunk.base64 as string)) {
      return expected(`${at}.base64`, 'base64', chunk.base64);
    }
  }
  if (connection.end !== undefined && !isTime(connection.end)) {
    return expected(`${path}.end`, 'a time in ms (0 or more)', connection.end);
  }
  if (typeof connection.ending !== 'string' || !ENDINGS.has(connection.ending)) {
    return expected(
      `${path}.ending`,
      `one of ${[...ENDINGS].map((e) => `"${e}"`).join(', ')}`,
      connection.ending,
    );
  }
  return undefined;
}

function headersProblem(path: string, headers: unknown): string | undefined {
  if (!isObject(headers)) return expected(path, 'an object', headers);
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') return expected(`${path}[${JSON.stringify(name)}]`, 'a string', value);
  }
  return undefined;
}

function expected(path: string, what: string, value: unknown): string {
  return value === undefined ? `"${path}" is missing` : `"${path}" should be ${what}, not ${kindOf(value)}`;
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value === 'number' ? 'the number' : typeof value} ${String(value)}`;
}

function isTime(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
