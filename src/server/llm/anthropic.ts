import { freshId, type LlmProvider, type Step, type WireEvent } from './provider.ts';

const errorTypes: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

/**
 * Anthropic Messages: `event:` equal to the JSON `type`; `message_start` (with `usage.input_tokens`),
 * a `ping`, one content block per part of the answer (`thinking`, `text`, `tool_use`), each
 * `content_block_start`, its deltas, `content_block_stop`; then `message_delta` with `stop_reason`
 * and the cumulative `usage.output_tokens`, and `message_stop`. A failure midway is an `error` event
 * that ends the stream.
 */
export const anthropic: LlmProvider = {
  errorType(status) {
    if (status === undefined) return 'overloaded_error';
    return errorTypes[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  },
  errorBody: (error) => ({ type: 'error', error: { type: error.type, message: error.message } }),
  answer(script) {
    const event = (type: string, fields: object = {}): WireEvent => ({
      event: type,
      data: { type, ...fields },
    });
    let index = 0;
    function* block(
      contentBlock: object,
      deltas: Iterable<object>,
      closing: Iterable<object> = [],
    ): Generator<Step> {
      yield event('content_block_start', { index, content_block: contentBlock });
      for (const delta of deltas) {
        yield 'piece';
        yield event('content_block_delta', { index, delta });
      }
      for (const delta of closing) yield event('content_block_delta', { index, delta });
      yield event('content_block_stop', { index });
      index++;
    }
    function* steps(): Generator<Step> {
      const { usage } = script;
      yield event('message_start', {
        message: {
          id: script.id ?? freshId('msg_'),
          type: 'message',
          role: 'assistant',
          model: script.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: usage.inputTokens, output_tokens: 0 },
        },
      });
      yield event('ping');
      if (script.reasoning.length > 0) {
        yield* block(
          { type: 'thinking', thinking: '', signature: '' },
          script.reasoning.map((thinking) => ({ type: 'thinking_delta', thinking })),
          // The real API signs its thinking; a client must keep the signature but cannot check it.
          [
            {
              type: 'signature_delta',
              signature: Buffer.from('sse-test scripted thinking').toString('base64'),
            },
          ],
        );
      }
      if (script.text.length > 0) {
        yield* block(
          { type: 'text', text: '' },
          script.text.map((text) => ({ type: 'text_delta', text })),
        );
      }
      for (const call of script.toolCalls) {
        yield* block(
          { type: 'tool_use', id: call.id ?? freshId('toolu_'), name: call.name, input: {} },
          call.pieces.map((json) => ({ type: 'input_json_delta', partial_json: json })),
        );
      }
      yield 'finish';
      const stopReason = script.finishReason ?? (script.toolCalls.length > 0 ? 'tool_use' : 'end_turn');
      yield event('message_delta', {
        delta: { stop_reason: stopReason, stop_sequence: null },
        usage: { output_tokens: usage.outputTokens },
      });
      yield event('message_stop');
    }
    return {
      steps: steps(),
      failure: (error) => [event('error', { error: { type: error.type, message: error.message } })],
    };
  },
};
