import { describe, expect, it } from 'vitest';
import {
  isSecret,
  REDACTED,
  redactError,
  redactHeader,
  redactHeaders,
  redactText,
  redactUrl,
} from '../../src/util/redact.ts';

describe('isSecret()', () => {
  it('knows credential headers and leaves the others alone', () => {
    for (const name of [
      'Authorization',
      'proxy-authorization',
      'cookie',
      'Set-Cookie',
      'x-api-key',
      'api-key',
    ])
      expect(isSecret(name), name).toBe(true);
    for (const name of ['x-session-token', 'X-Client-Secret', 'x-auth-user', 'apikey', 'sig'])
      expect(isSecret(name), name).toBe(true);
    for (const name of ['accept', 'content-encoding', 'last-event-id', 'cache-control', 'content-type'])
      expect(isSecret(name), name).toBe(false);
  });

  it('finds the long credential words anywhere in a name, in any case', () => {
    for (const name of [
      'access_token',
      'CLIENT_SECRET',
      'password',
      'Passwd',
      'apiKey',
      'OAuth',
      'X-Session-Id',
      'X-Amz-Signature',
      'credentials',
      'cookies',
    ])
      expect(isSecret(name), name).toBe(true);
  });

  it('finds the short words only as a whole word, split at punctuation and camelCase, in any case', () => {
    // Each of SID, JWT, CODE and userSid was missed while the split only knew lower-case letters.
    for (const name of ['code', 'CODE', 'Code', 'sig', 'X-Sig', 'pwd', 'PWD', 'jwt', 'X-JWT', 'sid', 'SID'])
      expect(isSecret(name), name).toBe(true);
    for (const name of ['userSid', 'authCode', 'x_code', 'sid.2', 'the jwt'])
      expect(isSecret(name), name).toBe(true);
    for (const name of [
      'encoding',
      'decode',
      'Codec',
      'signal',
      'side',
      'Last-Event-ID',
      'x-request-id',
      'code2',
      '',
    ])
      expect(isSecret(name), name).toBe(false);
  });
});

describe('redactHeader() and redactHeaders()', () => {
  it('replaces a credential header value and keeps every other value as it is', () => {
    expect(REDACTED).toBe('[redacted]');
    expect(redactHeader('cookie', 'session=1')).toBe('[redacted]');
    expect(redactHeader('Proxy-Authorization', 'Basic dTpw')).toBe('[redacted]');
    expect(redactHeader('accept', 'text/event-stream; q=token')).toBe('text/event-stream; q=token');
    expect(redactHeader('x-trace', '')).toBe('');
  });

  it('prints every header as `name: value`, in order, names as spelled', () => {
    expect(
      redactHeaders({
        Accept: 'text/event-stream',
        authorization: 'Bearer t',
        'set-cookie': 'a=1',
        'X-Api-Key': 'k',
        'last-event-id': '42',
      }),
    ).toEqual([
      'Accept: text/event-stream',
      'authorization: [redacted]',
      'set-cookie: [redacted]',
      'X-Api-Key: [redacted]',
      'last-event-id: 42',
    ]);
    expect(redactHeaders({})).toEqual([]);
  });
});

describe('redactUrl()', () => {
  it('keeps names and everything else as spelled, redacting userinfo and credential values', () => {
    expect(redactUrl('https://u:p@h/e?a=%20b&API_KEY=x&sessionId=y&code=z&x-amz-signature=s#f')).toBe(
      'https://[redacted]@h/e?a=%20b&API_KEY=[redacted]&sessionId=[redacted]&code=[redacted]&x-amz-signature=[redacted]#f',
    );
    expect(redactUrl('/events?token=abc&page=2')).toBe('/events?token=[redacted]&page=2');
    expect(redactUrl('http://h/e?keyword=a&encoding=b')).toBe('http://h/e?keyword=[redacted]&encoding=b');
  });

  it('redacts userinfo, with or without a password, and only before the host', () => {
    expect(redactUrl('http://alice@h:8080/e')).toBe('http://[redacted]@h:8080/e');
    expect(redactUrl('wss://u:p@h')).toBe('wss://[redacted]@h');
    expect(redactUrl('http://h/users/@alice?x=1')).toBe('http://h/users/@alice?x=1');
    expect(redactUrl('http://h/e?to=a@b')).toBe('http://h/e?to=a@b');
  });

  it('reads the name of each pair decoded, and leaves pairs it cannot judge as they are', () => {
    expect(redactUrl('/e?access%5Ftoken=a&api+key=b&to%ken=c')).toBe(
      '/e?access%5Ftoken=[redacted]&api+key=[redacted]&to%ken=c',
    );
    // `%` alone does not decode: the name is judged as spelled.
    expect(redactUrl('/e?token%=a')).toBe('/e?token%=[redacted]');
    // No `=` means no value to hide; an empty value and a value holding `=` are still values.
    expect(redactUrl('/e?token&&page=2&sig=&key=a=b')).toBe('/e?token&&page=2&sig=[redacted]&key=[redacted]');
  });

  it("redacts a fragment's credential pairs as a query's (OAuth's #access_token), and keeps the rest", () => {
    expect(redactUrl('/e?token=a#token=b')).toBe('/e?token=[redacted]#token=[redacted]');
    expect(redactUrl('/cb#access_token=t&state=s&expires_in=3600')).toBe(
      '/cb#access_token=[redacted]&state=s&expires_in=3600',
    );
    expect(redactUrl('/e#section-2')).toBe('/e#section-2');
    expect(redactUrl('/e#x?token=b')).toBe('/e#x?token=[redacted]');
  });

  it('keeps strings that are not URLs exactly as spelled', () => {
    expect(redactUrl('')).toBe('');
    expect(redactUrl('not a url')).toBe('not a url');
    expect(redactUrl('http://[::1/e?')).toBe('http://[::1/e?');
  });

  it('gives the same text when it redacts its own output', () => {
    for (const href of [
      'http://u:p@h/e?token=a&page=2#f',
      '/e?sig=&x',
      'http://[redacted]@h/?key=[redacted]',
    ]) {
      const once = redactUrl(href);
      expect(redactUrl(once), href).toBe(once);
    }
  });
});

