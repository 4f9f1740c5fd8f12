import { open } from 'sse-test';
import { expect, inject, test } from 'vitest';

const baseURL = inject('demoURL');

test('a chat completion streams content deltas and ends with [DONE]', async () => {
  const stream = await open('/v1/chat/completions', {
    baseURL,
    method: 'POST',
    json: { model: 'demo', stream: true, messages: [{ role: 'user', content: 'Hi' }] },
  });
  expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);

  let text = '';
  for await (const event of stream) {
    if (event.data === '[DONE]') break;
    text += event.json<{ choices: [{ delta: { content?: string } }] }>().choices[0].delta.content ?? '';
  }
  expect(text).toBe('Hello! How can I help you today?');
  expect(stream.timing.firstEvent).toBeLessThan(2_000); // time to first token, generously
  await stream.close();
});

test('a bad request is an answer to assert on, not an exception', async () => {
  const stream = await open('/v1/chat/completions', { baseURL, method: 'POST', json: { stream: true } });
  expect(stream.status).toBe(400);
  expect(stream.ok).toBe(false);
  expect(JSON.parse(stream.body ?? '')).toMatchObject({ error: { type: 'invalid_request_error' } });
});
