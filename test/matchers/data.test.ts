import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { SseEvent } from '../../src/client/event.ts';
import { type DataExpectation, dataDistance, diffData, matchData } from '../../src/matchers/data.ts';

// The data half of every event matcher, tested directly: what matches, the reason a failure message
// gives, how far the nearest candidate is (which candidate a message shows), and its diff.
const event = (data: string) => new SseEvent('message', data, '', undefined, 0, 0);

describe('matchData()', () => {
  it('compares a string exactly and tests a RegExp, naming which failed', () => {
    expect(matchData('a b', event('a b'))).toBeUndefined();
    expect(matchData('a', event('a b'))).toBe('data differs');
    expect(matchData(/^a/, event('a b'))).toBeUndefined();
    expect(matchData(/^b/, event('a b'))).toBe('data does not match /^b/');
  });

  it('compares JSON like toMatchObject: more keys allowed, arrays whole, non-JSON said so', () => {
    const data = event('{"a":1,"b":{"c":2,"d":3},"list":[1,2]}');
    expect(matchData({ a: 1, b: { c: 2 } }, data)).toBeUndefined();
    expect(matchData({ list: [1, 2] }, data)).toBeUndefined();
    expect(matchData({ list: [1] }, data)).toBe('data differs');
    expect(matchData({ a: 2 }, data)).toBe('data differs');
    expect(matchData({ a: expect.any(Number) }, data)).toBeUndefined();
    expect(matchData(null, event('null'))).toBeUndefined();
    expect(matchData({ a: 1 }, event('not json'))).toBe('data is not JSON');
  });

  it('tries an asymmetric matcher on the raw text, then on the parsed JSON', () => {
    expect(matchData(expect.stringContaining('"a":1'), event('{"a":1}'))).toBeUndefined();
    expect(matchData(expect.objectContaining({ a: 1 }), event('{"a":1,"b":2}'))).toBeUndefined();
    expect(matchData(expect.objectContaining({ a: 2 }), event('{"a":1}'))).toBe('data does not match');
    expect(matchData(expect.objectContaining({ a: 1 }), event('{"a":1'))).toBe('data does not match');
  });

  it('hands a predicate the parsed JSON (its own copy) or the text, and the event', () => {
    const seen: unknown[] = [];
    const sorting = (value: number[], got: SseEvent) => {
      seen.push(got.index, [...value]);
      value.sort();
      return value[0] === 1;
    };
    const data = event('[3,1,2]');
    expect(matchData(sorting, data)).toBeUndefined();
    // What the first call sorted is not what the second call is given.
    expect(matchData(sorting, data)).toBeUndefined();
    expect(seen).toEqual([0, [3, 1, 2], 0, [3, 1, 2]]);
    expect(matchData((text: string) => text === 'plain', event('plain'))).toBeUndefined();
    expect(matchData(() => false, event('{}'))).toBe('the predicate returned false');
  });

  it('validates with a Standard Schema, naming each issue and its path', () => {
    const schema = v.object({ n: v.number(), tags: v.array(v.string()) });
    expect(matchData(schema, event('{"n":1,"tags":["a"]}'))).toBeUndefined();
    expect(matchData(schema, event('{"n":"1","tags":[2]}'))).toBe(
      'schema: n: Invalid type: Expected number but received "1"; tags.0: Invalid type: Expected string but received 2',
    );
    expect(matchData(v.number(), event('"x"'))).toBe(
      'schema: Invalid type: Expected number but received "x"',
    );
    expect(matchData(schema, event('{'))).toBe('data is not JSON');
  });

  it('refuses a schema that validates asynchronously', () => {
    const schema = v.pipeAsync(
      v.number(),
      v.checkAsync(async () => true),
    );
    expect(() => matchData(schema as unknown as DataExpectation, event('1'))).toThrow(
      new TypeError('sse-test matchers take synchronous schemas only; this schema validates asynchronously.'),
    );
  });
});

