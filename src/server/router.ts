import type { RecordedRequest } from './request.ts';
import type { SseWriter } from './writer.ts';

/**
 * Scripts one route: write to `sse`, look at `request`. What it returns is awaited, then the server
 * ends the response if the handler did not; when it throws, the client gets a 500 (or, once headers
 * are out, a broken connection).
 *
 * @example
 * const handler: RouteHandler = (sse) => sse.send({ event: 'ready' });
 */
export type RouteHandler = (sse: SseWriter, request: RecordedRequest) => unknown;

/** Options of `server.route()`. */
export interface RouteOptions {
  /** Only requests with this method match (case-insensitive); default: any method. */
  method?: string | undefined;
}

/** What a request matched: a handler, or why none (with the methods the path does accept). */
export type RouteMatch =
  | { readonly handler: RouteHandler }
  | { readonly handler: undefined; readonly allowed: readonly string[] };

const anyMethod = '*';

/** The routing table of the embedded server: exact path, then method, then any method. */
export class Router {
  readonly #routes = new Map<string, Map<string, RouteHandler>>();

  /** Adds a route, replacing an earlier one for the same path and method. */
  add(path: string, handler: RouteHandler, options: RouteOptions = {}): void {
    if (!path.startsWith('/')) {
      throw new Error(`route(): the path must start with '/', got ${JSON.stringify(path)}.`);
    }
    if (typeof handler !== 'function') throw new TypeError('route(): the handler must be a function.');
    const methods = this.#routes.get(path) ?? new Map<string, RouteHandler>();
    methods.set(options.method?.toUpperCase() ?? anyMethod, handler);
    this.#routes.set(path, methods);
  }

  /** Finds the handler for a request; the query string must already be stripped from `path`. */
  match(method: string, path: string): RouteMatch {
    const methods = this.#routes.get(path);
    const handler = methods?.get(method.toUpperCase()) ?? methods?.get(anyMethod);
    if (handler !== undefined) return { handler };
    return { handler: undefined, allowed: methods === undefined ? [] : [...methods.keys()] };
  }

  /**
   * Explains why a request matched nothing, listing the registered routes, for the body of a 404/405.
   *
   * @example
   * router.explain('GET', '/nope'); // 'sse-test server: no route for GET /nope.\nRegistered routes: ...'
   */
  explain(method: string, path: string): string {
    const routes: string[] = [];
    for (const [routePath, methods] of this.#routes) {
      for (const routeMethod of methods.keys()) {
        routes.push(`  ${routeMethod === anyMethod ? 'ANY' : routeMethod} ${routePath}`);
      }
    }
    const listing =
      routes.length === 0
        ? 'No routes are registered; add one with server.route(path, handler).'
        : `Registered routes:\n${routes.join('\n')}`;
    return `sse-test server: no route for ${method} ${path}.\n${listing}\n`;
  }
}
