import type { ServerResponse } from 'node:http';
import type { LlmProtocolName } from '../llm/protocol.ts';
import { delay } from '../util/wait.ts';
import { formatComment, formatEvent, type SseMessage, toEventInit } from './format.ts';
import { assertHeadersOpen, EVENT_STREAM_HEAD, startEventStream, validStatus } from './head.ts';
import { playLlm } from './llm/play.ts';
import type { LlmScript } from './llm/script.ts';
import { type Chunking, toChunking, writeBytes } from './output.ts';
import { reply } from './reply.ts';
import type { RecordedRequest } from './request.ts';
import { Sequence } from './sequence.ts';
import type { ChunkingOptions, HeaderValue, SseWriter } from './writer.ts';

/**
 * The server's implementation of {@link SseWriter} over one `node:http` response.
 *
 * Two signals: `#closing` is the public one (the handler should stop writing: `end()`, `respond()`
 * or a lost connection), `#gone` means nothing can be sent any more, so queued work is dropped.
 */
export class ResponseStream implements SseWriter {
  readonly request: RecordedRequest;
  readonly #res: ServerResponse;
  readonly #closing = new AbortController();
  readonly #gone = new AbortController();
  readonly #sequence = new Sequence();
  #chunking: Chunking | null = null;
  #autoFlush: NodeJS.Immediate | undefined;
  #committed = false;
  #ended: Promise<void> | undefined;

