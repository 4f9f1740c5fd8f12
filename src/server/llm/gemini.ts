import { freshId, type LlmProvider, type ProviderError, type Step, type WireEvent } from './provider.ts';

/** google.rpc status names by HTTP status, as the Gemini API reports them. */
const statuses: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/**
 * Gemini `streamGenerateContent?alt=sse`: `data:` only, each a full `GenerateContentResponse` with
 * one candidate: a part per piece (reasoning as `thought: true` parts), a whole `functionCall` part
 * per tool call, and a last chunk with `finishReason` and `usageMetadata`; no terminal event. A
 * failure midway is a chunk holding only `error` (`code`, `message`, `status`), as the Google SDKs
 * check for.
 */
export const gemini: LlmProvider = {
  errorType(status) {
    if (status === undefined) return 'INTERNAL';
    return statuses[status] ?? (status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT');
  },
  errorBody: (error) => ({ error: rpcError(error) }),
  answer(script) {
    const responseId = script.id ?? freshId('');
    const chunk = (parts: object[], fields: object = {}, top: object = {}): WireEvent => ({
      data: {
        candidates: [{ content: { parts, role: 'model' }, index: 0, ...fields }],
        ...top,
        modelVersion: script.model,
        responseId,
      },
    });
    function* steps(): Generator<Step> {
      for (const text of script.reasoning) {
        yield 'piece';
        yield chunk([{ text, thought: true }]);
      }
      for (const text of script.text) {
        yield 'piece';
        yield chunk([{ text }]);
      }
      for (const call of script.toolCalls) {
        yield 'piece';
        const args: unknown = JSON.parse(call.arguments);
        yield chunk([
          { functionCall: { ...(call.id !== undefined && { id: call.id }), name: call.name, args } },
        ]);
      }
      yield 'finish';
      const { usage } = script;
      // candidatesTokenCount leaves out the thoughts, which Gemini counts on their own.
      const usageMetadata = {
        promptTokenCount: usage.inputTokens,
        candidatesTokenCount: usage.outputTokens - (usage.reasoningTokens ?? 0),
        totalTokenCount: usage.totalTokens,
        ...(usage.reasoningTokens !== undefined && { thoughtsTokenCount: usage.reasoningTokens }),
      };
      yield chunk([{ text: '' }], { finishReason: script.finishReason ?? 'STOP' }, { usageMetadata });
    }
    return { steps: steps(), failure: (error) => [{ data: { error: rpcError(error) } }] };
  },
};

function rpcError(error: ProviderError): object {
  const code =
    error.status ?? Number(Object.entries(statuses).find(([, status]) => status === error.type)?.[0] ?? 500);
  return { code, message: error.message, status: error.type };
}
