import type { SseEvent } from 'sse-test';
import { expect, test } from 'sse-test/vitest';
import { inject } from 'vitest';

test.override({ sseOptions: { baseURL: inject('demoURL') } });

const prompt = { model: 'demo', stream: true, messages: [{ role: 'user', content: 'Hi' }] };
type Chunk = { choices: { delta: { content?: string } }[] };
const hasContent = (event: SseEvent) =>
  event.data !== '[DONE]' && Boolean(event.json<Chunk>().choices[0]?.delta.content);

test('time to first token: the first chunk with non-empty delta.content', async ({ sse }) => {
  const stream = await sse.open('/v1/chat/completions', { method: 'POST', json: prompt });
  let event = await stream.next({ within: 2_000 });
  while (!hasContent(event)) event = await stream.next({ within: 2_000 });

  expect(event.time).toBeLessThan(500); // ms since the request started
  expect(stream.timing.firstEvent).toBeLessThan(event.time); // the role-only chunk came first
  await expect(stream).toReceiveEvent('message', '[DONE]');
});
