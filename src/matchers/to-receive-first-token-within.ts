import type { SseStream } from '../client/stream.ts';
import type { FirstTokenTrigger } from '../llm/view.ts';
import type { SseMatcherContext } from './context.ts';
import { describeAnswer, type LlmMatcherOptions, viewOf } from './llm-stream.ts';
import { checkMs, showMs, sinceOpen, stopped } from './moments.ts';
import { type MatcherResult, streamOf } from './receiver.ts';
import { waiting } from './waiting.ts';

const STOPPED = Symbol('stopped');

/** Options of {@link toReceiveFirstTokenWithin}. */
export interface FirstTokenOptions extends Omit<LlmMatcherOptions, 'within'> {
  /** What counts as the first token (see docs/llm.md); default `'answer'`. */
  trigger?: FirstTokenTrigger | undefined;
}

const WHAT: Record<FirstTokenTrigger, string> = {
  answer: 'the first answer token',
  content: 'the first content token (answer or reasoning)',
  any: 'the first event',
};

/**
 * Passes when an LLM stream's first token (`llm(stream).timeToFirstToken`: by default the first
 * non-empty answer text or tool call) arrived at most `ms` after the request started. If none has
 * come yet, waits until `ms` after the request, then fails; fails at once if the stream stops first.
 *
 * @param ms - the budget, counted from the request start (`open()`), not from this call.
 * @example
 * await expect(stream).toReceiveFirstTokenWithin(500);
 * await expect(stream).toReceiveFirstTokenWithin(2_000, { trigger: 'content' }); // reasoning counts
 */
export async function toReceiveFirstTokenWithin(
  this: SseMatcherContext,
  stream: SseStream,
  ms: number,
  options: FirstTokenOptions = {},
): Promise<MatcherResult> {
  const sse = streamOf(stream, 'toReceiveFirstTokenWithin');
  const budget = checkMs(ms, 'toReceiveFirstTokenWithin', 'the time to the first token');
  const trigger = options.trigger ?? 'answer';
  const view = viewOf(sse, options, trigger);
  const elapsed = sinceOpen(sse);
  return waiting(this, sse, {
    matcher: 'toReceiveFirstTokenWithin',
    within: Math.max(0, budget - elapsed),
    check: () => view.timeToFirstToken ?? (sse.state === 'open' ? undefined : STOPPED),
    pass: (result) => typeof result === 'number' && result <= budget,
    print: ({ result, limit, timeout }) => {
      let received: string;
      if (typeof result === 'number') received = `${WHAT[trigger]} at ${showMs(result)}`;
      else if (result === STOPPED) received = `no token; the stream ${stopped(sse)}; ${describeAnswer(view)}`;
      else received = `no token after ${showMs(sinceOpen(sse))}; ${describeAnswer(view)}`;
      return {
        expectedArg: 'ms',
        expected: `${this.isNot ? 'no token' : WHAT[trigger]} within ${budget} ms of the request`,
        received,
        timeout:
          timeout && (limit.asked === undefined ? { ms: budget } : { ms: elapsed + limit.ms, asked: budget }),
      };
    },
  });
}
