import type { SseEvent } from '../client/event.ts';
import { type DataExpectation, dataDistance, diffData, isStandardSchema, matchData } from './data.ts';
import { printValue } from './print.ts';
import { isAsymmetric, isText, matchText, type TextExpectation } from './text.ts';

export type { TextExpectation } from './text.ts';

/**
 * What an event is expected to be; every part is optional and an absent part matches anything.
 *
 * @example
 * { type: 'price', data: { symbol: 'ACME' } }
 * { id: /^\d+$/, data: expect.stringContaining('[DONE]') }
 */
export interface EventExpectation {
  type?: TextExpectation | undefined;
  data?: DataExpectation | undefined;
  id?: TextExpectation | undefined;
}

const KEYS = new Set(['type', 'data', 'id']);

/**
 * Reads the two call forms: `(type?, data?)` and `({ type, data, id })`. An object is the second form
 * only when it is a plain object whose keys are among type/data/id.
 */
export function toExpectation(first: unknown, data: unknown): EventExpectation {
  if (isEventExpectation(first)) return first;
  if (first !== undefined && !isText(first)) {
    throw new TypeError(
      `toReceiveEvent() expects an event type (string or RegExp) or { type, data, id }; received ${printValue(first)}.`,
    );
  }
  const expectation: EventExpectation = {};
  if (first !== undefined) expectation.type = first;
  // `undefined` data (as in `toReceiveEvent('done', undefined, { within })`) means any data.
  if (data !== undefined) expectation.data = data as DataExpectation;
  return expectation;
}

function isEventExpectation(value: unknown): value is EventExpectation {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof RegExp)
    return false;
  if (isAsymmetric(value) || isStandardSchema(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => KEYS.has(key));
}

/** Why an event does not match, part by part; empty when it matches. */
export function mismatches(expected: EventExpectation, event: SseEvent): string[] {
  const reasons: string[] = [];
  if (expected.type !== undefined && !matchText(expected.type, event.type)) {
    reasons.push(`type is ${JSON.stringify(event.type)}`);
  }
  if (expected.id !== undefined && !matchText(expected.id, event.id))
    reasons.push(`id is ${JSON.stringify(event.id)}`);
  if ('data' in expected) {
    const why = matchData(expected.data as DataExpectation, event);
    if (why) reasons.push(why);
  }
  return reasons;
}

export function matches(expected: EventExpectation, event: SseEvent): boolean {
  return mismatches(expected, event).length === 0;
}

/** One line for "Expected:", such as `event "price" with data {"symbol": "ACME"}`. */
export function describeExpectation(expected: EventExpectation): string {
  const parts: string[] = [];
  parts.push(expected.type === undefined ? 'any event' : `event ${printValue(expected.type)}`);
  if (expected.id !== undefined) parts.push(`with id ${printValue(expected.id)}`);
  if ('data' in expected) {
    parts.push(`with data ${isStandardSchema(expected.data) ? 'matching ' : ''}${printValue(expected.data)}`);
  }
  return parts.join(' ');
}

/** An event that did not match, with why: what a failure message marks, and the data diff it shows. */
export interface Candidate {
  index: number;
  reasons: string[];
  /** The expect family's diff of the expected data against the event's, when there is one to show. */
  diff?: string | undefined;
}

/** `event` as the candidate for `expected`: why it does not match, and its data's diff. */
export function candidate(expected: EventExpectation, event: SseEvent): Candidate {
  const reasons = mismatches(expected, event);
  const data = expected.data;
  const diff =
    'data' in expected && !matches({ data }, event) ? diffData(data as DataExpectation, event) : undefined;
  return diff === undefined ? { index: event.index, reasons } : { index: event.index, reasons, diff };
}

/**
 * The event from index `from` on that comes closest to `expected`: fewest mismatching parts (type,
 * id), then the data nearest to the expected (one field off beats data that is not even JSON), the
 * first of equals; undefined when there is no event to compare.
 */
export function nearest(
  expected: EventExpectation,
  events: readonly SseEvent[],
  from: number,
): Candidate | undefined {
  let best: { event: SseEvent; distance: number } | undefined;
  for (let index = from; index < events.length; index++) {
    const event = events[index] as SseEvent;
    const distance = distanceOf(expected, event);
    if (!best || distance < best.distance) best = { event, distance };
  }
  return best && candidate(expected, best.event);
}

function distanceOf(expected: EventExpectation, event: SseEvent): number {
  let distance = 0;
  if (expected.type !== undefined && !matchText(expected.type, event.type)) distance++;
  if (expected.id !== undefined && !matchText(expected.id, event.id)) distance++;
  if ('data' in expected) distance += dataDistance(expected.data as DataExpectation, event);
  return distance;
}
