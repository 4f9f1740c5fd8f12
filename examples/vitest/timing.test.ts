import { expect, test } from 'sse-test/vitest';
import { inject } from 'vitest';

test.override({ sseOptions: { baseURL: inject('demoURL') } });

test('toReceiveFirstEventWithin: time to first event, from the request', async ({ sse }) => {
  const stream = await sse.open('/ticker');
  await expect(stream).toReceiveFirstEventWithin(500);
});

test('toKeepGapsBelow: no silence longer than ms for a while', async ({ sse }) => {
  const stream = await sse.open('/ticker'); // an event every 50 ms
  await expect(stream).toKeepGapsBelow(250, { for: 1_000 });
});
