import type { SseEvent } from '../client/event.ts';
import type { SseStream } from '../client/stream.ts';
import { unknownProtocol } from '../errors/llm.ts';
import type { LlmProtocol, LlmProtocolName } from './protocol.ts';
import { detectProtocol, llmProtocols } from './protocols/index.ts';
import { LlmView, type LlmViewOptions } from './view.ts';

/** Views already made, per stream, so a waiting matcher that looks again reads only new events. */
const views = new WeakMap<SseStream, Map<string, LlmView>>();

/**
 * Reads an LLM token stream through its provider's protocol: the answer's text, reasoning, tool
 * calls, finish reason and usage, and the timings `timeToFirstToken`, `interChunkGaps`,
 * `timePerOutputToken` and `endToEnd` (each defined in docs/llm.md). The view is live: it reflects
 * the events so far each time it is read.
 *
 * @param protocol - `'openaiChat'`, `'openaiResponses'`, `'anthropic'`, `'gemini'` or a protocol
 *   object; default: detected from the first events (undefined until they come).
 * @param options - `trigger`: what counts as the first token (default `'answer'`).
 * @throws {SseError} `invalid-option` for a protocol name sse-test does not know.
 * @example
 * const stream = await sse.open('/v1/chat/completions', { method: 'POST', json: { stream: true, messages } });
 * await expect(stream).toEnd();
 * const answer = llm(stream);
 * expect(answer.text).toContain('Paris');
 * expect(answer.finishReason).toBe('stop');
 */
export function llm(
  stream: SseStream,
  protocol?: LlmProtocol | LlmProtocolName,
  options: LlmViewOptions = {},
): LlmView {
  const given = typeof protocol === 'string' ? byName(protocol) : protocol;
  const key = `${given?.name ?? '(detect)'} ${options.trigger ?? 'answer'}`;
  let perStream = views.get(stream);
  if (!perStream) {
    perStream = new Map();
    views.set(stream, perStream);
  }
  let view = perStream.get(key);
  if (!view) {
    view = new LlmView(stream, given ?? (() => detectProtocol(firstEvents(stream))), options);
    perStream.set(key, view);
  }
  return view;
}

/** Events enough to tell the protocols apart. */
function firstEvents(stream: SseStream) {
  const { recording } = stream;
  const events: SseEvent[] = [];
  for (let i = 0; i < Math.min(recording.count, 5); i++)
    events.push(recording.event(i) as NonNullable<ReturnType<typeof recording.event>>);
  return events;
}

function byName(name: string): LlmProtocol {
  const protocol = llmProtocols.find((candidate) => candidate.name === name);
  if (!protocol)
    throw unknownProtocol(
      name,
      llmProtocols.map((known) => known.name),
    );
  return protocol;
}
