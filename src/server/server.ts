import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { SseRecording } from '../record/format.ts';
import { replayHandler, type SseReplayOptions } from './replay.ts';
import { reply } from './reply.ts';
import { type RecordedRequest, recordRequest } from './request.ts';
import { ResponseStream } from './response-stream.ts';
import { type RouteHandler, type RouteOptions, Router } from './router.ts';

/** Options of {@link createSseServer}. */
export interface SseServerOptions {
  /** The address to listen on; default `'127.0.0.1'` (loopback only). */
  host?: string | undefined;
  /** The port; default `0`, an ephemeral one (tests should keep it so: never a fixed port). */
  port?: number | undefined;
  /**
   * Serve https with this key and certificate (PEM); `url` then starts with `https://`, and clients
   * need `ignoreHTTPSErrors: true` for a self-signed certificate. Default: plain http.
   */
  tls?: { key: string | Buffer; cert: string | Buffer } | undefined;
  /**
   * @internal Answers a request before the routing table does: `sse.route()` uses it to serve a
   * page's request under the page's own URL. Returning undefined leaves the request to the routes.
   */
  dispatch?: ((request: RecordedRequest) => Dispatched | undefined) | undefined;
}

/** @internal What `dispatch` decided: the request as logged and handed over, and who answers it. */
export interface Dispatched {
  readonly request: RecordedRequest;
  readonly handler: RouteHandler;
}

/**
 * An embedded HTTP server whose routes are scripted event streams, for tests.
 *
 * @example
 * await using server = await createSseServer();
 * server.route('/events', async (sse) => { await sse.send('hello'); });
 * const stream = await open(`${server.url}/events`);
 */
export interface SseServer extends AsyncDisposable {
  /** The server's origin, such as `'http://127.0.0.1:41234'` (no trailing slash). */
  readonly url: string;
  /** Every request received, once its body has arrived, in that order (unrouted ones too). */
  readonly requests: readonly RecordedRequest[];
  /** What handlers threw, in order, since the client only sees a 500 or a cut connection. */
  readonly errors: readonly unknown[];
  /**
   * Scripts the answer to requests for `path` (exact match; the query string is ignored). A later
   * route for the same path and method replaces the earlier one.
   *
   * @param path - The path, starting with `/`.
   * @param handler - Writes the response; see {@link RouteHandler}.
   * @param options - `method` restricts the route to one method; default: any.
   * @returns The server, for chaining.
   * @example
   * server.route('/v1/chat', async (sse, request) => { await sse.send({ data: JSON.parse(request.body) }); }, { method: 'POST' });
   */
  route(path: string, handler: RouteHandler, options?: RouteOptions): this;
  /**
   * Serves a recording (`*.sse.json`, from `stream.toRecording()` or `loadRecording()`) at `path`,
   * as it was received: each connection's status, headers (not the hop-by-hop ones, nor
   * Content-Length and Content-Encoding: the chunks are the decoded bytes), the exact bytes of each
   * chunk at its recorded delay, and its ending (`'ended'` ends, `'errored'` resets the connection,
   * `'open'` and `'closed'` stay open until the client goes). The k-th request to `path` gets the
   * k-th connection, so a reconnection gets the next one; every request after the last gets a 204,
   * on which an EventSource stops. Each chunk is due at its recorded time after the head, so
   * lateness never adds up; a gap between events is kept to within 1 ms at the median and 3–8 ms
   * at the 99th percentile (measured on a shared 2-core machine; a stalled event loop makes one
   * gap late by the stall: docs/replay.md), so assert replayed timing with windows of tens of ms.
   * A later route or replay for the same path replaces it.
   *
   * @param path - The path, starting with `/`.
   * @param recording - A version 1 recording; checked at once.
   * @param options - `speed` (default 1; delays divided by it, `Infinity`: at once) and `loop`
   *   (default false; each connection starts again from its first chunk after its last, endlessly).
   * @returns The server, for chaining.
   * @throws {TypeError | RangeError} At once, for a recording that is not one (naming what is
   *   wrong, such as `connections[0].chunks[2]`) or a misshapen option.
   * @example
   * server.replay('/ticker', await loadRecording('test/fixtures/ticker.sse.json'), { speed: 10 });
   */
  replay(path: string, recording: SseRecording, options?: SseReplayOptions): this;
  /** Ends every open stream cleanly, closes every connection and stops listening; idempotent. */
  close(): Promise<void>;
}

