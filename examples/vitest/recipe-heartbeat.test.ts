import { expect, test } from 'sse-test/vitest';
import { inject } from 'vitest';

test.override({ sseOptions: { baseURL: inject('demoURL') } });

test('comments keep the stream alive between rare events', async ({ sse }) => {
  const stream = await sse.open('/heartbeat'); // a comment every 100 ms, an event every 500 ms
  await expect(stream).toKeepGapsBelow(250, { for: 1_200 });
  expect(stream).toHaveReceivedEvent('status', { beat: 5 });
});
