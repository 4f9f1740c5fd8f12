import { test as base, expect as baseExpect } from '@playwright/test';
import { sseFixtures, sseMatchers } from 'sse-test/playwright';

// sse-test's pieces on a test and an expect of your own (mergeTests and mergeExpects with sse-test's
// `test` and `expect` do the same).
const test = base.extend(sseFixtures).extend<{ prompt: object }>({
  prompt: { model: 'demo', stream: true, messages: [{ role: 'user', content: 'Hi' }] },
});
const expect = baseExpect.extend(sseMatchers);

test('your fixtures next to sse and sseServer', async ({ sse, prompt }) => {
  const stream = await sse.open('/v1/chat/completions', { method: 'POST', json: prompt });
  await expect(stream).toReceiveEvent('message', '[DONE]');
});
