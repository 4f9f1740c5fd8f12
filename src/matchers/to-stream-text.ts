import type { SseStream } from '../client/stream.ts';
import { TIMED_OUT } from '../util/wait.ts';
import type { SseMatcherContext } from './context.ts';
import { describeAnswer, type LlmMatcherOptions, viewOf } from './llm-stream.ts';
import { showMs, stopped } from './moments.ts';
import { printValue } from './print.ts';
import { type MatcherResult, streamOf } from './receiver.ts';
import { isText, matchText, type TextExpectation } from './text.ts';
import { waiting } from './waiting.ts';

type Outcome = 'match' | 'diverged' | 'stopped';

/**
 * Waits until the answer text of an LLM stream (`llm(stream).text`: every text delta joined) is
 * `expected` (a string, equal), matches it (a RegExp), or satisfies it (an asymmetric matcher). A
 * string fails as soon as the text stops being its beginning; any expectation fails when the stream
 * stops without matching. The read cursor does not move.
 *
 * @example
 * await expect(stream).toStreamText('Hello! How can I help?');
 * await expect(stream).toStreamText(/paris/i, { within: 10_000 });
 */
export async function toStreamText(
  this: SseMatcherContext,
  stream: SseStream,
  expected: TextExpectation,
  options: LlmMatcherOptions = {},
): Promise<MatcherResult> {
  const sse = streamOf(stream, 'toStreamText');
  if (!isText(expected)) {
    throw new TypeError(
      `toStreamText() expects a string, RegExp or asymmetric matcher; received ${printValue(expected)}.`,
    );
  }
  const view = viewOf(sse, options);
  const check = (): Outcome | undefined => {
    const text = view.text;
    if (matchText(expected, text)) return 'match';
    if (typeof expected === 'string' && !expected.startsWith(text)) return 'diverged';
    return sse.state === 'open' ? undefined : 'stopped';
  };
  return waiting(this, sse, {
    matcher: 'toStreamText',
    within: options.within,
    check,
    pass: (result) => result === 'match',
    print: ({ result, limit }) => {
      const answer = describeAnswer(view);
      let received = answer;
      if (result === 'diverged')
        received = `${answer}, which parts from it at character ${divergence(expected as string, view.text)}`;
      else if (result === 'stopped') received = `${answer}; the stream ${stopped(sse)}`;
      else if (result === TIMED_OUT) received = `${answer} after ${showMs(limit.ms)}`;
      return {
        expected: `${this.isNot ? 'an answer other than' : 'the answer'} ${printValue(expected)}`,
        received,
      };
    },
  });
}

/** The first position where `actual` is not the beginning of `expected`. */
function divergence(expected: string, actual: string): number {
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  return i;
}