describe('redactText()', () => {
  it('finds URLs in text and keeps the sentence punctuation after them', () => {
    expect(redactText('Failed to connect to http://h/e?token=abc: refused. See "/x?sig=1".')).toBe(
      'Failed to connect to http://h/e?token=[redacted]: refused. See "/x?sig=[redacted]".',
    );
    expect(redactText('Failed to connect to http://u:p@h/e: refused.')).toBe(
      'Failed to connect to http://[redacted]@h/e: refused.',
    );
    expect(redactText("at 'http://u:p@h/e', `/e?key=1`, <http://h/?auth=2>")).toBe(
      "at 'http://[redacted]@h/e', `/e?key=[redacted]`, <http://h/?auth=[redacted]>",
    );
  });

  it('redacts a credential in a fragment, absolute or relative, with no query around it', () => {
    expect(redactText('The page http://app/cb#access_token=abc&state=s broke.')).toBe(
      'The page http://app/cb#access_token=[redacted]&state=s broke.',
    );
    expect(redactText('navigated to /cb#id_token=abc')).toBe('navigated to /cb#id_token=[redacted]');
  });

  it('leaves text with no URL to redact exactly as it is', () => {
    for (const text of [
      'Expected an SseStream; received a Promise — did you forget await?',
      'mail alice@example.com about it',
      'GET /events?page=2&last-event-id=7 took 12 ms',
      'token=abc outside a URL is not a URL',
      'item #2 of 3, where n=2',
      '',
    ])
      expect(redactText(text)).toBe(text);
  });

  it('leaves text it redacted before as it is, however often it passes', () => {
    const once = redactText(
      'Streams: 200 http://h/e?token=abc\n  http://u:p@h/f?key=1&page=2, then (http://h/g?sig=2).',
    );
    expect(once).toBe(
      'Streams: 200 http://h/e?token=[redacted]\n  http://[redacted]@h/f?key=[redacted]&page=2, then (http://h/g?sig=[redacted]).',
    );
    expect(redactText(redactText(once))).toBe(once);
  });

  it('tells the `]` of [redacted] from a bracket that closes the sentence', () => {
    const once = redactText('[see http://h/?token=abc] and [http://h/?key=1].');
    expect(once).toBe('[see http://h/?token=[redacted]] and [http://h/?key=[redacted]].');
    expect(redactText(once)).toBe(once);
  });
});

describe('redactError()', () => {
  it('redacts the message and stack in place, keeping the class, fields and cause', () => {
    const cause = new Error('socket hang up');
    const error = Object.assign(new TypeError('GET http://h/e?token=abc failed', { cause }), { code: 'E1' });
    expect(redactError(error)).toBe(error);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: 'GET http://h/e?token=[redacted] failed', code: 'E1', cause });
    expect(error.stack?.split('\n')[0]).toBe('TypeError: GET http://h/e?token=[redacted] failed');
    expect(error.stack).not.toContain('abc');
  });

  it('does not read `$&` in a redacted query as "insert the original message" into the stack', () => {
    const error = new Error('GET http://h/e?filter=$&token=abc failed');
    redactError(error);
    expect(error.stack?.split('\n')[0]).toBe('Error: GET http://h/e?filter=$&token=[redacted] failed');
  });

  it('redacts a stack read before the message changed', () => {
    const error = new Error('GET http://h/e?token=abc');
    void error.stack;
    error.message = 'opening failed';
    redactError(error);
    expect(error.stack).toContain('Error: GET http://h/e?token=[redacted]\n');
  });

  it('leaves a clean error untouched, and one without a stack without one', () => {
    const clean = new Error('connection refused');
    const stack = clean.stack;
    expect(redactError(clean)).toBe(clean);
    expect([clean.message, clean.stack]).toEqual(['connection refused', stack]);
    const bare = new Error('GET /e?sig=1');
    delete bare.stack;
    redactError(bare);
    expect([bare.message, bare.stack]).toEqual(['GET /e?sig=[redacted]', undefined]);
  });

  it('turns anything else into redacted text', () => {
    expect(redactError('GET http://h/e?token=abc failed')).toBe('GET http://h/e?token=[redacted] failed');
    expect(redactError(42)).toBe('42');
    expect(redactError(undefined)).toBe('undefined');
    expect(redactError({ toString: () => 'at /e?key=1' })).toBe('at /e?key=[redacted]');
  });
});
