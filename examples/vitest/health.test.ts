import { expect, test } from 'sse-test/vitest';
import { inject } from 'vitest';

test.override({ sseOptions: { baseURL: inject('demoURL') } });

const prompt = { model: 'demo', stream: true, messages: [{ role: 'user', content: 'Hi' }] };

test('toStreamIncrementally: events spread over time, not flushed at the end', async ({ sse }) => {
  const stream = await sse.open('/v1/chat/completions', { method: 'POST', json: prompt });
  await expect(stream).toStreamIncrementally({ minBursts: 5 });
});

test('toBeWellFormed: the raw stream broke no rule of the format', async ({ sse }) => {
  const stream = await sse.open('/v1/chat/completions', { method: 'POST', json: prompt });
  await expect(stream).toEnd();
  expect(stream).toBeWellFormed();
});
