import { expect, test } from 'sse-test/vitest';
import { inject } from 'vitest';

test.override({ sseOptions: { baseURL: inject('demoURL') } });

const prompt = { model: 'demo', stream: true, messages: [{ role: 'user', content: 'Hi' }] };

test('toReceiveEvent: by type, data, id; each call moves the cursor', async ({ sse }) => {
  const stream = await sse.open('/ticker');
  await expect(stream).toReceiveEvent('price'); // #0: any price
  await expect(stream).toReceiveEvent('price', { symbol: 'ACME' }); // skips #1, matches #2
  await expect(stream).toReceiveEvent({ type: 'price', id: '4' }, { strict: true }); // exactly the next one
  await expect(stream).toReceiveEvent('price', /"price":10[5-9]/, { within: 1_000 });
  await expect(stream).toReceiveEvent('price', expect.objectContaining({ symbol: expect.any(String) }));
  await expect(stream).toReceiveEvent('price', (data: { price: number }) => data.price > 106);
});

test('toReceiveEvents: in order, others may come between unless strict', async ({ sse }) => {
  const stream = await sse.open('/v1/chat/completions', { method: 'POST', json: prompt });
  await expect(stream).toReceiveEvents([
    { data: { choices: [{ delta: { content: 'Hello' } }] } },
    { data: { choices: [{ delta: { content: ' help' } }] } },
  ]);
  await expect(stream).toReceiveEvents([{ data: expect.stringContaining('" you"') }, { data: /today/ }], {
    strict: true,
  });
});

test('.not.toReceiveEvent: no such event within the window', async ({ sse }) => {
  const stream = await sse.open('/ticker');
  await expect(stream).not.toReceiveEvent('error', undefined, { within: 300 });
  await expect(stream).not.toReceiveEvent('price', { symbol: 'UMBRELLA' }, { within: 300 });
});

test('toHaveReceivedEvent: anything so far, now, whatever the cursor', async ({ sse }) => {
  const stream = await sse.open('/ticker');
  await expect(stream).toReceiveEvent({ id: '3' });
  expect(stream).toHaveReceivedEvent('price', { symbol: 'GLOBEX', price: 101 }); // #0, behind the cursor
  expect(stream).not.toHaveReceivedEvent({ id: '40' }); // not yet
});
