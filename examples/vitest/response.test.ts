import { expect, test } from 'sse-test/vitest';
import { inject } from 'vitest';

test.override({ sseOptions: { baseURL: inject('demoURL') } });

test('toHaveStatus', async ({ sse }) => {
  expect(await sse.open('/ticker')).toHaveStatus(200);
  expect(await sse.open('/v1/chat/completions', { method: 'POST', json: {} })).toHaveStatus(400);
});

test('toHaveHeader', async ({ sse }) => {
  const stream = await sse.open('/ticker');
  expect(stream).toHaveHeader('Content-Type', /^text\/event-stream/);
  expect(stream).toHaveHeader('cache-control', 'no-cache');
  expect(stream).not.toHaveHeader('content-encoding');
});

test('toBeEventStream', async ({ sse }) => {
  expect(await sse.open('/ticker')).toBeEventStream();
  expect(await sse.open('/')).not.toBeEventStream(); // 200 text/plain
});
