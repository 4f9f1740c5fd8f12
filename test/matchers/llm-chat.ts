import type { SseEventInit, SseServer } from '../../src/server.ts';

/** One OpenAI chat completion chunk, as the event that carries it. */
export function chatChunk(delta: object, finish: string | null = null): SseEventInit {
  const choices = [{ index: 0, delta, finish_reason: finish }];
  return { data: { id: 'c1', object: 'chat.completion.chunk', choices } };
}

/**
 * Serves an OpenAI-style chat answer on `/s`: the role chunk, one chunk per piece `pause` ms apart,
 * the finish chunk (unless `finish` is null), `[DONE]` (unless `hold`: then the stream stays open).
 */
export function serveChat(
  server: SseServer,
  pieces: readonly string[],
  options: { finish?: string | null; pause?: number; hold?: boolean; firstDelay?: number } = {},
): void {
  server.route('/s', async (sse) => {
    await sse.send(chatChunk({ role: 'assistant', content: '' }));
    await sse.sleep(options.firstDelay ?? 0);
    for (const piece of pieces) {
      await sse.send(chatChunk({ content: piece }));
      await sse.sleep(options.pause ?? 5);
    }
    if (options.finish !== null) await sse.send(chatChunk({}, options.finish ?? 'stop'));
    if (options.hold) return sse.sleep(60_000);
    await sse.send('[DONE]');
  });
}
