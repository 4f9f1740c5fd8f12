import type { LlmProtocolName } from '../llm/protocol.ts';
import type { SseMessage } from './format.ts';
import type { LlmScript } from './llm/script.ts';
import type { RecordedRequest } from './request.ts';

/** A header value as `node:http` accepts it. */
export type HeaderValue = string | number | readonly string[];

/** How `chunking()` cuts every later write. */
export interface ChunkingOptions {
  /** Bytes per piece (a UTF-8 character may be cut in two, on purpose). */
  size: number;
  /** Milliseconds between pieces; default `0` (still one event-loop turn, so pieces go out apart). */
  delay?: number | undefined;
}

/**
 * The response a route handler writes: an event stream by default (200, `text/event-stream`,
 * `no-cache`), with the faults a test needs. Headers go out at the first write, `sleep()` or
 * `flush()`, or right after the handler's first synchronous part, so `status()` and `header()` at its
 * top still apply. Once the stream has closed (client gone, `end()`, `destroy()`, `server.close()`),
 * writes do nothing and resolve `false`.
 *
 * @example
 * server.route('/events', async (sse) => {
 *   while (!sse.closed) {
 *     await sse.send({ event: 'tick', data: { at: Date.now() } });
 *     await sse.sleep(100);
 *   }
 * });
 */
export interface SseWriter {
  /** The request being answered (its body has already been read). */
  readonly request: RecordedRequest;
  /** True once the stream has closed, or `end()`/`respond()` has been called. */
  readonly closed: boolean;
  /** Aborted when `closed` becomes true, to stop a handler's own waits. */
  readonly signal: AbortSignal;

  /** Sets the status code (default 200); throws once headers are sent. */
  status(code: number): this;
  /** Sets one response header; throws once headers are sent. */
  header(name: string, value: HeaderValue): this;
  /** Sets several response headers; throws once headers are sent. */
  headers(headers: Readonly<Record<string, HeaderValue>>): this;
  /**
   * Fault: holds the response headers back for `ms`, then sends them. Call it before anything else
   * (writes made meanwhile wait behind it).
   *
   * @returns Resolves when the headers are out (or the stream has closed).
   * @example
   * await sse.delayHeaders(2_000); // the client's `timeout` should fire first
   */
  delayHeaders(ms: number): Promise<void>;
  /**
   * Answers with a complete non-SSE response and ends: an object is sent as JSON
   * (`application/json`), a string as `text/plain` unless `headers` name a content type, bytes as is.
   *
   * @example
   * sse.respond(500, { error: 'overloaded' });
   */
  respond(
    status: number,
    body?: string | Uint8Array | object,
    headers?: Readonly<Record<string, HeaderValue>>,
  ): Promise<void>;
  /**
   * Sends one event: its fields (`data` not a string goes as JSON), or a string as its data. A
   * string with line breaks becomes several `data:` lines.
   *
   * @returns Resolves `true` once the bytes are handed to the socket (after draining if it was
   *   full), `false` if the stream has closed.
   * @throws {TypeError} At once, for anything but fields or a string: a payload goes in `data`.
   * @throws {Error} At once, when `event` or `id` holds a line break or `id` holds NUL.
   * @example
   * await sse.send({ event: 'delta', id: '7', data: { text: 'Hi' } });
   * await sse.send({ data: [1, 2] }); // data: [1,2]
   * await sse.send('[DONE]');
   */
  send(message: SseMessage): Promise<boolean>;
  /** Sends a comment block (`: text`), such as a heartbeat; default text `''`. */
  comment(text?: string): Promise<boolean>;
  /** Sends a block with only a `retry:` field (the client's reconnection delay, ms). */
  retry(ms: number): Promise<boolean>;
  /**
   * Writes exactly these bytes, for malformed streams, a BOM, CR line endings or split UTF-8.
   *
   * @example
   * await sse.writeRaw('data: no blank line after me\r');
   */
  writeRaw(bytes: string | Uint8Array): Promise<boolean>;
  /**
   * Fault: cuts every later write into `size`-byte pieces sent `delay` ms apart, so they reach the
   * client in separate reads; `null` turns it off.
   *
   * @example
   * sse.chunking({ size: 1, delay: 5 });
   */
  chunking(options: ChunkingOptions | null): this;
  /**
   * Answers as a model behind `protocol`'s API would stream it, scripted: every event in that
   * provider's wire format (OpenAI chat chunks and `[DONE]`, Responses' typed events, Anthropic's
   * message events, Gemini's full responses), with the text, reasoning, tool calls, usage, finish
   * reason, delays or error you give. `text` streams word by word; each piece is one event and one
   * output token unless `usage` says otherwise. The opening events go out at once, the first piece
   * after `firstTokenDelay`. A scripted `error` with a `status` is an HTTP error with the provider's
   * JSON body; without one, the error comes in the stream after `error.after` pieces (default all).
   *
   * @param protocol - `'openaiChat'`, `'openaiResponses'`, `'anthropic'` or `'gemini'`.
   * @param options - What to answer; see {@link LlmScript}. Default: an empty answer.
   * @returns Resolves once the answer is written (the handler may then return), or at once when
   *   the client goes away.
   * @throws {TypeError | RangeError} At once, on an unknown protocol or a misused option.
   * @example
   * server.route('/v1/messages', (sse) =>
   *   sse.llm('anthropic', { text: 'Hello there', tokenDelay: 20, usage: { inputTokens: 12 } }),
   * );
   * server.route('/v1/chat/completions', (sse) =>
   *   sse.llm('openaiChat', { toolCalls: [{ name: 'weather', arguments: { city: 'Paris' } }] }),
   * );
   */
  llm(protocol: LlmProtocolName, options?: LlmScript): Promise<void>;
  /** Sends the headers now (a no-op once sent; after `delayHeaders()` they still wait for it). */
  flush(): Promise<void>;
  /** Sends the headers if needed, then resolves after `ms`, or at once when the stream closes. */
  sleep(ms: number): Promise<void>;
  /** Ends the response cleanly once earlier writes are out; idempotent. */
  end(): Promise<void>;
  /**
   * Fault: closes the connection mid-response once earlier writes are out (a FIN, the body never
   * finished), as a proxy's idle timeout does. The client reads every byte sent, then sees the
   * stream break ("other side closed"). Idempotent.
   */
  cut(): Promise<void>;
  /**
   * Fault: resets the connection (TCP RST) at once, as a crashed server or proxy would. As with a
   * real reset, bytes the client has not read yet may be lost: `cut()` when the test needs them.
   */
  destroy(): void;
}
