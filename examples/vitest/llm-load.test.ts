import type { LoadContext } from 'sse-test';
import { expect, test } from 'sse-test/vitest';
import { inject } from 'vitest';

test.override({ sseOptions: { baseURL: inject('demoURL') } });

const prompt = { model: 'demo', stream: true, messages: [{ role: 'user', content: 'Hi' }] };

/** One user's chat: the load reads the stream as openaiChat, so the body only asks and waits. */
async function chat({ sse }: LoadContext) {
  const stream = await sse.open('/v1/chat/completions', { method: 'POST', json: prompt });
  await stream.closed;
}

test('chat under load: time to first token, time per output token, goodput', async ({ sse }) => {
  const report = await sse.load(
    {
      streams: 100,
      rampUp: 1_000,
      protocol: 'openaiChat',
      // Generous on purpose: a busy CI machine is not the model server you are sizing.
      thresholds: {
        timeToFirstToken: ['p(95)<2000'],
        timePerOutputToken: ['p(95)<250'],
        goodput: ['rate>0.9'],
        errors: ['rate<0.01'],
      },
    },
    chat,
  );
  const { metrics } = report;
  expect(metrics.trend('timeToFirstToken').count).toBe(100); // one per stream
  expect(metrics.trend('timePerOutputToken').p50).toBeGreaterThan(0); // the demo sleeps 10 ms a delta
  expect(metrics.trend('outputTokens').max).toBe(9); // counted chunks: the demo sends no usage
  expect(metrics.counter('outputTokensPerSecond').count).toBe(900); // its rate is the throughput
  expect(metrics.rate('goodput').rate).toBeGreaterThan(0.9);
});