describe('dataDistance()', () => {
  it('is 0 for a match and 1 for an expectation with no parts to count', () => {
    expect(dataDistance({ a: 1 }, event('{"a":1}'))).toBe(0);
    expect(dataDistance(/x/, event('y'))).toBe(1);
    expect(dataDistance(() => false, event('1'))).toBe(1);
    expect(dataDistance(expect.objectContaining({ a: 1 }), event('1'))).toBe(1);
    expect(dataDistance({ a: 1 }, event('not json'))).toBe(1);
  });

  it('counts text outside the common start and end, against the longer text', () => {
    expect(dataDistance('abcd', event('abXd'))).toBe(0.25);
    expect(dataDistance('abcdef', event('abef'))).toBeCloseTo(2 / 6);
    expect(dataDistance('aaa', event('aa'))).toBeCloseTo(1 / 3);
    expect(dataDistance('abc', event(''))).toBe(1);
    expect(dataDistance('', event('abc'))).toBe(1);
    expect(dataDistance('xyz', event('abc'))).toBe(1);
  });

  it('counts the share of the expected fields that differ, at every depth, and a missing one as 1', () => {
    expect(dataDistance({ a: 1, b: 2 }, event('{"a":1,"b":3}'))).toBe(0.5);
    expect(dataDistance({ a: { x: 1, y: 2, z: 3, w: 4 } }, event('{"a":{"x":1,"y":2,"z":3,"w":0}}'))).toBe(
      0.25,
    );
    expect(dataDistance({ a: 1, gone: 1 }, event('{"a":1}'))).toBe(0.5);
    expect(dataDistance({ t: 'abcd' }, event('{"t":"abXd"}'))).toBe(0.25);
    expect(dataDistance({ a: expect.any(Number) }, event('{"a":"x"}'))).toBe(1);
    // `{}` asks for no field, so any object or array matches it, as with toMatchObject.
    expect(dataDistance({}, event('[1]'))).toBe(0);
    expect(dataDistance({ a: 1 }, event('[1]'))).toBe(1);
    expect(dataDistance({ a: 1 }, event('"a"'))).toBe(1);
  });

  it('compares arrays item by item, an item one side lacks counting 1', () => {
    expect(dataDistance([1, 2, 3, 4], event('[1,2,3,0]'))).toBe(0.25);
    expect(dataDistance([1, 2, 3], event('[1,2]'))).toBeCloseTo(1 / 3);
    expect(dataDistance([1, 2], event('[1,2,3,4]'))).toBe(0.5);
    expect(dataDistance([[1, 2]], event('[[1,0]]'))).toBe(0.5);
  });
});

describe('diffData()', () => {
  it("diffs two texts, and shows none when either is empty (the message's data says it all)", () => {
    expect(diffData('line one', event('line two'))).toBe('Expected: "line one"\nReceived: "line two"');
    expect(diffData('', event('x'))).toBeUndefined();
    expect(diffData('x', event(''))).toBeUndefined();
  });

  it('diffs the expected fields only, as toMatchObject prints them', () => {
    const shown = diffData({ a: 1, b: { c: 2 } }, event('{"a":1,"b":{"c":3},"other":"not shown"}'));
    expect(shown).toContain('-     "c": 2,');
    expect(shown).toContain('+     "c": 3,');
    expect(shown).not.toContain('other');
    expect(diffData([1, 2], event('[1,3]'))).toContain('+   3,');
  });

  it('has no diff for what it cannot lay side by side', () => {
    expect(diffData({ a: 1 }, event('not json'))).toBeUndefined();
    expect(diffData(/x/, event('y'))).toBeUndefined();
    expect(diffData(() => false, event('{}'))).toBeUndefined();
    expect(diffData(expect.objectContaining({ a: 1 }), event('{}'))).toBeUndefined();
    expect(diffData(7, event('8'))).toBeUndefined();
    expect(diffData(null, event('{}'))).toBeUndefined();
  });
});
