/** What a credential is replaced with, in every message, title, transcript and report. */
export const REDACTED = '[redacted]';

/** Credential words that may sit anywhere in a name: `Set-Cookie`, `X-Session-Token`, `clientSecret`. */
const SECRET_PART = /token|secret|passw|key|auth|session|signature|credential|cookie/i;
/** Short credential words, only as a whole word of the name (`code` but not `Content-Encoding`). */
const SECRET_WORD = new Set(['code', 'sig', 'pwd', 'jwt', 'sid']);

/**
 * Whether a header or query parameter name looks like a credential: `Authorization`,
 * `Proxy-Authorization`, `Cookie`, `Set-Cookie`, any name containing `token`, `secret`, `password`,
 * `key`, `auth`, `session`, `signature`, `credential` or `cookie`, or one of the words `code`, `sig`,
 * `pwd`, `jwt`, `sid` (case-insensitive). Over-matching hides a harmless value; under-matching
 * publishes a credential in CI logs, so the net is wide.
 *
 * @example
 * isSecret('X-Api-Key'); // true
 * isSecret('access_token'); // true
 * isSecret('Last-Event-ID'); // false
 */
export function isSecret(name: string): boolean {
  if (SECRET_PART.test(name)) return true;
  const words = name.split(/[^a-zA-Z\d]+|(?<=[a-z])(?=[A-Z])/);
  return words.some((word) => SECRET_WORD.has(word.toLowerCase()));
}

/**
 * The headers as `name: value` lines, credentials replaced by `[redacted]`.
 *
 * @example
 * redactHeaders({ accept: 'text/event-stream', authorization: 'Bearer t' });
 * // ['accept: text/event-stream', 'authorization: [redacted]']
 */
export function redactHeaders(headers: Readonly<Record<string, string>>): string[] {
  return Object.entries(headers).map(([name, value]) => `${name}: ${redactHeader(name, value)}`);
}

/**
 * One header's value as it may be printed: `[redacted]` for a credential header (see {@link isSecret}).
 *
 * @example redactHeader('cookie', 'session=1'); // '[redacted]'
 */
export function redactHeader(name: string, value: string): string {
  return isSecret(name) ? REDACTED : value;
}

/**
 * The URL (absolute, relative, or a string that does not even parse) with its userinfo and the
 * values of credential-like query parameters redacted, names kept so the reader still sees what was
 * sent: an EventSource cannot send headers, so SSE endpoints often take their token in the query.
 * A fragment's `name=value` pairs are judged the same way: it never goes over the wire, but OAuth's
 * implicit flow puts `#access_token=...` in page URLs, and messages print those. Everything else is
 * left exactly as spelled.
 *
 * @example
 * redactUrl('http://u:p@host/events?access_token=abc&page=2');
 * // 'http://[redacted]@host/events?access_token=[redacted]&page=2'
 */
export function redactUrl(href: string): string {
  const hash = href.indexOf('#');
  const target = hash === -1 ? href : href.slice(0, hash);
  const fragment = hash === -1 ? '' : `#${redactQuery(href.slice(hash + 1))}`;
  const question = target.indexOf('?');
  const base = question === -1 ? target : target.slice(0, question);
  const redacted = base.replace(/^([a-z][a-z\d+.-]*:\/\/)[^/?#]*@/i, `$1${REDACTED}@`);
  if (question === -1) return `${redacted}${fragment}`;
  return `${redacted}?${redactQuery(target.slice(question + 1))}${fragment}`;
}

/** `a=1&token=2` → `a=1&token=[redacted]`, each pair otherwise untouched. */
function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals === -1 ? pair : pair.slice(0, equals);
      return equals !== -1 && isSecret(decodeName(name)) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return name;
  }
}

// Absolute URLs, and relative ones with a query or fragment holding a pair: what messages quote.
const URL_IN_TEXT = /[a-z][a-z\d+.-]*:\/\/[^\s"'`<>]+|[^\s"'`<>]*[?#][^\s"'`<>]*=[^\s"'`<>]*/gi;
// Sentence punctuation after a URL belongs to the sentence: "…/events?token=abc: refused."
const TRAILING = /[.,;:!)\]}]+$/;

/**
 * Free text (an error message, a report line) with every URL in it redacted as {@link redactUrl}
 * does: the one pass that text from elsewhere (an undici error, an error a load body threw) goes
 * through before it is printed.
 *
 * @example
 * redactText('Failed to connect to http://h/e?token=abc: connection refused.');
 * // 'Failed to connect to http://h/e?token=[redacted]: connection refused.'
 */
export function redactText(text: string): string {
  if (!text.includes('?') && !text.includes('@') && !text.includes('#')) return text;
  return text.replace(URL_IN_TEXT, (url) => {
    let tail = TRAILING.exec(url)?.[0] ?? '';
    // A URL redacted before ends in `[redacted]`: its `]` is not punctuation, or a second pass
    // would add another one.
    if (url.slice(0, url.length - tail.length).endsWith(REDACTED.slice(0, -1))) tail = tail.slice(1);
    return `${redactUrl(url.slice(0, url.length - tail.length))}${tail}`;
  });
}

/**
 * An error's message and stack, redacted in place (its class, fields and cause kept) so it can be
 * kept in a report; anything else becomes redacted text.
 *
 * @example report.errors = caught.map(redactError);
 */
export function redactError(error: unknown): unknown {
  if (!(error instanceof Error)) return redactText(String(error));
  const message = redactText(error.message);
  if (message !== error.message) error.message = message;
  // The stack is redacted as text of its own: it may hold the message as it was when first read, and
  // a string replace() would read `$&` in a redacted query as "insert the secret here".
  if (error.stack !== undefined) {
    const stack = redactText(error.stack);
    if (stack !== error.stack) error.stack = stack;
  }
  return error;
}
