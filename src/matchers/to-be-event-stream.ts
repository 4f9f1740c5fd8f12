import { isEventStream } from '../client/response.ts';
import type { SseStream } from '../client/stream.ts';
import type { SseMatcherContext } from './context.ts';
import { formatReport } from './message.ts';
import { type MatcherResult, streamOf } from './receiver.ts';

/**
 * Synchronous: passes when the response (of the first connection) is an event stream: status 200
 * and the content type `text/event-stream` (parameters such as `charset` allowed), i.e. `stream.ok`.
 * That is the spec's test: an EventSource fails a 204, a 206 or a 503 whatever its type.
 * On failure the message shows the status, the content type and the start of the body.
 *
 * @example
 * const stream = await sse.open('/events');
 * expect(stream).toBeEventStream();
 */
export function toBeEventStream(this: SseMatcherContext, stream: SseStream): MatcherResult {
  const sse = streamOf(stream, 'toBeEventStream');
  const message = () => {
    const type = sse.headers['content-type'];
    const why: string[] = [];
    if (sse.status !== 200) why.push(`status ${sse.status} is not 200`);
    if (!isEventStream(sse.headers)) {
      why.push(type === undefined ? 'no content type' : 'content type is not text/event-stream');
    }
    return formatReport(this, sse, {
      matcher: 'toBeEventStream',
      expectedArg: '',
      expected: this.isNot
        ? 'not an event stream (not 200 text/event-stream)'
        : '200 with content type text/event-stream',
      received: `${sse.status} ${type ?? '(no content type)'}${why.length ? ` (${why.join('; ')})` : ''}`,
    });
  };
  return { pass: sse.ok, message };
}
