import type { SseOpenOptions } from '../client/options.ts';
import { routedRequestsFailed, routeHandlerThrew } from '../errors/browser.ts';
import type { SseError } from '../errors/sse-error.ts';
import type { SseTranscript, StepRunner } from '../runners/client.ts';
import { formatTranscript } from '../runners/transcript.ts';
import { PageObserver } from './observe.ts';
import type { SseObserver } from './observer.ts';
import {
  PageRoute,
  type SseRoute,
  type SseRouteAnswer,
  type SseTarget,
  type SseUrlMatcher,
} from './route.ts';
import { RouteHost } from './route-host.ts';
import { describeMatcher } from './url-match.ts';

/**
 * What the Playwright `sse` fixture adds for pages: feed a page's SSE (`route`) and record what it
 * received (`observe`). Both end with the test. How they work: docs/front-ends.md.
 */
export interface SseFrontEnds {
  /**
   * Answers the page's matching requests (EventSource, or `fetch` of any method) with `answer`,
   * streamed: each event reaches the page when it is written. The page keeps its own URL and
   * origin; a reconnection reaches the handler again. `answer` is a handler `(writer, request)` with
   * the embedded server's writer, `{ passthrough: true, transform }` to forward to the real
   * server and change its events on the way, or a recording (`*.sse.json`), bare or as
   * `{ recording, speed, loop }`, replayed as `server.replay()` does: the route's k-th request gets
   * its k-th connection, later ones a 204.
   *
   * @param target - A Page, or a BrowserContext for all its pages.
   * @param url - Glob, RegExp or predicate, as `page.route()` takes (globs honour `baseURL`).
   * @example
   * await sse.route(page, '/notifications', async (sse) => {
   *   await sse.send({ event: 'notice', id: '1', data: { text: 'Build passed' } });
   *   await sse.sleep(60_000);
   * });
   */
  route(target: SseTarget, url: SseUrlMatcher, answer: SseRouteAnswer): Promise<SseRoute>;
  /**
   * Records every SSE stream the page opens from now on (EventSource, and `fetch` answered with
   * `text/event-stream`), matching `url` when given, byte-exact with the browser's arrival times.
   * Chromium only (it reads the DevTools protocol).
   *
   * @example
   * const observer = await sse.observe(page, '**\/v1/chat');
   * await page.getByRole('button', { name: 'Send' }).click();
   * await expect(await observer.next()).toReceiveEvent('done');
   */
  observe(target: SseTarget, url?: SseUrlMatcher): Promise<SseObserver>;
}

/** The fixture's side of {@link SseFrontEnds}: what it needs at teardown. */
export interface FrontEndsHandle extends SseFrontEnds {
  /** One transcript per observed stream, named `observed #N GET /path`. */
  transcripts(): SseTranscript[];
  /**
   * What went wrong in the routes, as one error: requests the browser failed on the way, else a
   * handler that threw; undefined when nothing did.
   */
  failures(): SseError | undefined;
  /** Stops every observer, unroutes every route and stops the loopback servers. */
  close(): Promise<void>;
}

/**
 * Builds `route` and `observe` for one test.
 *
 * @param defaults - The test's `open()` defaults: `baseURL` for globs, `ignoreHTTPSErrors` for passthrough.
 */
export function createFrontEnds(defaults: SseOpenOptions, step: StepRunner): FrontEndsHandle {
  const host = new RouteHost();
  const routes: PageRoute[] = [];
  const observers: PageObserver[] = [];
  // A route reads baseURL for its globs; a passthrough opens the page's own request, with nothing
  // of the test's defaults but whether to trust self-signed certificates.
  const routeDefaults: SseOpenOptions = {
    ...(defaults.baseURL !== undefined && { baseURL: defaults.baseURL }),
    ...(defaults.ignoreHTTPSErrors !== undefined && { ignoreHTTPSErrors: defaults.ignoreHTTPSErrors }),
  };
  return {
    route(target, url, answer) {
      return step(`sse.route ${describeMatcher(url)}`, async () => {
        const route = new PageRoute(target, url, answer, host, routeDefaults);
        routes.push(route);
        return route.start();
      });
    },
    observe(target, url) {
      return step(
        `sse.observe ${url === undefined ? 'every SSE stream' : describeMatcher(url)}`,
        async () => {
          const observer = new PageObserver(target, url, defaults.baseURL);
          observers.push(observer);
          return observer.start();
        },
      );
    },
    transcripts() {
      const openings = observers.flatMap((observer) => observer.openings);
      return openings.map((opening, index) => ({
        name: `observed #${index + 1} ${opening.method} ${pathOf(opening.url)}`,
        text: formatTranscript(opening),
      }));
    },
    failures() {
      const failed = routes.flatMap((route) => route.failures);
      if (failed.length > 0) return routedRequestsFailed(failed);
      const threw = routes.find((route) => route.errors.length > 0);
      return threw && routeHandlerThrew(describeMatcher(threw.url), threw.errors.length, threw.errors[0]);
    },
    async close() {
      await Promise.all(observers.map((observer) => observer.stop()));
      await Promise.all(routes.map((route) => route.unroute()));
      await host.close();
    },
  };
}

function pathOf(url: string): string {
  return URL.canParse(url) ? new URL(url).pathname : url;
}
