import { SseError } from './sse-error.ts';

/** `open()`'s `timeout` is not a number of ms >= 0. */
export function badTimeout(timeout: unknown): SseError {
  return new SseError(
    'invalid-option',
    `timeout must be a number of ms >= 0 (0: none); received ${timeout}.`,
  );
}

/** `open()`'s URL does not resolve, against `baseURL` if one was given. */
export function unresolvableUrl(url: string | URL, baseURL: string | undefined): SseError {
  const base = baseURL === undefined ? ' (no baseURL was given)' : ` against baseURL "${baseURL}"`;
  // No cause: the URL parser's error quotes the input unredacted, and says no more than this.
  return new SseError('invalid-option', `open() needs an absolute URL: cannot resolve "${url}"${base}.`);
}

/** `open()` was given a URL of another scheme than http: or https:. */
export function notHttp(href: string): SseError {
  return new SseError('invalid-option', `open() speaks http: and https: only; received "${href}".`);
}

/** `open()` was given both `body` and `json`. */
export function bodyAndJson(): SseError {
  return new SseError('invalid-option', 'open() takes `body` or `json`, not both.');
}

/** `open()`'s `reconnect` settings are out of range. */
export function badReconnect(option: unknown): SseError {
  return new SseError(
    'invalid-option',
    `reconnect needs maxAttempts >= 0 and delay >= 0 (ms); received ${JSON.stringify(option)}.`,
  );
}

/** `open()`'s `lastEventId` (or a `Last-Event-ID` header given) is no id a server could have set. */
export function badLastEventId(id: unknown): SseError {
  return new SseError(
    'invalid-option',
    `lastEventId must be a string without line breaks or NUL (no server can set such an id: the spec's parser splits lines there and ignores an id with NUL); received ${JSON.stringify(id)}.`,
  );
}

/** `open()`'s `maxEventSize` is not a positive number. */
export function badMaxEventSize(size: unknown): SseError {
  return new SseError('invalid-option', `maxEventSize must be a positive number; received ${size}.`);
}

/** `load()` was called with an option out of range: `what` it needs, and the options it got. */
export function badLoadOption(what: string, options: object): SseError {
  return new SseError(
    'invalid-option',
    `load() ${what}; received ${JSON.stringify({ ...options, signal: undefined, open: undefined })}.`,
  );
}
