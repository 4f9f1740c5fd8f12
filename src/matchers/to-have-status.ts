import type { SseStream } from '../client/stream.ts';
import type { SseMatcherContext } from './context.ts';
import { formatReport } from './message.ts';
import { type MatcherResult, streamOf } from './receiver.ts';

/**
 * Synchronous: passes when the response status (of the first connection) is `code`. Any status can
 * be asserted on, since `open()` resolves for a 500 too. Does not wait and does not move the cursor.
 *
 * @param code - the expected HTTP status, such as `200`.
 * @example
 * expect(stream).toHaveStatus(200);
 * expect(stream).not.toHaveStatus(503);
 */
export function toHaveStatus(this: SseMatcherContext, stream: SseStream, code: number): MatcherResult {
  const sse = streamOf(stream, 'toHaveStatus');
  if (!Number.isInteger(code)) {
    throw new TypeError(`toHaveStatus() expects an HTTP status code such as 200; received ${String(code)}.`);
  }
  return {
    pass: sse.status === code,
    message: () =>
      formatReport(this, sse, {
        matcher: 'toHaveStatus',
        expected: `${this.isNot ? 'not ' : ''}status ${code}`,
        received: `status ${sse.status}`,
      }),
  };
}
