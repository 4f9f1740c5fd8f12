import { plural } from './messages.ts';
import { SseError } from './sse-error.ts';

/** `sse.observe()` on a browser other than Chromium: it reads the page's bytes over CDP. */
export function observeNeedsChromium(browser: string): SseError {
  return new SseError(
    'unsupported-browser',
    `sse.observe() reads the page's streams through Chromium's DevTools protocol, and this page runs in ${browser}. ` +
      'Run this test in a Chromium project, or feed the page with sse.route(page, url, { passthrough: true }) and assert on route.requests.',
  );
}

/** Nothing (new) was observed within the deadline of `observer.next()` or `observer.stream()`. */
export function noStreamWithin(
  call: string,
  within: number,
  watching: string,
  seen: readonly string[],
): SseError {
  const list = seen.length === 0 ? 'none so far' : seen.map((line) => `\n  ${line}`).join('');
  return new SseError(
    'timeout',
    `${call}: the page opened no matching SSE stream within ${within} ms (observing ${watching}). ` +
      `Streams observed: ${list}` +
      (seen.length === 0
        ? '\nWas sse.observe() awaited before the page opened its stream (page.goto, the click that starts it)?'
        : ''),
  );
}

/** Routed requests the browser failed before they reached the handler, with what usually causes it. */
export function routedRequestsFailed(failures: readonly { url: string; error: string }[]): SseError {
  const lines = failures.map(({ url, error }) => `  ${url}: ${error}`).join('\n');
  const hints: string[] = [];
  if (failures.some(({ error }) => error.includes('CERT'))) {
    hints.push(
      'An https page is routed through a loopback server with a self-signed certificate: set use: { ignoreHTTPSErrors: true }.',
    );
  }
  if (failures.some(({ error }) => !error.includes('CERT'))) {
    hints.push(
      "Chromium's Local Network Access blocks a page that is not itself on loopback from reaching 127.0.0.1, " +
        "where routed requests are answered: serve the page from localhost/127.0.0.1, or grant it with context.grantPermissions(['local-network-access']) (https pages), " +
        'or launch Chromium with --disable-features=LocalNetworkAccessChecks. See docs/front-ends.md.',
    );
  }
  return new SseError(
    'route-failed',
    `sse.route(): the browser failed ${plural(failures.length, 'routed request')} before ${failures.length === 1 ? 'it' : 'they'} reached the handler:\n${lines}\n${hints.join('\n')}`,
  );
}

/** A route's handler threw: the page only saw a 500 or a cut stream, so the test failing may be why. */
export function routeHandlerThrew(route: string, count: number, error: unknown): SseError {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const more = count > 1 ? ` (${count} times; the first:)` : '';
  return new SseError(
    'route-failed',
    `sse.route(${route}): the handler threw${more}, so the page got a 500 or a cut stream:\n${detail}`,
    { cause: error },
  );
}

/** A stream the page was receiving broke, as Chromium reports it (`net::ERR_...`). */
export function pageStreamBroke(url: string, reason: string): SseError {
  return new SseError('stream-error', `The page's stream from ${url} broke: ${reason}.`, { url });
}
