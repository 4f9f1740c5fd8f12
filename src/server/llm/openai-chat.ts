import { freshId, type LlmProvider, type ProviderError, type Step } from './provider.ts';
import type { Script } from './script.ts';

/** OpenAI's error words, shared by chat completions and Responses. */
export const openaiErrors: Pick<LlmProvider, 'errorType' | 'errorBody'> = {
  errorType(status) {
    if (status === undefined || status >= 500) return 'server_error';
    if (status === 429) return 'rate_limit_exceeded';
    return status === 401 ? 'invalid_api_key' : 'invalid_request_error';
  },
  errorBody: (error) => ({ error: openaiError(error) }),
};

/** The `error` object OpenAI sends, in a body or a stream. */
export function openaiError(error: ProviderError): object {
  return { message: error.message, type: error.type, param: null, code: error.type };
}

/**
 * OpenAI chat completions: `data:` chunks of `choices[].delta` (the role first, then content or
 * `tool_calls` pieces), a chunk with `finish_reason`, the usage chunk with empty `choices` when the
 * request asks (`stream_options.include_usage`) or `usage` is scripted, then `data: [DONE]`. There is
 * no standard field for reasoning, so it is only counted in `completion_tokens_details`.
 */
export const openaiChat: LlmProvider = {
  ...openaiErrors,
  answer(script) {
    const id = script.id ?? freshId('chatcmpl-');
    const created = Math.floor(Date.now() / 1000);
    const withUsage = script.usageGiven || includeUsage(script.body);
    // With include_usage every chunk carries `usage: null` but the last.
    const chunk = (choices: unknown[], usage: object | null = null) => ({
      data: {
        id,
        object: 'chat.completion.chunk',
        created,
        model: script.model,
        choices,
        ...(withUsage && { usage }),
      },
    });
    const delta = (fields: object, finishReason: string | null = null) =>
      chunk([{ index: 0, delta: fields, logprobs: null, finish_reason: finishReason }]);
    function* steps(): Generator<Step> {
      // A tool-only answer opens with `content: null`, any other with `''`.
      const opening = script.text.length === 0 && script.toolCalls.length > 0 ? null : '';
      yield delta({ role: 'assistant', content: opening, refusal: null });
      for (const content of script.text) {
        yield 'piece';
        yield delta({ content });
      }
      for (const [index, call] of script.toolCalls.entries()) {
        const opening = {
          index,
          id: call.id ?? freshId('call_'),
          type: 'function',
          function: { name: call.name, arguments: '' },
        };
        yield delta({ tool_calls: [opening] });
        for (const piece of call.pieces) {
          yield 'piece';
          yield delta({ tool_calls: [{ index, function: { arguments: piece } }] });
        }
      }
      yield 'finish';
      yield delta({}, script.finishReason ?? (script.toolCalls.length > 0 ? 'tool_calls' : 'stop'));
      if (withUsage) yield chunk([], usageOf(script));
      yield { data: '[DONE]' };
    }
    // A failure mid-stream is one `{ error }` chunk, and the stream ends without [DONE].
    return { steps: steps(), failure: (error) => [{ data: { error: openaiError(error) } }] };
  },
};

function includeUsage(body: Script['body']): boolean {
  const options = body?.stream_options;
  return (
    typeof options === 'object' &&
    options !== null &&
    'include_usage' in options &&
    options.include_usage === true
  );
}

function usageOf({ usage }: Script): object {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.totalTokens,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  };
}
