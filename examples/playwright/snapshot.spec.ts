import { expect, test } from 'sse-test/playwright';

const prompt = { model: 'demo', stream: true, messages: [{ role: 'user', content: 'Hi' }] };

test('the chat answer keeps its contract, gaps within 250 ms', async ({ sse }) => {
  const stream = await sse.open('/v1/chat/completions', { method: 'POST', json: prompt });
  // Next to Playwright's own snapshots (snapshot.spec.ts-snapshots/); --update-snapshots rewrites it.
  await expect(stream).toMatchStreamSnapshot('chat answer', {
    mask: ['$.id'],
    timing: { tolerance: 250 },
  });
});
