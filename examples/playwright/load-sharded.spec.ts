import type { LoadContext, SseEvent } from 'sse-test';
import { test } from 'sse-test/playwright';

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

// One load of 50 streams, split: run this file with --repeat-each=N and each of the N copies runs
// its share of the streams, wherever it runs (shards and workers share the copies out);
// sse-test/reporter merges the shares and judges the thresholds on the whole. Run once, the test
// runs all 50 streams and judges the thresholds itself.
test('chat under load, split across shards', async ({ sse }) => {
  await sse.load(
    {
      streams: 50,
      rampUp: 500,
      splitByShard: true,
      thresholds: { timeToFirstToken: ['p(95)<500'], eventGap: ['p(99)<250'], errors: ['rate<0.01'] },
    },
    chat,
  );
});
