import { expect, test } from 'sse-test/vitest';
import { inject } from 'vitest';

test.override({ sseOptions: { baseURL: inject('demoURL') } });

test('the ticker streams price events with ids', async ({ sse }) => {
  const stream = await sse.open('/ticker');
  expect(stream).toBeEventStream();
  await expect(stream).toReceiveEvent('price', { symbol: 'GLOBEX', price: 101 });
  await expect(stream).toReceiveEvent({ type: 'price', id: '2' }, { within: 1_000 });
});
