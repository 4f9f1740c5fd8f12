import { expect, test } from 'vitest';
import type { SseEvent } from '../../src/client/event.ts';
import { compareEntries } from '../../src/snapshot/compare.ts';
import { parseSnapshot, renderSnapshot, toEntries } from '../../src/snapshot/format.ts';
import { applyMask, parsePath } from '../../src/snapshot/mask.ts';

function events(...list: [type: string, data: string, time?: number, id?: string][]): SseEvent[] {
  return list.map(
    ([type, data, time = 0, id = ''], index) => ({ type, data, time, id, index }) as unknown as SseEvent,
  );
}

test('a snapshot reads back as it was written: JSON pretty, text as sent, odd types quoted', () => {
  const { entries } = toEntries(
    events(
      ['price', '{"symbol":"ACME","p":[1,2]}', 5, '7'],
      ['my type', 'line one\n\nline three\n', 8],
      ['done', '[DONE]', 8],
    ),
    undefined,
    { tolerance: 10 },
  );
  const text = renderSnapshot(entries);
  expect(text).toMatchInlineSnapshot(`
    "# sse-test stream snapshot v1

    #0 price id=7 +5 ms
      {
        "symbol": "ACME",
        "p": [
          1,
          2
        ]
      }

    #1 "my type" +3 ms
      line one
      
      line three
      

    #2 done +0 ms
      [DONE]
    "
  `);
  expect(parseSnapshot(text)).toEqual({ entries });
  // An editor that strips trailing spaces changes nothing.
  expect(parseSnapshot(text.replace(/ +\n/g, '\n'))).toEqual({ entries });
});

test('a file that is not a snapshot says which line is wrong', () => {
  expect(parseSnapshot('hello')).toEqual({
    problem: 'the first line is not "# sse-test stream snapshot v1"',
  });
  expect(parseSnapshot('# sse-test stream snapshot v1\n\nstray\n')).toEqual({
    problem: 'line 3 is neither an event header (#<n> <type>) nor data: "stray"',
  });
});

test('masks: paths reach members, elements, wildcards and any depth; matchers check before masking', () => {
  const data = { id: 'x', items: [{ ts: 1 }, { ts: 'late' }], deep: { a: { ts: 3 } }, list: [1, 2] };
  const misses = applyMask(data, {
    '$.id': expect.any(String),
    '$..ts': expect.any(Number),
    '$.list[*]': expect.any(Number),
  });
  expect(data).toEqual({
    id: '[Any<String>]',
    items: [{ ts: '[Any<Number>]' }, { ts: '[Any<Number>]' }],
    deep: { a: { ts: '[Any<Number>]' } },
    list: ['[Any<Number>]', '[Any<Number>]'],
  });
  expect(misses).toEqual([{ where: '$.items[1].ts', expected: 'Any<Number>', received: 'late' }]);
  const plain = { a: { b: 1 }, c: [5, 6] };
  applyMask(plain, ['$.a.b', "$['c'][1]"]);
  expect(plain).toEqual({ a: { b: '[masked]' }, c: [5, '[masked]'] });
  expect(() => parsePath('a.b')).toThrow('A snapshot mask path starts with "$"; received "a.b"');
  expect(() => parsePath('$.a..')).toThrow('Cannot read snapshot mask path "$.a.." at ".."');
});

test('differences: one inserted event is one extra; a changed field is a field diff; gaps within tolerance', () => {
  const stored = toEntries(events(['a', '{"n":1}', 10], ['b', '{"n":2}', 20], ['c', 'end', 30]), undefined, {
    tolerance: 5,
  }).entries;
  const received = toEntries(
    events(['a', '{"n":1}', 12], ['x', 'new', 15], ['b', '{"n":3}', 22], ['c', 'end', 60]),
    undefined,
    { tolerance: 5 },
  ).entries;
  const changes = compareEntries(stored, received, { tolerance: 5 });
  expect(changes.map((c) => c.kind)).toEqual(['extra', 'changed', 'changed']);
  expect(changes[0]).toMatchObject({ kind: 'extra', received: 1 });
  const changed = changes[1] as { reasons: string[] };
  expect(changed.reasons[0]).toContain('data differs');
  expect(changed.reasons[0]).toMatch(/- +"n": 2,?\n\+ +"n": 3/);
  expect(changes[2]).toMatchObject({
    kind: 'changed',
    stored: 2,
    received: 3,
    reasons: ['gap +10 ms → +38 ms (tolerance 5 ms)'],
  });
  expect(
    compareEntries(
      stored,
      received.filter((e) => e.type !== 'x'),
      'order',
    ).map((c) => c.kind),
  ).toEqual(['changed']);
  // JSON compares by value: key order is not a difference.
  const one = toEntries(events(['a', '{"x":1,"y":2}']), undefined, 'order').entries;
  const two = toEntries(events(['a', '{"y":2,"x":1}']), undefined, 'order').entries;
  expect(compareEntries(one, two, 'order')).toEqual([]);
  expect(compareEntries(one, [], 'order')).toMatchObject([{ kind: 'missing', stored: 0 }]);
});
