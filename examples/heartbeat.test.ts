import { open } from 'sse-test';
import { expect, inject, test } from 'vitest';

const baseURL = inject('demoURL');

test('the heartbeat feed keeps the stream alive with comments between events', async () => {
  await using stream = await open('/heartbeat', { baseURL });
  const status = await stream.next({ within: 2_000 });
  expect(status.type).toBe('status');
  // Comments are not events, but they are recorded as signs of life.
  expect(stream.transcript.commentTimes.length).toBeGreaterThanOrEqual(4);
});
