/** How a connection ended: the server ended it, it broke, the client let go of it, or not yet. */
export type ConnectionEnding = 'ended' | 'errored' | 'closed' | 'open';

/** One connection of a stream, as a recording tells it. Times are ms since the stream's start. */
export interface LoggedConnection {
  /** When its response head arrived. */
  readonly at: number;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The `Last-Event-ID` its request sent. */
  lastEventId: string | undefined;
  /** Its number among the connections whose body was recorded (event streams); else undefined. */
  body: number | undefined;
  end: number | undefined;
  /** Undefined once it is over but not yet known how (see {@link ConnectionLog.disconnected}). */
  ending: ConnectionEnding | undefined;
}

/**
 * Every connection a stream had: each response head, and when and how the connection ended. Fed
 * once per connection, never per chunk; the bytes themselves are in the recording (`KeptBody`).
 */
export class ConnectionLog {
  readonly connections: LoggedConnection[] = [];
  #bodies = 0;

  /** A response head arrived (after redirects), for a request that sent `lastEventId`. */
  answered(at: number, head: Pick<LoggedConnection, 'status' | 'headers'>, lastEventId?: string): void {
    const last = this.connections.at(-1);
    // A connection given up on without a word (a page's) before another came: the server ended it.
    if (last?.ending === undefined && last !== undefined) last.ending = 'ended';
    this.connections.push({
      at,
      status: head.status,
      headers: head.headers,
      lastEventId,
      body: undefined,
      end: undefined,
      ending: 'open',
    });
  }

  /** The last connection answered with an event stream: its body is recorded from here on. */
  streaming(): void {
    const last = this.connections.at(-1);
    if (last && last.body === undefined) last.body = this.#bodies++;
  }

  /**
   * The last connection's body ended at `at`, `how` it did; a source that cannot tell leaves `how`
   * out, and the way the stream then stops says it.
   */
  disconnected(at: number, how?: 'ended' | 'errored'): void {
    const last = this.connections.at(-1);
    if (last?.ending !== 'open') return;
    last.end = at;
    last.ending = how;
  }

  /** The stream stopped at `at` as `state` says: a connection still open ends with it. */
  stopped(at: number, state: Exclude<ConnectionEnding, 'open'>): void {
    const last = this.connections.at(-1);
    if (!last) return;
    if (last.ending === 'open') last.end = at;
    if (last.ending === 'open' || last.ending === undefined) last.ending = state;
  }
}
