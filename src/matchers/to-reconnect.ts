import type { SseStream } from '../client/stream.ts';
import type { SseMatcherContext } from './context.ts';
import { showMs, stopped } from './moments.ts';
import { type MatcherResult, streamOf } from './receiver.ts';
import { waiting } from './waiting.ts';

/** Options of {@link toReconnect}. */
export interface ReconnectOptions {
  /** Deadline in ms. Default: the runner's expect timeout (Playwright), else 5,000 (Vitest). */
  within?: number;
  /** The `Last-Event-ID` the reconnection must send, exactly; `''` means none was sent. */
  lastEventId?: string;
}

type Reconnection = SseStream['recording']['reconnections'][number];
const STOPPED = Symbol('stopped');

/**
 * Waits for the stream to reconnect after this call: a new connection answered with an event stream
 * (reconnections made before the call do not count). With `lastEventId`, the first such
 * reconnection must have sent exactly that `Last-Event-ID`. Fails at once if the stream stops. The
 * stream must be opened with `reconnect` (`true` or `{ delay, maxAttempts }`). The read cursor does not move.
 *
 * With `.not`, passes when no reconnection comes within the window (or the stream stops); fails as
 * soon as one does.
 *
 * @example
 * const stream = await sse.open('/feed', { reconnect: { delay: 50 } });
 * await expect(stream).toReceiveEvent('tick', undefined, { strict: true });
 * await expect(stream).toReconnect({ within: 2_000, lastEventId: '1' });
 */
export async function toReconnect(
  this: SseMatcherContext,
  stream: SseStream,
  options: ReconnectOptions = {},
): Promise<MatcherResult> {
  const sse = streamOf(stream, 'toReconnect');
  const { reconnections } = sse.recording;
  const before = reconnections.length;
  const wanted = options.lastEventId;
  return waiting(this, sse, {
    matcher: 'toReconnect',
    within: options.within,
    check: () => reconnections[before] ?? (sse.state === 'open' ? undefined : STOPPED),
    pass: (result) =>
      typeof result === 'object' && (wanted === undefined || (result.lastEventId ?? '') === wanted),
    print: ({ result, limit }) => {
      let received: string;
      if (typeof result === 'object') {
        received = `reconnection ${before + 1} at ${showMs(result.time)}, ${sent(result)}`;
      } else {
        received =
          result === STOPPED
            ? `no reconnection; the stream ${stopped(sse)}`
            : `no reconnection after ${showMs(limit.ms)}`;
        // However it stopped or not: the usual cause, and a cheap one to rule out.
        if (sse.reconnects === false)
          received += '; the stream was opened without { reconnect }, so it never reconnects';
      }
      const id =
        wanted === undefined
          ? ''
          : wanted === ''
            ? ' sending no Last-Event-ID'
            : ` sending Last-Event-ID ${JSON.stringify(wanted)}`;
      return {
        expectedArg: '',
        expected: `${this.isNot ? 'no reconnection' : 'a reconnection'}${id}`,
        received,
      };
    },
  });
}

function sent(reconnection: Reconnection): string {
  const id = reconnection.lastEventId;
  return id === undefined ? 'sending no Last-Event-ID' : `sending Last-Event-ID ${JSON.stringify(id)}`;
}
