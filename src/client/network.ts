import * as messages from '../errors/messages.ts';
import type { SseError } from '../errors/sse-error.ts';
import { connect } from './connection.ts';
import type { PreparedRequest, ResolvedOptions } from './options.ts';
import { Reconnector } from './reconnect.ts';
import { BodyCollector, bodyDeadline, isEventStreamAnswer } from './response.ts';
import type { SseStream } from './stream.ts';

/**
 * Feeds `stream` from the network, as an EventSource would: the first connection (resolving once
 * there is something to assert on), then reconnections while `reconnect` allows. Rejects only when
 * the first request got no response at all.
 */
export function connectStream(stream: SseStream, options: ResolvedOptions): Promise<void> {
  const reconnector = new Reconnector(options.reconnect);
  const onAbort = () => void stream.close();
  let release: (() => Promise<void>) | undefined;
  stream.attach({
    release: () => release?.() ?? Promise.resolve(),
    stopped: () => {
      // A stopped stream must not stay reachable from a long-lived signal (a load run's, say).
      options.signal?.removeEventListener('abort', onAbort);
      reconnector.cancel();
    },
  });

  /** The spec's "reestablish the connection", while attempts remain; else the stream stops. */
  const afterConnection = (error: SseError | undefined) => {
    stream.disconnected(error ? 'errored' : 'ended');
    if (stream.state !== 'open') return;
    // Only a stream whose first answer was a 200 event stream reconnects; the spec fails the rest.
    const wait = stream.ok ? reconnector.next(stream.retry) : undefined;
    if (wait === undefined) {
      const { attempts } = reconnector;
      if (!error) stream.stop('ended');
      else stream.stop('errored', attempts > 0 ? messages.gaveUp(stream.url, attempts, error) : error);
      return;
    }
    void release?.();
    void wait.then((go) => {
      if (!go || stream.state !== 'open') return;
      const headers = { ...options.request.headers };
      const lastEventId = stream.lastEventId;
      if (lastEventId === '') delete headers['last-event-id'];
      else headers['last-event-id'] = lastEventId;
      reconnect({ ...options.request, headers }, headers['last-event-id']);
    });
  };

  /** A reconnection: counts once answered with a 200 event stream; anything else stops the stream. */
  const reconnect = (request: PreparedRequest, sentLastEventId: string | undefined) => {
    let accepted = false;
    release = connect(
      request,
      { ...options, signal: undefined },
      {
        head: (head) => {
          if (!isEventStreamAnswer(head.status, head.headers)) {
            stream.refused(head, sentLastEventId);
            if (head.status === 204) return stream.stop('ended');
            const type = head.headers['content-type'];
            return stream.stop('errored', messages.reconnectRefused(head.url, head.status, type));
          }
          accepted = true;
          stream.connected(head.at, sentLastEventId, head);
        },
        data: (bytes, arrivedAt) => {
          if (accepted) stream.received(bytes, arrivedAt);
        },
        end: () => afterConnection(undefined),
        error: (error) => afterConnection(error),
      },
    ).release;
  };

  // The first connection, whose outcome `open()` awaits: a 200 event stream resolves it at the head;
  // any other answer (a 204 or a 503 typed text/event-stream too: an EventSource fails those at the
  // head and shows none of their events) once the start of its body is read, as text; no answer
  // rejects it.
  return new Promise((resolve, reject) => {
    let body: { collector: BodyCollector; disarm: () => void } | undefined;
    let headed = false;
    const finishBody = (state: 'ended' | 'closed' | 'errored', error?: SseError) => {
      if (!body) return;
      body.disarm();
      stream.body = body.collector.text();
      body = undefined;
      stream.stop(state, error);
      resolve();
    };
    release = connect(options.request, options, {
      head: (head) => {
        headed = true;
        stream.opened(head);
        if (isEventStreamAnswer(head.status, head.headers)) {
          stream.connected(head.at);
          options.signal?.addEventListener('abort', onAbort, { once: true });
          resolve();
          return;
        }
        // Not a stream: read the (bounded) body so `open()` hands back something to assert on. A
        // body that never ends (text/plain held open) must not hold open() forever: the signal, and
        // `timeout` once more, cut it short.
        body = {
          collector: new BodyCollector(),
          disarm: bodyDeadline(options.timeout, options.signal, () => finishBody('closed')),
        };
      },
      data: (bytes, arrivedAt) => {
        if (!body) stream.received(bytes, arrivedAt);
        else {
          stream.received(undefined, arrivedAt);
          if (body.collector.add(bytes)) finishBody('closed');
        }
      },
      end: () => (body ? finishBody('ended') : afterConnection(undefined)),
      error: (error) => {
        if (body) return finishBody('errored', error);
        if (headed) return afterConnection(error);
        stream.stop('errored', error);
        reject(error);
      },
    }).release;
  });
}
