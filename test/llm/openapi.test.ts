import { describe, expect, it } from 'vitest';
import { open, SseEvent, type SseStream } from '../../src/index.ts';
import { compileSchema, type JsonSchema } from '../../src/llm/json-schema.ts';
import { openApiContract } from '../../src/llm/openapi.ts';
import { formatPath } from '../../src/llm/path.ts';
import type { SseMessage } from '../../src/server.ts';
import { startServer } from '../support/server.ts';

async function served(messages: SseMessage[]): Promise<SseStream> {
  const server = await startServer();
  server.route('/ticker', async (sse) => {
    for (const message of messages) await sse.send(message);
  });
  const stream = await open(`${server.url}/ticker`);
  await stream.closed;
  return stream;
}

function event(type: string, data: string, index = 0): SseEvent {
  return new SseEvent(type, data, '', undefined, index, 0);
}

// The shape OpenAPI 3.2's own example gives a typed event stream: the generic Event schema, and a
// oneOf with an `event` const per type, JSON data described by contentMediaType and contentSchema.
const document = {
  openapi: '3.2.0',
  components: {
    schemas: {
      Event: {
        type: 'object',
        required: ['data'],
        properties: {
          data: { type: 'string' },
          event: { type: 'string' },
          id: { type: 'string' },
          retry: { type: 'integer', minimum: 0 },
        },
      },
      Price: {
        type: 'object',
        required: ['symbol', 'price'],
        properties: { symbol: { type: 'string' }, price: { type: 'number' } },
      },
    },
  },
  paths: {
    '/ticker': {
      get: {
        responses: {
          '200': {
            content: {
              'text/event-stream': {
                itemSchema: {
                  $ref: '#/components/schemas/Event',
                  required: ['event'],
                  oneOf: [
                    {
                      properties: {
                        data: {
                          contentMediaType: 'application/json',
                          contentSchema: { $ref: '#/components/schemas/Price' },
                        },
                        event: { const: 'price' },
                      },
                    },
                    { properties: { event: { const: 'done' }, data: { const: '[DONE]' } } },
                  ],
                },
              },
            },
          },
        },
      },
    },
  },
};
const mediaType = document.paths['/ticker'].get.responses['200'].content['text/event-stream'];
const ticker = openApiContract(mediaType, { document, end: 'done' });

describe('openApiContract()', () => {
  it('passes a stream of the embedded server that follows the itemSchema', async () => {
    const stream = await served([
      { event: 'price', id: '1', retry: 500, data: { symbol: 'GLOBEX', price: 101 } },
      { event: 'price', id: '2', data: { symbol: 'GLOBEX', price: 102.5 } },
      { event: 'done', data: '[DONE]' },
    ]);
    expect(stream.events).toHaveLength(3);
    expect(ticker.check(stream.events, true)).toBeUndefined();
  });

  it('quotes the path of the first issue inside contentSchema', async () => {
    const stream = await served([{ event: 'price', data: { symbol: 'GLOBEX', price: '101' } }]);
    expect(ticker.check(stream.events, false)).toEqual({
      index: 0,
      rule: 'itemSchema',
      expected: 'price event matching itemSchema',
      received: 'data.price: expected number, received string "101"',
    });
  });

  it('names a missing required field where it should be', () => {
    expect(ticker.check([event('price', '{"price":1}')], false)).toMatchObject({
      received: 'data.symbol: missing (required)',
    });
  });

  it('fails an event type the oneOf does not list, saying which it allows', () => {
    expect(ticker.check([event('trade', '{}')], false)).toEqual({
      index: 0,
      rule: 'itemSchema',
      expected: 'trade event matching itemSchema',
      received: 'event: expected "price" or "done", received "trade"',
    });
  });

  it('says when JSON data is not JSON', () => {
    expect(ticker.check([event('price', '{"symbol":')], false)).toMatchObject({
      received: 'data: expected JSON text (application/json), received "{\\"symbol\\":"',
    });
  });

  it('holds the stream to an order and an end given beside the media type', () => {
    const list = [
      event('price', '{"symbol":"A","price":1}', 0),
      event('price', '{"symbol":"A","price":2}', 1),
    ];
    expect(ticker.check(list, false)).toBeUndefined();
    expect(ticker.check(list, true)).toEqual({
      index: undefined,
      rule: 'done ends the stream',
      expected: 'done',
      received: 'price, the last event',
    });
  });

  it('hints at contentSchema when data is described as an object', () => {
    const loose = openApiContract({ itemSchema: { properties: { data: { type: 'object' } } } });
    expect(loose.check([event('message', '{"a":1}')], false)).toMatchObject({
      received:
        'data: expected object, received string "{\\"a\\":1}" (OpenAPI 3.2 models data as a string: describe ' +
        'JSON data with contentMediaType: application/json and contentSchema)',
    });
  });

  it('refuses a media type without itemSchema, a keyword it does not implement, a $ref it cannot resolve', () => {
    expect(() => openApiContract({ schema: { type: 'array' } })).toThrow(
      'openApiContract() needs an OpenAPI 3.2 media type object with itemSchema, the schema of each event; ' +
        'received one with schema.',
    );
    expect(() => openApiContract({ itemSchema: { oneOf: [{ unevaluatedProperties: false }] } })).toThrow(
      "#/itemSchema/oneOf/0 uses unevaluatedProperties, which sse-test's schema checks do not implement.",
    );
    expect(() => openApiContract({ itemSchema: { $ref: '#/components/schemas/Event' } })).toThrow(
      '#/itemSchema: $ref #/components/schemas/Event resolves to nothing in the document.',
    );
  });
});

