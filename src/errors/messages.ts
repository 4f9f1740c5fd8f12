import { SseError } from './sse-error.ts';

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset before the response headers',
  ENOTFOUND: 'host name not found (DNS)',
  EAI_AGAIN: 'DNS lookup timed out',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed while sending the request',
  UND_ERR_SOCKET: 'the server closed the connection before the response headers',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_OVERFLOW: 'response headers too large',
  HPE_INVALID_CONSTANT: 'the server did not answer with HTTP',
};

/**
 * Names why no response could be had, in the form "Failed to connect to URL: reason (CODE).", with
 * a hint where the fix is known (a self-signed certificate wants `ignoreHTTPSErrors`).
 */
export function describeConnectError(url: string, error: Error): SseError {
  const code = errorCode(error);
  let reason = (code && REASONS[code]) ?? error.message;
  if (isTlsError(code, error)) {
    reason = `TLS handshake failed: ${error.message}. Pass ignoreHTTPSErrors: true to accept a self-signed certificate`;
  } else if (code?.startsWith('HPE_')) {
    reason = `the response is not valid HTTP: ${error.message}`;
  }
  return new SseError(
    'connect-failed',
    `Failed to connect to ${url}: ${reason}${code ? ` (${code})` : ''}.`,
    {
      url,
      code,
      cause: error,
    },
  );
}

/** The most specific code of an error or of the error that caused it. */
function errorCode(error: Error): string | undefined {
  const own = (error as NodeJS.ErrnoException).code;
  const cause = (error as { cause?: unknown }).cause;
  const inner = cause instanceof Error ? (cause as NodeJS.ErrnoException).code : undefined;
  // undici wraps OS errors in its own (UND_ERR_SOCKET around ECONNRESET); the OS code says more.
  return inner ?? own;
}

function isTlsError(code: string | undefined, error: Error): boolean {
  return (
    !!code &&
    (code.startsWith('ERR_TLS') ||
      code.startsWith('ERR_SSL') ||
      /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code) ||
      /certificate/i.test(error.message))
  );
}

/** Shorthand for the `n thing(s)` phrases in messages. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function eventTooLarge(url: string, limit: number, received: number): SseError {
  return new SseError(
    'event-too-large',
    `An event from ${url} has more than maxEventSize (${limit} bytes) of data, after ${plural(received, 'event')}. Raise maxEventSize if such events are expected.`,
    { url },
  );
}

export function notRecorded(url: string): SseError {
  return new SseError(
    'not-recorded',
    `The stream from ${url} was opened with record: 'timing', which keeps no events to read; open it with record: 'events'.`,
    { url },
  );
}

export function noEventWithin(url: string, within: number, received: number, state: string): SseError {
  return new SseError(
    'timeout',
    `No event from ${url} within ${within} ms (${plural(received, 'event')} received so far, stream ${state}).`,
    { url },
  );
}

export function streamStopped(
  url: string,
  state: string,
  received: number,
  error: SseError | undefined,
): SseError {
  const why = error ? `: ${error.message}` : '.';
  return new SseError(
    'stream-stopped',
    `No more events: the stream from ${url} is ${state} after ${plural(received, 'event')}${why}`,
    {
      url,
      cause: error,
    },
  );
}

export function reconnectRefused(url: string, status: number, contentType: string | undefined): SseError {
  return new SseError(
    'reconnect-failed',
    `Reconnecting to ${url} got status ${status} with content type ${contentType ?? '(none)'}; an EventSource stops here (it needs 200 text/event-stream).`,
    { url, status, contentType },
  );
}

export function gaveUp(url: string, attempts: number, error: SseError): SseError {
  return new SseError(
    'reconnect-failed',
    `Gave up on ${url} after ${plural(attempts, 'reconnection attempt')}: ${error.message}`,
    {
      url,
      code: error.code,
      cause: error,
    },
  );
}
