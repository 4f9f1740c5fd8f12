import { describe, expect, test } from 'vitest';
import { noStreamWithin, observeNeedsChromium, routedRequestsFailed } from '../src/errors/browser.ts';

// The front-end messages that the browser tests cannot all provoke here (one browser, one machine).
describe('front-end error messages', () => {
  test('observe() in another browser says why and what to use instead', () => {
    const error = observeNeedsChromium('firefox');
    expect(error.type).toBe('unsupported-browser');
    expect(error.message).toBe(
      "sse.observe() reads the page's streams through Chromium's DevTools protocol, and this page runs in firefox. " +
        'Run this test in a Chromium project, or feed the page with sse.route(page, url, { passthrough: true }) and assert on route.requests.',
    );
  });

  test('a wait for a stream lists what was observed, secrets redacted', () => {
    const error = noStreamWithin('observer.stream(/v1/chat)', 5_000, 'every URL', [
      '200 http://127.0.0.1:3000/events?token=[redacted]',
      '500 http://127.0.0.1:3000/feed',
    ]);
    expect(error.type).toBe('timeout');
    expect(error.message).toBe(
      'observer.stream(/v1/chat): the page opened no matching SSE stream within 5000 ms (observing every URL). Streams observed: ' +
        '\n  200 http://127.0.0.1:3000/events?token=[redacted]\n  500 http://127.0.0.1:3000/feed',
    );
  });

  test('routed requests failed on a certificate name the https fix, and only that', () => {
    const error = routedRequestsFailed([
      { url: 'https://app.test/events', error: 'net::ERR_CERT_AUTHORITY_INVALID' },
      { url: 'https://app.test/events', error: 'net::ERR_CERT_AUTHORITY_INVALID' },
    ]);
    expect(error.type).toBe('route-failed');
    expect(error.message).toBe(
      [
        'sse.route(): the browser failed 2 routed requests before they reached the handler:',
        '  https://app.test/events: net::ERR_CERT_AUTHORITY_INVALID',
        '  https://app.test/events: net::ERR_CERT_AUTHORITY_INVALID',
        'An https page is routed through a loopback server with a self-signed certificate: set use: { ignoreHTTPSErrors: true }.',
      ].join('\n'),
    );
  });
});
