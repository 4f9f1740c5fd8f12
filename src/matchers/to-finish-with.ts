import type { SseStream } from '../client/stream.ts';
import { TIMED_OUT } from '../util/wait.ts';
import type { SseMatcherContext } from './context.ts';
import { describeAnswer, type LlmMatcherOptions, viewOf } from './llm-stream.ts';
import { showMs, stopped } from './moments.ts';
import { printValue } from './print.ts';
import { type MatcherResult, streamOf } from './receiver.ts';
import { isText, matchText, type TextExpectation } from './text.ts';
import { waiting } from './waiting.ts';

const STOPPED = Symbol('stopped');

/**
 * Waits for an LLM stream's finish reason, in the provider's own words (`'stop'`, `'length'`,
 * `'tool_calls'`; `'end_turn'`, `'max_tokens'`; `'STOP'`; `'completed'`, `'incomplete'`), and passes
 * when it is `reason` (string, RegExp or asymmetric matcher). Fails when another reason comes, or
 * the stream stops without one. The read cursor does not move.
 *
 * @example
 * await expect(stream).toFinishWith('stop');
 * await expect(stream).toFinishWith(/^(length|max_tokens)$/);
 */
export async function toFinishWith(
  this: SseMatcherContext,
  stream: SseStream,
  reason: TextExpectation,
  options: LlmMatcherOptions = {},
): Promise<MatcherResult> {
  const sse = streamOf(stream, 'toFinishWith');
  if (!isText(reason)) {
    throw new TypeError(
      `toFinishWith() expects a finish reason (string, RegExp or asymmetric matcher); received ${printValue(reason)}.`,
    );
  }
  const view = viewOf(sse, options);
  return waiting(this, sse, {
    matcher: 'toFinishWith',
    within: options.within,
    check: () => view.finishReason ?? (sse.state === 'open' ? undefined : STOPPED),
    pass: (result) => typeof result === 'string' && matchText(reason, result),
    print: ({ result, limit }) => {
      let received: string;
      if (typeof result === 'string') received = `finish reason ${JSON.stringify(result)}`;
      else if (result === STOPPED) received = `no finish reason; the stream ${stopped(sse)}`;
      else received = `no finish reason after ${showMs(limit.ms)}`;
      if (result === TIMED_OUT || result === STOPPED) received += `; ${describeAnswer(view)}`;
      const error = view.error;
      if (error)
        received += `; the stream reported an error: ${error.type ? `${error.type}: ` : ''}${error.message}`;
      return {
        expectedArg: 'reason',
        expected: `${this.isNot ? 'a finish reason other than' : 'finish reason'} ${printValue(reason)}`,
        received,
      };
    },
  });
}