  constructor(res: ServerResponse, request: RecordedRequest) {
    this.request = request;
    this.#res = res;
    startEventStream(res);
    res.once('close', () => this.#disconnect());
    // Deferred so that status() and header() in the handler's synchronous start still apply.
    this.#autoFlush = setImmediate(() => {
      this.#autoFlush = undefined;
      void this.flush();
    });
  }

  get closed(): boolean {
    return this.#closing.signal.aborted;
  }

  get signal(): AbortSignal {
    return this.#closing.signal;
  }

  status(code: number): this {
    assertHeadersOpen(this.#res, 'status');
    this.#res.statusCode = validStatus(code);
    return this;
  }

  header(name: string, value: HeaderValue): this {
    assertHeadersOpen(this.#res, 'header');
    this.#res.setHeader(name, value);
    return this;
  }

  headers(headers: Readonly<Record<string, HeaderValue>>): this {
    for (const [name, value] of Object.entries(headers)) this.header(name, value);
    return this;
  }

  /**
   * @internal Keeps the headers back past the handler's synchronous start, until the first write,
   * `flush()`, `sleep()` or `respond()`: for a handler that must wait before it knows its status
   * (a passthrough route waits for the real server's).
   */
  holdHeaders(): void {
    this.#cancelAutoFlush();
  }

  /**
   * @internal Removes the event-stream head the stream started with (content type, `no-cache`,
   * keep-alive) and leaves other headers set so far: a replay sends the recorded head instead.
   */
  dropEventStreamHead(): void {
    assertHeadersOpen(this.#res, 'dropEventStreamHead');
    for (const name of EVENT_STREAM_HEAD) this.#res.removeHeader(name);
  }

  delayHeaders(ms: number): Promise<void> {
    assertHeadersOpen(this.#res, 'delayHeaders');
    this.#cancelAutoFlush();
    return this.#sequence.run(async () => {
      await delay(ms, this.#gone.signal);
      // After end() or respond() the headers go out with what those send.
      if (!this.closed) this.#sendHeaders();
    });
  }

  respond(
    status: number,
    body?: string | Uint8Array | object,
    headers?: Readonly<Record<string, HeaderValue>>,
  ): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.#committed || this.#res.headersSent) {
      throw new Error('respond() came after the event stream started; call it before any write or flush().');
    }
    validStatus(status);
    this.#cancelAutoFlush();
    this.#closing.abort();
    return this.#sequence.run(async () => {
      if (!this.#gone.signal.aborted && !this.#res.writableEnded) reply(this.#res, status, body, headers);
    });
  }

  send(message: SseMessage): Promise<boolean> {
    return this.closed ? Promise.resolve(false) : this.writeRaw(formatEvent(toEventInit(message)));
  }

  comment(text = ''): Promise<boolean> {
    return this.writeRaw(formatComment(text));
  }

  retry(ms: number): Promise<boolean> {
    return this.closed ? Promise.resolve(false) : this.writeRaw(formatEvent({ retry: ms }));
  }

  writeRaw(bytes: string | Uint8Array): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    this.#committed = true;
    const data = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    const chunking = this.#chunking;
    return this.#sequence.run(
      async () => this.#sendHeaders() && writeBytes(this.#res, data, chunking, this.#gone.signal),
    );
  }

  chunking(options: ChunkingOptions | null): this {
    this.#chunking = options === null ? null : toChunking(options);
    return this;
  }

  llm(protocol: LlmProtocolName, options: LlmScript = {}): Promise<void> {
    return playLlm(this, protocol, options);
  }

  flush(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.#committed = true;
    return this.#sequence.run(async () => {
      this.#sendHeaders();
    });
  }

  sleep(ms: number): Promise<void> {
    void this.flush();
    return delay(ms, this.#closing.signal).then(() => {});
  }

  end(): Promise<void> {
    if (this.#ended !== undefined) return this.#ended;
    this.#cancelAutoFlush();
    this.#closing.abort();
    this.#ended = this.#sequence.run(async () => {
      if (!this.#gone.signal.aborted && !this.#res.writableEnded) this.#res.end();
    });
    return this.#ended;
  }

  cut(): Promise<void> {
    if (this.#ended !== undefined) return this.#ended;
    this.#cancelAutoFlush();
    this.#closing.abort();
    // After the queued writes, in the sequence: the socket's FIN follows every byte written, and
    // the response never gets its last chunk, so the client reads all of it, then a broken body.
    this.#ended = this.#sequence.run(async () => {
      const socket = this.#res.socket;
      if (this.#gone.signal.aborted || this.#res.writableEnded || !socket) return;
      if (!this.#res.headersSent) this.#res.flushHeaders();
      this.#gone.abort();
      // Node 26 keeps a response's writes in the response until the socket uncorks, a tick later:
      // a FIN sent before would go without them. An empty write's callback runs once all before
      // it is on the socket (or the socket is gone).
      await new Promise<void>((resolve) => {
        socket.once('close', resolve);
        this.#res.write('', () => {
          socket.off('close', resolve);
          resolve();
        });
      });
      socket.end();
    });
    return this.#ended;
  }

  destroy(): void {
    const socket = this.#res.socket;
    this.#disconnect();
    socket?.resetAndDestroy();
  }

  /** Ends the response at once, dropping queued writes: the server is closing. */
  shutdown(): void {
    if (!this.#gone.signal.aborted && !this.#res.writableEnded) this.#res.end();
    this.#disconnect();
  }

  /** Reports a handler failure: a 500 with `message` while headers are unsent, else a cut connection. */
  fail(message: string): void {
    const res = this.#res;
    if (this.#gone.signal.aborted || res.writableEnded) return;
    this.#disconnect();
    if (res.headersSent) res.socket?.destroy();
    else reply(res, 500, message);
  }

  #sendHeaders(): boolean {
    if (this.#gone.signal.aborted || this.#res.writableEnded) return false;
    if (!this.#res.headersSent) {
      this.#cancelAutoFlush();
      this.#res.flushHeaders();
    }
    return true;
  }

  #cancelAutoFlush(): void {
    if (this.#autoFlush !== undefined) clearImmediate(this.#autoFlush);
    this.#autoFlush = undefined;
  }

  #disconnect(): void {
    this.#cancelAutoFlush();
    this.#closing.abort();
    this.#gone.abort();
  }
}
