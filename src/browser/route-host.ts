import type { RecordedRequest } from '../server/request.ts';
import type { RouteHandler } from '../server/router.ts';
import { createSseServer, type Dispatched, type SseServer } from '../server/server.ts';
import { LOOPBACK_CERT, LOOPBACK_KEY } from './loopback-cert.ts';

/** The path every routed request is continued to; the ticket in its query says which one it is. */
const ROUTED_PATH = '/__sse-test/routed';

/** One request a page made that a route took: where the page sent it, and who answers. */
interface Ticket {
  /** Whose request it is (the route), so that a failure is told to that route only. */
  readonly owner: object;
  /** The URL the page asked for; the handler and the log see this one. */
  readonly pageUrl: URL;
  readonly handler: RouteHandler;
  reached: boolean;
}

/**
 * The loopback servers behind `sse.route()`. A routed request is continued (`route.continue({ url })`)
 * to one of them, so the browser itself makes the request and streams the answer: the page keeps its
 * own URL and origin, and the handler writes with the embedded server's writer. One http and one
 * https server (for https pages: a continued request keeps its scheme), each started on first use.
 * See docs/front-ends.md.
 */
export class RouteHost {
  readonly #servers = new Map<string, Promise<SseServer>>();
  readonly #tickets = new Map<string, Ticket>();
  #issued = 0;

  /**
   * Takes a page's request: returns the loopback URL to continue it to.
   *
   * @param pageUrl - The URL the page requested (`http:` or `https:`).
   */
  async admit(owner: object, pageUrl: string, handler: RouteHandler): Promise<string> {
    const url = new URL(pageUrl);
    const server = await this.#server(url.protocol);
    const id = String(++this.#issued);
    this.#tickets.set(id, { owner, pageUrl: url, handler, reached: false });
    return `${server.url}${ROUTED_PATH}?ticket=${id}`;
  }

  /**
   * The page's URL of `owner`'s request continued to us that never reached its handler (the
   * browser refused or failed it on the way), or undefined when the URL is not such a request.
   */
  unreached(owner: object, url: string): string | undefined {
    if (!URL.canParse(url)) return undefined;
    const parsed = new URL(url);
    const ticket =
      parsed.pathname === ROUTED_PATH
        ? this.#tickets.get(parsed.searchParams.get('ticket') ?? '')
        : undefined;
    return ticket && ticket.owner === owner && !ticket.reached ? ticket.pageUrl.href : undefined;
  }

  /** Stops both servers; every routed stream ends. */
  async close(): Promise<void> {
    const servers = [...this.#servers.values()];
    this.#servers.clear();
    this.#tickets.clear();
    await Promise.all(servers.map(async (server) => (await server).close()));
  }

  #server(protocol: string): Promise<SseServer> {
    let server = this.#servers.get(protocol);
    if (!server) {
      const tls = protocol === 'https:' ? { key: LOOPBACK_KEY, cert: LOOPBACK_CERT } : undefined;
      server = createSseServer({ tls, dispatch: (request) => this.#dispatch(request) });
      this.#servers.set(protocol, server);
    }
    return server;
  }

  #dispatch(request: RecordedRequest): Dispatched | undefined {
    if (request.path !== ROUTED_PATH) return undefined;
    const ticket = this.#tickets.get(request.query.get('ticket') ?? '');
    if (!ticket) return undefined;
    ticket.reached = true;
    return { request: asThePageSentIt(request, ticket.pageUrl), handler: ticket.handler };
  }
}

/**
 * The request as it left the page: its own URL and the Host it named. The other headers are the
 * ones on the wire (`Last-Event-ID`, `Origin`, the body's type), except two that Chromium computed
 * for the loopback address it was continued to: `Cookie` (127.0.0.1's cookies: dropped here, the
 * route adds the page URL's) and `Sec-Fetch-Site` (left as it came).
 */
function asThePageSentIt(request: RecordedRequest, pageUrl: URL): RecordedRequest {
  const { cookie: _loopbacks, ...headers } = request.headers;
  return {
    ...request,
    url: pageUrl.href,
    path: pageUrl.pathname,
    query: pageUrl.searchParams,
    headers: { ...headers, host: pageUrl.host },
  };
}