/** Pending connections the kernel may queue (it caps this at net.core.somaxconn). */
const LISTEN_BACKLOG = 4096;

/**
 * Starts an embedded SSE server on an ephemeral port, scripted per route.
 *
 * @param options - `host` to listen on, default `'127.0.0.1'`; `port`, default `0` (ephemeral).
 * @returns The listening server; close it with `close()` or `await using`.
 *
 * @example
 * const server = await createSseServer();
 * server.route('/events', async (sse) => {
 *   await sse.send({ event: 'ready', data: { ok: true } });
 * });
 * // ... test against `${server.url}/events`
 * await server.close();
 */
export async function createSseServer(options: SseServerOptions = {}): Promise<SseServer> {
  const host = options.host ?? '127.0.0.1';
  const http = options.tls
    ? createTlsServer({ key: options.tls.key, cert: options.tls.cert })
    : createServer();
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    // Node's default backlog (511) overflows when a load test opens a thousand streams at once: the
    // dropped connects are retried by the kernel a second later, which shows as 1 s first events.
    http.listen({ port: options.port ?? 0, host, backlog: LISTEN_BACKLOG }, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  const scheme = options.tls ? 'https' : 'http';
  return new EmbeddedServer(
    http,
    `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    options.dispatch,
  );
}

class EmbeddedServer implements SseServer {
  readonly url: string;
  readonly requests: RecordedRequest[] = [];
  readonly errors: unknown[] = [];
  readonly #http: Server;
  readonly #router = new Router();
  readonly #streams = new Set<ResponseStream>();
  readonly #dispatch: SseServerOptions['dispatch'];
  #closed: Promise<void> | undefined;

  constructor(http: Server, url: string, dispatch: SseServerOptions['dispatch']) {
    this.url = url;
    this.#http = http;
    this.#dispatch = dispatch;
    http.on('request', (req, res) => {
      this.#handle(req, res).catch((error: unknown) => this.errors.push(error));
    });
  }

  route(path: string, handler: RouteHandler, options?: RouteOptions): this {
    this.#router.add(path, handler, options);
    return this;
  }

  replay(path: string, recording: SseRecording, options: SseReplayOptions = {}): this {
    return this.route(path, replayHandler(recording, options, 'replay()'));
  }

  close(): Promise<void> {
    this.#closed ??= this.#shutdown();
    return this.#closed;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let request: RecordedRequest;
    try {
      request = await recordRequest(req, this.url);
    } catch {
      return; // The client went away before its body arrived: there is no one to answer.
    }
    const dispatched = this.#dispatch?.(request);
    if (dispatched) request = dispatched.request;
    this.requests.push(request);
    const match = dispatched ?? this.#router.match(request.method, request.path);
    if (match.handler === undefined) {
      const explanation = this.#router.explain(request.method, request.path);
      if (match.allowed.length === 0) reply(res, 404, explanation);
      else reply(res, 405, explanation, { allow: match.allowed.join(', ') });
      return;
    }
    const stream = new ResponseStream(res, request);
    this.#streams.add(stream);
    res.once('close', () => this.#streams.delete(stream));
    try {
      await match.handler(stream, request);
      void stream.end();
    } catch (error) {
      this.errors.push(error);
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      stream.fail(`sse-test server: the handler for ${request.method} ${request.path} threw:\n${detail}\n`);
    }
  }

  async #shutdown(): Promise<void> {
    const stopped = new Promise<void>((resolve) => this.#http.close(() => resolve()));
    for (const stream of this.#streams) stream.shutdown();
    // Node sends a response's last chunk on the next tick; cutting connections before would lose it.
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.#http.closeAllConnections();
    await stopped;
  }
}
