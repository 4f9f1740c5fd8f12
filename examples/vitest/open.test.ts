import { open } from 'sse-test';
import { expect, inject, test } from 'vitest';

// Without a fixture: open() from 'sse-test', and Vitest's own expect, whose sse-test matchers
// come from `setupFiles: ['sse-test/vitest/setup']` (see ../vitest.config.ts).
const baseURL = inject('demoURL');

test('open() records a stream you can read event by event', async () => {
  await using stream = await open('/ticker', { baseURL });
  expect(stream.status).toBe(200);
  expect(stream.ok).toBe(true); // 200 and text/event-stream

  const first = await stream.next({ within: 2_000 });
  expect(first).toMatchObject({ type: 'price', id: '1', index: 0 });
  expect(first.json()).toEqual({ symbol: 'GLOBEX', price: 101 });
  await expect(stream).toReceiveEvent({ type: 'price', id: '2' }); // the matchers share the read cursor
});

test('for await reads every event until the stream stops', async () => {
  const stream = await open('/v1/chat/completions', {
    baseURL,
    method: 'POST',
    json: { model: 'demo', stream: true, messages: [{ role: 'user', content: 'Hi' }] },
  });
  let text = '';
  for await (const event of stream) {
    if (event.data === '[DONE]') break;
    text += event.json<{ choices: [{ delta: { content?: string } }] }>().choices[0].delta.content ?? '';
  }
  expect(text).toBe('Hello! How can I help you today?');
  expect(stream.timing.firstEvent).toBeGreaterThanOrEqual(stream.timing.headers ?? 0);
  await stream.close();
});
