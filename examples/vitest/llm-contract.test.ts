import { llm, openApiContract } from 'sse-test/llm';
import { expect, test } from 'sse-test/vitest';
import { inject } from 'vitest';
import { z } from 'zod';

test.override({ sseOptions: { baseURL: inject('demoURL') } });

const prompt = { model: 'demo', stream: true, messages: [{ role: 'user', content: 'Hi' }] };

test('an OpenAI-style chat follows the protocol, streams its answer and stops', async ({ sse }) => {
  const stream = await sse.open('/v1/chat/completions', { method: 'POST', json: prompt });
  await expect(stream).toReceiveFirstTokenWithin(1_000); // the first non-empty delta.content
  await expect(stream).toStreamText('Hello! How can I help you today?');
  await expect(stream).toFinishWith('stop');
  await expect(stream).toFollowProtocol('openaiChat'); // order, every chunk's schema, [DONE] last
  await expect(stream).not.toFollowProtocol('anthropic');

  const answer = llm(stream);
  expect(answer.complete).toBe(true); // [DONE] came
  expect(answer.outputTokens).toEqual({ count: 9, from: 'chunks' }); // no usage chunk: one per delta
  expect(answer.timeToFirstToken).toBeGreaterThan(stream.timing.firstEvent ?? 0); // role-only chunk first
  expect(answer.interChunkGaps).toHaveLength(8);
  expect(answer.timePerOutputToken).toBeGreaterThan(0);
  expect(answer.endToEnd).toBeGreaterThanOrEqual(answer.timeToFirstToken ?? 0);
});

test('an Anthropic-style answer with a tool call, from the scripted model', async ({ sse, sseServer }) => {
  sseServer.route('/v1/messages', (writer) =>
    writer.llm('anthropic', {
      text: 'Let me check the weather.',
      toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } }],
      usage: { inputTokens: 20 },
    }),
  );
  const request = {
    model: 'claude',
    max_tokens: 256,
    stream: true,
    messages: [{ role: 'user', content: 'Paris?' }],
  };
  const stream = await sse.open(`${sseServer.url}/v1/messages`, { method: 'POST', json: request });
  await expect(stream).toFollowProtocol('anthropic');
  await expect(stream).toFinishWith('tool_use');

  const answer = llm(stream);
  expect(answer.text).toBe('Let me check the weather.');
  const [call] = answer.toolCalls; // its arguments joined from input_json_delta pieces
  expect(call?.name).toBe('get_weather');
  expect(JSON.parse(call?.arguments ?? '')).toEqual({ city: 'Paris', unit: 'celsius' });
  expect(answer.usage).toMatchObject({ inputTokens: 20 });
});

// The ticker's contract as an OpenAPI 3.2 document states it: each event is the item
// { event, data, id, retry }, and data holds JSON, so contentMediaType and contentSchema describe it.
const openapi = {
  openapi: '3.2.0',
  paths: {
    '/ticker': {
      get: {
        responses: {
          '200': {
            content: {
              'text/event-stream': {
                itemSchema: {
                  type: 'object',
                  required: ['event', 'data', 'id'],
                  properties: {
                    event: { const: 'price' },
                    id: { type: 'string', pattern: '^[0-9]+$' },
                    data: {
                      type: 'string',
                      contentMediaType: 'application/json',
                      contentSchema: { $ref: '#/components/schemas/Price' },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Price: {
        type: 'object',
        required: ['symbol', 'price'],
        properties: { symbol: { enum: ['ACME', 'GLOBEX', 'INITECH'] }, price: { type: 'number' } },
      },
    },
  },
};

test('a stream follows the contract its OpenAPI 3.2 document gives', async ({ sse }) => {
  const content = openapi.paths['/ticker'].get.responses['200'].content['text/event-stream'];
  const stream = await sse.open('/ticker');
  await expect(stream).toFollowProtocol(openApiContract(content, { document: openapi }));
});

// A stream of your own, with named events: a Standard Schema (here zod) per event type, an order
// read like a regular expression over the types, and the type that must come last.
const summary = {
  events: {
    start: z.object({ id: z.string() }),
    delta: z.object({ text: z.string() }),
    done: z.literal('[DONE]'),
  },
  order: ['start', 'delta*', 'done'],
  end: 'done',
};

test('a stream follows a contract of your own', async ({ sse, sseServer }) => {
  sseServer.route('/summarize', async (writer) => {
    await writer.send({ event: 'start', data: { id: 'job-1' } });
    for (const text of ['Short', ' and', ' sweet.']) await writer.send({ event: 'delta', data: { text } });
    await writer.send({ event: 'done', data: '[DONE]' });
  });
  const stream = await sse.open(`${sseServer.url}/summarize`);
  await expect(stream).toFollowProtocol(summary);
});
