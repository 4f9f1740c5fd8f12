import { expect, test } from 'sse-test/vitest';
import { inject } from 'vitest';

test.override({ sseOptions: { baseURL: inject('demoURL') } });

const prompt = { model: 'demo', stream: true, messages: [{ role: 'user', content: 'Hi' }] };

test('toEnd: the server finishes the stream cleanly', async ({ sse }) => {
  const stream = await sse.open('/v1/chat/completions', { method: 'POST', json: prompt });
  await expect(stream).toReceiveEvent('message', '[DONE]');
  await expect(stream).toEnd({ within: 1_000 });
});

test('toStayOpen: still open after a while', async ({ sse }) => {
  const heartbeat = await sse.open('/heartbeat');
  await expect(heartbeat).toStayOpen({ for: 500 });
  const chat = await sse.open('/v1/chat/completions', { method: 'POST', json: prompt });
  await expect(chat).not.toStayOpen({ for: 2_000 }); // it ends within 2 s
});

test('toReconnect: a reconnection sending Last-Event-ID', async ({ sse }) => {
  const stream = await sse.open('/feed', { reconnect: true }); // /feed ends after 3 items, retry: 100
  await expect(stream).toReceiveEvent('item', { n: 3 });
  await expect(stream).toReconnect({ within: 2_000, lastEventId: '3' });
  await expect(stream).toReceiveEvent('item', { n: 4 }, { strict: true });
});
