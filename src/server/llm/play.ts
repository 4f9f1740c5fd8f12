import type { LlmProtocolName } from '../../llm/protocol.ts';
import type { SseWriter } from '../writer.ts';
import { anthropic } from './anthropic.ts';
import { gemini } from './gemini.ts';
import { openaiChat } from './openai-chat.ts';
import { openaiResponses } from './openai-responses.ts';
import type { Answer, LlmProvider, ProviderError, WireEvent } from './provider.ts';
import { type LlmScript, resolveScript, type Script } from './script.ts';

const providers: Readonly<Record<LlmProtocolName, LlmProvider>> = {
  openaiChat,
  openaiResponses,
  anthropic,
  gemini,
};

/**
 * Answers on `writer` as `protocol`'s provider would, following `options`: the provider's events
 * in order, `firstTokenDelay` before the first piece and `tokenDelay` before each later one, and the
 * error, when scripted, in place of the piece it comes after (or of the closing events).
 *
 * @returns Resolves once the answer is written, or at once when the client goes away.
 * @throws {TypeError | RangeError} At once, on an unknown protocol or a misused option.
 */
export function playLlm(writer: SseWriter, protocol: LlmProtocolName, options: LlmScript): Promise<void> {
  const provider = Object.hasOwn(providers, protocol) ? providers[protocol] : undefined;
  if (provider === undefined) {
    const names = Object.keys(providers).map((name) => `'${name}'`);
    throw new TypeError(
      `llm(): unknown protocol ${JSON.stringify(protocol)}; use one of ${names.join(', ')}.`,
    );
  }
  const script = resolveScript(options, writer.request);
  const error = providerError(provider, script.error);
  if (error?.status !== undefined) return writer.respond(error.status, provider.errorBody(error));
  return play(writer, script, provider.answer(script), error);
}

async function play(
  writer: SseWriter,
  script: Script,
  answer: Answer,
  error: ProviderError | undefined,
): Promise<void> {
  let pieces = 0;
  for (const step of answer.steps) {
    if (writer.closed) return;
    if (typeof step !== 'string') {
      if (!(await send(writer, step))) return;
      continue;
    }
    const failing = error !== undefined && (step === 'finish' || pieces === script.error?.after);
    if (step === 'piece' || failing)
      await writer.sleep(pieces === 0 ? script.firstTokenDelay : script.tokenDelay);
    if (failing) {
      for (const event of answer.failure(error)) await send(writer, event);
      return;
    }
    if (step === 'piece') pieces++;
  }
}

function providerError(provider: LlmProvider, scripted: Script['error']): ProviderError | undefined {
  if (scripted === undefined) return undefined;
  const type = scripted.type ?? provider.errorType(scripted.status);
  return {
    status: scripted.status,
    type,
    message: scripted.message ?? `The scripted model failed: ${type}.`,
  };
}

function send(writer: SseWriter, event: WireEvent): Promise<boolean> {
  return writer.send({ event: event.event, data: event.data });
}
