import { expect, test } from 'sse-test/vitest';
import { inject } from 'vitest';

test.override({ sseOptions: { baseURL: inject('demoURL') } });

const prompt = { model: 'demo', stream: true, messages: [{ role: 'user', content: 'Hi' }] };

test('the chat answer keeps its contract', async ({ sse }) => {
  const stream = await sse.open('/v1/chat/completions', { method: 'POST', json: prompt });
  // The file: __snapshots__/snapshot.test.ts-streams/chat-answer.sse.txt. `vitest -u` rewrites it;
  // in CI (CI=true) a missing one fails instead of being written.
  await expect(stream).toMatchStreamSnapshot('chat answer', { mask: { '$.id': expect.any(String) } });
});
