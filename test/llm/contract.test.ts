import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { open, SseEvent, type SseStream } from '../../src/index.ts';
import { streamContract } from '../../src/llm/contract.ts';
import type { SseMessage } from '../../src/server.ts';
import { startServer } from '../support/server.ts';

/** Events as `open()` would record them, numbered from 0. */
function events(...list: [type: string, data: string][]): SseEvent[] {
  return list.map(([type, data], index) => new SseEvent(type, data, '', undefined, index, index * 10));
}

/** A stream served by the embedded server, read until the server ends it. */
async function served(messages: SseMessage[]): Promise<SseStream> {
  const server = await startServer();
  server.route('/stream', async (sse) => {
    for (const message of messages) await sse.send(message);
  });
  const stream = await open(`${server.url}/stream`);
  await stream.closed;
  return stream;
}

const chat = streamContract({
  events: {
    start: z.object({ id: z.string() }),
    delta: z.object({ choices: z.array(z.object({ text: z.string() })) }),
    done: z.literal('[DONE]'),
  },
  order: ['start', 'delta*', 'done'],
  end: 'done',
});

describe('streamContract() with zod', () => {
  it('passes a stream of the embedded server that follows it', async () => {
    const stream = await served([
      { event: 'start', data: { id: 'c1' } },
      { event: 'delta', data: { choices: [{ text: 'Hel' }] } },
      { event: 'delta', data: { choices: [{ text: 'lo' }] } },
      { event: 'done', data: '[DONE]' },
    ]);
    expect(stream.events).toHaveLength(4);
    expect(chat.name).toBe('your contract');
    expect(chat.check(stream.events, true)).toBeUndefined();
  });

  it('names an event of a type not in events', async () => {
    const stream = await served([
      { event: 'start', data: { id: 'c1' } },
      { event: 'usage', data: { tokens: 3 } },
    ]);
    expect(chat.check(stream.events, false)).toEqual({
      index: 1,
      rule: 'only the event types in events',
      expected: 'start, delta or done',
      received: 'usage',
    });
  });

  it('quotes the path of the first schema issue, nested in arrays', async () => {
    const stream = await served([
      { event: 'start', data: { id: 'c1' } },
      { event: 'delta', data: { choices: [{ text: 'Hi' }, { text: 7 }] } },
    ]);
    expect(chat.check(stream.events, false)).toEqual({
      index: 1,
      rule: 'schema of delta',
      expected: 'delta data matching its schema',
      received: 'data.choices[1].text: Invalid input: expected string, received number',
    });
  });

  it('says when the data is not JSON, and what the schema said of the text', () => {
    const violation = chat.check(events(['start', '{"id": "c1",}']), false);
    expect(violation).toEqual({
      index: 0,
      rule: 'schema of start',
      expected: 'start data matching its schema',
      received:
        'data: Invalid input: expected object, received string (the data is not JSON: "{\\"id\\": \\"c1\\",}")',
    });
  });

  it('names the first event out of order, and what the order allowed there', () => {
    const violation = chat.check(events(['start', '{"id":"c1"}'], ['start', '{"id":"c2"}']), false);
    expect(violation).toEqual({
      index: 1,
      rule: 'order: start, delta*, done',
      expected: 'delta or done',
      received: 'start',
    });
  });

  it('takes a stream that has not ended as a prefix: a missing end is no violation yet', () => {
    const prefix = events(['start', '{"id":"c1"}'], ['delta', '{"choices":[]}']);
    expect(chat.check(prefix, false)).toBeUndefined();
  });

  it('names the missing end once the stream has ended, with no index', async () => {
    const stream = await served([
      { event: 'start', data: { id: 'c1' } },
      { event: 'delta', data: { choices: [{ text: 'Hi' }] } },
    ]);
    expect(chat.check(stream.events, true)).toEqual({
      index: undefined,
      rule: 'done ends the stream',
      expected: 'done',
      received: 'delta, the last event',
    });
  });

  it('names an event after the end', () => {
    const list = events(['start', '{"id":"c1"}'], ['done', '[DONE]'], ['delta', '{"choices":[]}']);
    expect(chat.check(list, false)).toEqual({
      index: 2,
      rule: 'done ends the stream',
      expected: 'the end of the stream',
      received: 'delta',
    });
  });

  it('reports the earliest violation, whatever its rule', () => {
    const list = events(['start', '{"id":1}'], ['usage', '{}']);
    expect(chat.check(list, false)).toMatchObject({ index: 0, rule: 'schema of start' });
  });

  it('validates the raw text when the JSON value fails, so z.string() takes any data', () => {
    const text = streamContract({ events: { message: z.string() } });
    expect(text.check(events(['message', '42'], ['message', '{"a":1}'], ['message', 'plain']), true)).toBe(
      undefined,
    );
  });

  it('with an order of its own: a function of the events', () => {
    const contract = streamContract({
      events: { tick: z.object({ n: z.number() }) },
      order: (list) => {
        const at = list.findIndex((event, i) => event.json<{ n: number }>().n !== i + 1);
        return at === -1 ? undefined : { index: at, expected: `tick ${at + 1}` };
      },
    });
    expect(contract.check(events(['tick', '{"n":1}'], ['tick', '{"n":3}']), false)).toEqual({
      index: 1,
      rule: 'order',
      expected: 'tick 2',
      received: 'tick',
    });
  });
});

