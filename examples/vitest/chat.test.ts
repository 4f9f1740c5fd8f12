import { expect, test } from 'sse-test/vitest';
import { inject } from 'vitest';

test.override({ sseOptions: { baseURL: inject('demoURL') }, sseExpectTimeout: 2_000 });

const prompt = { model: 'demo', stream: true, messages: [{ role: 'user', content: 'Hi' }] };
type Chunk = { choices: { delta: { content?: string } }[] };

test('a chat completion streams deltas, then [DONE]', async ({ sse }) => {
  const stream = await sse.open('/v1/chat/completions', { method: 'POST', json: prompt });
  expect(stream).toBeEventStream();
  await expect(stream).toReceiveEvents([
    { data: { choices: [{ delta: { role: 'assistant' } }] } },
    { data: { choices: [{ delta: { content: 'Hello' } }] } },
    { data: { choices: [{ finish_reason: 'stop' }] } },
    { data: '[DONE]' },
  ]);
  await expect(stream).toEnd();

  const chunks = stream.events.filter((event) => event.data !== '[DONE]');
  const text = chunks.map((event) => event.json<Chunk>().choices[0]?.delta.content ?? '').join('');
  expect(text).toBe('Hello! How can I help you today?');
});

test('a bad request is an answer to assert on, not an exception', async ({ sse }) => {
  const stream = await sse.open('/v1/chat/completions', { method: 'POST', json: { stream: true } });
  expect(stream).toHaveStatus(400);
  expect(stream).not.toBeEventStream();
  expect(JSON.parse(stream.body ?? '')).toMatchObject({ error: { type: 'invalid_request_error' } });
});