describe('the JSON Schema checks', () => {
  it.each<[JsonSchema, unknown, string | undefined]>([
    [{ type: ['string', 'null'] }, null, undefined],
    [{ type: 'integer' }, 1.5, ': expected integer, received number 1.5'],
    [{ enum: ['a', 'b'] }, 'c', ': expected "a" or "b", received "c"'],
    [{ items: { type: 'number' } }, [1, 'x'], '[1]: expected number, received string "x"'],
    [{ prefixItems: [{ const: 'x' }], items: false }, ['x', 2], '[1]: no value is allowed here'],
    [{ minItems: 2 }, [1], ': expected at least 2 items, received 1'],
    [{ uniqueItems: true }, [{ a: 1 }, { a: 1 }], '[1]: expected unique items, received a repeat'],
    [
      { properties: { a: true }, additionalProperties: false },
      { a: 1, b: 2 },
      'b: not allowed (additionalProperties: false)',
    ],
    [
      { patternProperties: { '^x-': { type: 'string' } } },
      { 'x-n': 1 },
      '["x-n"]: expected string, received number 1',
    ],
    [{ pattern: '^\\d+$' }, '12a', ': expected a match for /^\\d+$/, received "12a"'],
    [{ minLength: 2 }, 'é', ': expected at least 2 characters, received 1'],
    [{ exclusiveMinimum: 0 }, 0, ': expected a number > 0, received 0'],
    [{ multipleOf: 0.5 }, 1.25, ': expected a multiple of 0.5, received 1.25'],
    [{ allOf: [{ required: ['a'] }, { required: ['b'] }] }, { a: 1 }, 'b: missing (required)'],
    [{ anyOf: [{ type: 'string' }, { type: 'number' }] }, 1, undefined],
    [
      { oneOf: [{ type: 'number' }, { minimum: 0 }] },
      1,
      ': expected exactly one of the oneOf schemas to match, received a match for 2 (0, 1)',
    ],
    [{ not: { type: 'null' } }, null, ': expected no match for the schema under not, received one'],
    [
      // biome-ignore lint/suspicious/noThenProperty: `then` is JSON Schema's own keyword
      { if: { properties: { t: { const: 'a' } } }, then: { required: ['x'] } },
      { t: 'a' },
      'x: missing (required)',
    ],
    [{ const: { a: [1, 2] } }, { a: [1, 2] }, undefined],
    [{ dependentRequired: { card: ['cvc'] } }, { card: 1 }, 'cvc: missing (required with card)'],
    [{ $ref: '#/$defs/n', $defs: { n: { type: 'number' } } }, 'x', ': expected number, received string "x"'],
  ])('%j on %j', (schema, value, expected) => {
    const issue = compileSchema(schema, schema, '#')(value);
    expect(issue && `${formatPath('', issue.path)}: ${issue.message}`).toBe(expected);
  });
});