describe('the order grammar', () => {
  const contract = (order: string[]) =>
    streamContract({ events: { a: z.unknown(), b: z.unknown(), c: z.unknown(), ping: z.unknown() }, order });
  const types = (...names: string[]) => events(...names.map((name): [string, string] => [name, '{}']));

  it.each([
    [
      ['a', 'b?', 'c'],
      ['a', 'c'],
    ],
    [
      ['a', 'b?', 'c'],
      ['a', 'b', 'c'],
    ],
    [
      ['a', 'b+', 'c'],
      ['a', 'b', 'b', 'c'],
    ],
    [
      ['a', 'b|ping*', 'c'],
      ['a', 'ping', 'b', 'ping', 'c'],
    ],
    [['a*'], []],
  ])('%j accepts %j', (order, names) => {
    expect(contract(order).check(types(...names), true)).toBeUndefined();
  });

  it.each([
    [['a', 'b?', 'c'], ['a', 'b', 'b'], 2, 'c'],
    [['a', 'b+', 'c'], ['a', 'c'], 1, 'b'],
    [['a', 'b|ping*', 'c'], ['b'], 0, 'a'],
    [['a', 'c'], ['a', 'c', 'a'], 2, 'the end of the stream'],
  ])('%j rejects %j at %i, expecting %s', (order, names, index, expected) => {
    expect(contract(order).check(types(...names), false)).toMatchObject({ index, expected });
  });

  it('rejects a stream that ended before the order did', () => {
    expect(contract(['a', 'b+']).check(types('a'), true)).toEqual({
      index: undefined,
      rule: 'order: a, b+',
      expected: 'b',
      received: 'the end of the stream',
    });
  });

  it('refuses a step it cannot read, and a type events has no schema for', () => {
    expect(() => contract(['a', 'b**'])).toThrow(
      `order: "b**" is not a step; write an event type ('start'), several joined by | ('delta|ping'), either with ?, * or +.`,
    );
    expect(() => contract(['a', 'delta*'])).toThrow(
      'streamContract(): order or end names delta, which events has no schema for.',
    );
  });
});

describe('streamContract() with other Standard Schemas', () => {
  it('valibot: the same rules, the same paths', () => {
    const contract = streamContract({
      events: { price: v.object({ symbol: v.string(), quote: v.object({ price: v.number() }) }) },
    });
    expect(
      contract.check(events(['price', '{"symbol":"GLOBEX","quote":{"price":101}}']), true),
    ).toBeUndefined();
    expect(contract.check(events(['price', '{"symbol":"GLOBEX","quote":{"price":"101"}}']), true)).toEqual({
      index: 0,
      rule: 'schema of price',
      expected: 'price data matching its schema',
      received: 'data.quote.price: Invalid type: Expected number but received "101"',
    });
  });

  it('refuses an async schema with a TypeError that says so', () => {
    const contract = streamContract({ events: { tick: z.string().refine(async () => true) } });
    expect(() => contract.check(events(['tick', 'x']), false)).toThrow(
      "The contract's schema of tick validated asynchronously (it returned a Promise); contracts check events " +
        'synchronously, so give them schemas without async refinements or transforms.',
    );
  });

  it('refuses an events value that is not a Standard Schema', () => {
    expect(() => streamContract({ events: { tick: { type: 'object' } as never } })).toThrow(
      'streamContract(): events.tick is not a Standard Schema (zod, valibot, arktype...); received {"type":"object"}.',
    );
  });
});
