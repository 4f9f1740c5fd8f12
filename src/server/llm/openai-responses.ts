import { openaiErrors } from './openai-chat.ts';
import { freshId, type LlmProvider, type Step, type WireEvent } from './provider.ts';

/**
 * OpenAI Responses: typed events (`event:` equal to the JSON `type`, `sequence_number` counting up
 * from 0): `response.created`, `response.in_progress`, then one output item per part of the answer
 * (reasoning summary, message, function calls), each `added`, its deltas, `done`, and the terminal
 * `response.<finishReason>` (`completed`, `incomplete`) with the whole output and `usage`; a failure
 * midway is `response.failed` with `response.error`.
 */
export const openaiResponses: LlmProvider = {
  ...openaiErrors,
  answer(script) {
    const id = script.id ?? freshId('resp_');
    const createdAt = Math.floor(Date.now() / 1000);
    const output: object[] = [];
    let sequence = 0;
    const event = (type: string, fields: object): WireEvent => ({
      event: type,
      data: { type, sequence_number: sequence++, ...fields },
    });
    const response = (status: string, fields: object = {}) => ({
      id,
      object: 'response',
      created_at: createdAt,
      status,
      model: script.model,
      output: [...output],
      error: null,
      incomplete_details: null,
      usage: null,
      ...fields,
    });
    /** One output item: added, what `body` yields, then done with the item `done()` builds after it. */
    function* item(
      added: { readonly id: string; readonly [field: string]: unknown },
      body: (at: { item_id: string; output_index: number }) => Iterable<Step>,
      done: () => object,
    ): Generator<Step> {
      const at = { item_id: added.id, output_index: output.length };
      yield event('response.output_item.added', { output_index: at.output_index, item: added });
      yield* body(at);
      const finished = done();
      output.push(finished);
      yield event('response.output_item.done', { output_index: at.output_index, item: finished });
    }
    function* deltas(type: string, pieces: readonly string[], fields: object): Generator<Step> {
      for (const delta of pieces) {
        yield 'piece';
        yield event(type, { ...fields, delta });
      }
    }
    function* steps(): Generator<Step> {
      yield event('response.created', { response: response('in_progress') });
      yield event('response.in_progress', { response: response('in_progress') });
      if (script.reasoning.length > 0) {
        const text = script.reasoning.join('');
        const part = (text: string) => ({ type: 'summary_text', text });
        const reasoning = { id: freshId('rs_'), type: 'reasoning' };
        yield* item(
          { ...reasoning, summary: [] },
          function* (at) {
            const where = { ...at, summary_index: 0 };
            yield event('response.reasoning_summary_part.added', { ...where, part: part('') });
            yield* deltas('response.reasoning_summary_text.delta', script.reasoning, where);
            yield event('response.reasoning_summary_text.done', { ...where, text });
            yield event('response.reasoning_summary_part.done', { ...where, part: part(text) });
          },
          () => ({ ...reasoning, summary: [part(text)] }),
        );
      }
      if (script.text.length > 0) {
        const text = script.text.join('');
        const part = (text: string) => ({ type: 'output_text', text, annotations: [] });
        const message = { id: freshId('msg_'), type: 'message', role: 'assistant' };
        yield* item(
          { ...message, status: 'in_progress', content: [] },
          function* (at) {
            const where = { ...at, content_index: 0 };
            yield event('response.content_part.added', { ...where, part: part('') });
            yield* deltas('response.output_text.delta', script.text, { ...where, logprobs: [] });
            yield event('response.output_text.done', { ...where, text, logprobs: [] });
            yield event('response.content_part.done', { ...where, part: part(text) });
          },
          () => ({ ...message, status: 'completed', content: [part(text)] }),
        );
      }
      for (const call of script.toolCalls) {
        const fields = {
          id: freshId('fc_'),
          type: 'function_call',
          call_id: call.id ?? freshId('call_'),
          name: call.name,
        };
        yield* item(
          { ...fields, status: 'in_progress', arguments: '' },
          function* (at) {
            yield* deltas('response.function_call_arguments.delta', call.pieces, at);
            yield event('response.function_call_arguments.done', {
              ...at,
              name: call.name,
              arguments: call.arguments,
            });
          },
          () => ({ ...fields, status: 'completed', arguments: call.arguments }),
        );
      }
      yield 'finish';
      const status = script.finishReason ?? 'completed';
      const { usage } = script;
      yield event(`response.${status}`, {
        response: response(status, {
          incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
          usage: {
            input_tokens: usage.inputTokens,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens: usage.outputTokens,
            output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
            total_tokens: usage.totalTokens,
          },
        }),
      });
    }
    return {
      steps: steps(),
      failure: (error) => [
        event('response.failed', {
          response: response('failed', { error: { code: error.type, message: error.message } }),
        }),
      ],
    };
  },
};
