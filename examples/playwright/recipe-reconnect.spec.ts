import { expect, test } from 'sse-test/playwright';

test('a stream that ends resumes after Last-Event-ID until the server says 204', async ({ sse }) => {
  const stream = await sse.open('/feed', { reconnect: { maxAttempts: 5 } });
  await expect(stream).toReceiveEvents(['item', 'item', 'item']);
  await expect(stream).toReconnect({ lastEventId: '3' });
  await expect(stream).toEnd();
  expect(stream.events.map((event) => event.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  expect(stream.timing.connections).toBe(4);
  expect(stream.retry).toBe(100); // the server's retry: field, which the reconnections waited
});

test('resume from a known id with lastEventId', async ({ sse }) => {
  const stream = await sse.open('/feed', { lastEventId: '8' });
  await expect(stream).toEnd();
  expect(stream.events.map((event) => event.json())).toEqual([{ n: 9 }, { n: 10 }]);
});
