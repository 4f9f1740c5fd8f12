import { BUFFERING_CAUSES } from './buffering.ts';
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
  // undici's limit is Node's --max-http-header-size (16 KiB) unless its Agent sets its own.
  UND_ERR_HEADERS_OVERFLOW:
    'the response headers are larger than the client takes (16 KiB by default; pass a dispatcher such as new Agent({ maxHeaderSize }) from undici to take more)',
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

/**
 * No response head within `timeout` ms, redirects included. An event stream behind a buffering
 * proxy or compression middleware is held whole, headers too, until enough bytes or its end come:
 * the message says so, since for an endless stream the timeout is all the user sees.
 */
export function noHeadersWithin(url: string, timeout: number, redirects: number): SseError {
  const what = redirects > 0 ? ` (after ${redirects} redirect${redirects > 1 ? 's' : ''})` : '';
  return new SseError(
    'timeout',
    `No response headers from ${url} within ${timeout} ms${what}. If the server sends them at once, something in between is holding the response: commonly ${BUFFERING_CAUSES}.`,
    { url },
  );
}

/** The caller's signal fired while opening: `before` it started (already aborted), or during. */
export function openingAborted(url: string, when: 'before' | 'during', reason: unknown): SseError {
  const how = when === 'before' ? 'before it started' : "by the caller's signal";
  return new SseError('aborted', `Opening ${url} was aborted ${how}.`, { url, cause: reason });
}

/**
 * What commonly closes a connection in the middle of an event stream: a proxy's idle timeout, which
 * counts only bytes, so comments reset it as well as events do.
 */
const CUT =
  "the server or a proxy in between closed the connection mid-response; after a silence, a proxy's idle timeout is the usual cause: nginx's proxy_read_timeout is 60 s by default, and a comment such as `: keep-alive` resets it";

/** The body broke after the response started (reset, bad Content-Encoding). */
export function streamBroke(url: string, cause: Error): SseError {
  // undici's "other side closed": the peer's FIN before the chunked body's last chunk, as a proxy's idle timeout leaves it.
  const cut = (cause as NodeJS.ErrnoException).code === 'UND_ERR_SOCKET' ? ` (${CUT})` : '';
  return new SseError('stream-error', `The stream from ${url} broke: ${cause.message}${cut}.`, {
    url,
    cause,
    code: (cause as NodeJS.ErrnoException).code,
  });
}

/** A redirect whose Location does not parse as a URL. */
export function invalidRedirect(url: string, status: number, location: string): SseError {
  // No cause: the URL parser's error carries the unredacted base URL, and says no more than this.
  return new SseError('bad-redirect', `${url} redirected (${status}) to an invalid Location "${location}".`, {
    url,
    status,
  });
}

/** A redirect to a scheme an EventSource cannot follow. */
export function redirectNotHttp(url: string, status: number, target: string): SseError {
  return new SseError('bad-redirect', `${url} redirected (${status}) to "${target}", which is not http(s).`, {
    url,
    status,
  });
}

/** A redirect chain longer than the `limit` fetch allows. */
export function tooManyRedirects(
  first: string,
  last: string,
  status: number,
  limit: number,
  target: string,
): SseError {
  return new SseError(
    'too-many-redirects',
    `${first} redirected more than ${limit} times; last to ${target}.`,
    {
      url: last,
      status,
    },
  );
}
