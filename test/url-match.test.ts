import { describe, expect, test } from 'vitest';
import { urlMatches } from '../src/browser/url-match.ts';

describe('urlMatches, as sse.route() and sse.observe() read a URL matcher', () => {
  test('a path glob matches the path on any origin, query aside', () => {
    expect(urlMatches('/events', 'http://127.0.0.1:3000/events?since=4')).toBe(true);
    expect(urlMatches('/events', 'https://app.test/events')).toBe(true);
    expect(urlMatches('/events', 'https://app.test/v1/events')).toBe(false);
    expect(urlMatches('/v1/*', 'https://app.test/v1/chat')).toBe(true);
    expect(urlMatches('/v1/*', 'https://app.test/v1/chat/completions')).toBe(false);
    expect(urlMatches('/v1/**', 'https://app.test/v1/chat/completions')).toBe(true);
  });

  test('with a baseURL, a path glob keeps to its origin', () => {
    const base = 'http://127.0.0.1:3000/app/';
    expect(urlMatches('/events', 'http://127.0.0.1:3000/events', base)).toBe(true);
    expect(urlMatches('/events', 'http://127.0.0.1:4000/events', base)).toBe(false);
  });

  test('any other glob matches the whole URL', () => {
    expect(urlMatches('**/v1/chat/completions', 'http://api.localhost:9/v1/chat/completions')).toBe(true);
    expect(urlMatches('**/v1/chat/completions', 'http://api.localhost:9/v1/chat/completions?x=1')).toBe(
      false,
    );
    expect(urlMatches('http://*.test/{feed,events}', 'http://app.test/feed')).toBe(true);
    expect(urlMatches('http://*.test/{feed,events}', 'http://app.test/other')).toBe(false);
    // Regular-expression characters in a glob are literal.
    expect(urlMatches('http://app.test/a+b', 'http://app.test/a+b')).toBe(true);
    expect(urlMatches('http://app.test/a.b', 'http://app.test/aXb')).toBe(false);
  });

  test('a RegExp tests the whole URL, the same on every call; a predicate gets the parsed URL', () => {
    const sticky = /\/events/g;
    expect(urlMatches(sticky, 'http://a.test/events')).toBe(true);
    expect(urlMatches(sticky, 'http://a.test/events')).toBe(true);
    expect(urlMatches((url) => url.searchParams.get('topic') === 'ci', 'http://a.test/s?topic=ci')).toBe(
      true,
    );
    expect(urlMatches('/events', 'not a url')).toBe(false);
  });
});
