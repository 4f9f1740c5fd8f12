import type { LoadContext, SseEvent } from 'sse-test';
import { expect, test } from 'sse-test/playwright';

const prompt = { model: 'demo', stream: true, messages: [{ role: 'user', content: 'Hi' }] };
type Chunk = { choices: { delta: { content?: string } }[] };
const hasContent = (event: SseEvent) =>
  event.data !== '[DONE]' && Boolean(event.json<Chunk>().choices[0]?.delta.content);

/** One user's chat: records the time to the first token; fails without [DONE]. */
async function chat({ sse, metrics }: LoadContext) {
  const stream = await sse.open('/v1/chat/completions', { method: 'POST', json: prompt, record: 'events' });
  let event = await stream.next({ within: 5_000 });
  while (!hasContent(event)) event = await stream.next({ within: 5_000 });
  metrics.trend('timeToFirstToken').record(event.time);
  await stream.closed;
  if (stream.events.at(-1)?.data !== '[DONE]') throw new Error('the stream ended without [DONE]');
}

test('chat under load: p95 time to first token, p99 gap between chunks', async ({ sse }) => {
  const report = await sse.load({ streams: 50, rampUp: 500 }, chat);
  await expect(report).toMeetThresholds({
    timeToFirstToken: ['p(95)<500'],
    eventGap: ['p(99)<250'],
    errors: ['rate<0.01'],
  });
  expect(report.metrics.timeToFirstEvent.count).toBe(50);
});
