import { open } from 'sse-test';
import { expect, inject, test } from 'vitest';

const baseURL = inject('demoURL');

test('the ticker streams price events with ids', async () => {
  await using stream = await open('/ticker', { baseURL });
  expect(stream.status).toBe(200);
  expect(stream.ok).toBe(true);

  const first = await stream.next({ within: 2_000 });
  expect(first.type).toBe('price');
  expect(first.id).toBe('1');
  expect(first.json()).toEqual({ symbol: 'GLOBEX', price: 101 });

  const second = await stream.next({ within: 2_000 });
  expect(second.id).toBe('2');
  expect(second.time).toBeGreaterThan(first.time);
});
