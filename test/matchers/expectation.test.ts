import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { SseEvent } from '../../src/client/event.ts';
import { candidate, nearest, toExpectation } from '../../src/matchers/expectation.ts';

// The call forms of the event matchers and the choice of the nearest candidate a message shows.
const at = (index: number, type: string, data: string, id = '') =>
  new SseEvent(type, data, id, undefined, index, index * 10);

describe('toExpectation()', () => {
  it('reads (type, data) and ({ type, data, id }), undefined data meaning any data', () => {
    const anyType = expect.any(String);
    expect(toExpectation(anyType, undefined)).toEqual({ type: anyType });
    expect(toExpectation('price', { a: 1 })).toEqual({ type: 'price', data: { a: 1 } });
    expect(toExpectation(/^p/, undefined)).toEqual({ type: /^p/ });
    expect(toExpectation(undefined, undefined)).toEqual({});
    const form = { type: 'price', id: '7', data: 'x' };
    expect(toExpectation(form, 'ignored')).toBe(form);
  });

  it('refuses a first argument that is neither a type nor the object form, quoting it', () => {
    const refused = (first: unknown) => () => toExpectation(first, undefined);
    const message = (received: string) =>
      `toReceiveEvent() expects an event type (string or RegExp) or { type, data, id }; received ${received}.`;
    expect(refused({ type: 'a', extra: 1 })).toThrow(new TypeError(message('{"extra": 1, "type": "a"}')));
    expect(refused({})).toThrow(new TypeError(message('{}')));
    expect(refused([1])).toThrow(new TypeError(message('[1]')));
    expect(refused(5)).toThrow(new TypeError(message('5')));
    expect(refused(v.string())).toThrow(TypeError);
  });
});

describe('nearest()', () => {
  const events = [
    at(0, 'other', '{"n":1}', 'x'),
    at(1, 'price', 'not json'),
    at(2, 'price', '{"n":1,"m":2}'),
    at(3, 'price', '{"n":1,"m":2}'),
  ];

  it('picks the fewest mismatching parts, then the nearest data, then the first of equals', () => {
    expect(nearest({ type: 'price', data: { n: 1, m: 3 } }, events, 0)).toMatchObject({
      index: 2,
      reasons: ['data differs'],
    });
    // A part off (the type) weighs more than data half off.
    expect(nearest({ type: 'other', data: { n: 1, m: 2 } }, events, 0)?.index).toBe(0);
    // Data half off beats data that is not JSON.
    expect(nearest({ type: 'price', data: { n: 1, m: 3 } }, events, 1)?.index).toBe(2);
    expect(nearest({ type: 'other', id: 'y' }, events, 0)).toEqual({ index: 0, reasons: ['id is "x"'] });
    expect(nearest({ type: 'price' }, events, 4)).toBeUndefined();
  });

  it('gives the data diff only when the data is what differs', () => {
    expect(candidate({ type: 'nope', data: { n: 1 } }, at(0, 'price', '{"n":1}'))).toEqual({
      index: 0,
      reasons: ['type is "price"'],
    });
    const differs = candidate({ data: { n: 2 } }, at(0, 'price', '{"n":1}'));
    expect(differs.reasons).toEqual(['data differs']);
    expect(differs.diff).toContain('-   "n": 2,');
    expect(candidate({ type: 'price' }, at(0, 'price', '{"n":1}'))).toEqual({ index: 0, reasons: [] });
  });
});
