import { open } from 'sse-test';
import { expect, inject, test } from 'vitest';

const baseURL = inject('demoURL');

test('a resumable feed picks up after Last-Event-ID across reconnections', async () => {
  const stream = await open('/feed', { baseURL, reconnect: { maxAttempts: 5 } });
  expect(await stream.closed).toBe('ended'); // the server answers 204 once it has nothing left
  expect(stream.events.map((event) => event.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  expect(stream.timing.connections).toBe(4);
  expect(stream.retry).toBe(100);
});

test('resume from a known id with lastEventId', async () => {
  const stream = await open('/feed', { baseURL, lastEventId: '8' });
  await stream.closed;
  expect(stream.events.map((event) => event.json())).toEqual([{ n: 9 }, { n: 10 }]);
});
