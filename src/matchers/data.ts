import { equals, getObjectSubset, iterableEquality, subsetEquality } from '@jest/expect-utils';
import { printDiffOrStringify } from 'jest-matcher-utils';
import type { SseEvent } from '../client/event.ts';
import { isThenable } from './receiver.ts';
import { type AsymmetricMatcher, isAsymmetric, matchText } from './text.ts';

/** The Standard Schema interface (zod, valibot, arktype...), the part we call. */
export interface StandardSchema {
  readonly '~standard': {
    readonly validate: (value: unknown) => StandardResult | Promise<StandardResult>;
  };
}
type StandardResult =
  | { readonly value: unknown; readonly issues?: undefined }
  | {
      readonly issues: readonly {
        readonly message: string;
        readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined;
      }[];
    };

/**
 * What an event's data may be expected to be:
 * - a string (the exact raw data) or a RegExp (tested on it);
 * - an asymmetric matcher: tried on the raw string, then on the JSON-parsed data;
 * - an object, array, number, boolean or null: compared with the JSON-parsed data like
 *   `toMatchObject` (objects may have more keys; asymmetric matchers allowed inside);
 * - a predicate `(data, event) => boolean`, given the parsed JSON when the data is JSON, else the string;
 * - a Standard Schema (zod, valibot, arktype), validating the parsed JSON.
 */
export type DataExpectation =
  | string
  | RegExp
  | AsymmetricMatcher
  | StandardSchema
  | number
  | boolean
  | null
  | readonly unknown[]
  | { readonly [key: string]: unknown }
  // biome-ignore lint/suspicious/noExplicitAny: the predicate gets parsed JSON of a shape only the caller knows
  | ((data: any, event: SseEvent) => boolean);

/** Why data did not match, for the failure message; undefined when it matched. */
export type Mismatch = string | undefined;

const NOT_JSON = Symbol('not JSON');

/** Checks `event.data` against an expectation; returns undefined on a match, else the reason. */
export function matchData(expected: DataExpectation, event: SseEvent): Mismatch {
  const raw = event.data;
  if (typeof expected === 'string' || expected instanceof RegExp) {
    if (matchText(expected, raw)) return undefined;
    return typeof expected === 'string' ? 'data differs' : `data does not match ${expected}`;
  }
  // Before the predicate test: some schemas (ArkType's) are callable too.
  if (isStandardSchema(expected)) {
    const value = ownCopy(event);
    return value === NOT_JSON ? 'data is not JSON' : validate(expected, value);
  }
  if (typeof expected === 'function') {
    const value = ownCopy(event);
    return expected(value === NOT_JSON ? raw : value, event) ? undefined : 'the predicate returned false';
  }
  if (isAsymmetric(expected)) {
    if (expected.asymmetricMatch(raw)) return undefined;
    const value = ownCopy(event);
    return value !== NOT_JSON && expected.asymmetricMatch(value) ? undefined : 'data does not match';
  }
  const value = parsed(event);
  if (value === NOT_JSON) return 'data is not JSON';
  return equals(value, expected, [iterableEquality, subsetEquality]) ? undefined : 'data differs';
}

/**
 * How far an event's data is from `expected`, from 0 (it matches) to 1 (nothing in common), to pick
 * the nearest candidate: for JSON, the share of the expected fields (at every depth) that differ;
 * for text, the share of it outside a common start and end. Data that is not JSON, and expectations
 * with no parts to count (a RegExp, a predicate, a schema), are 1 when they do not match.
 */
export function dataDistance(expected: DataExpectation, event: SseEvent): number {
  if (matchData(expected, event) === undefined) return 0;
  if (typeof expected === 'string') return textDistance(expected, event.data);
  if (!isJsonLike(expected)) return 1;
  const value = parsed(event);
  return value === NOT_JSON ? 1 : valueDistance(expected, value);
}

/**
 * The expect family's diff of `expected` data against the event's (as `toMatchObject` prints it:
 * only the expected fields of the received), or undefined when there is nothing to diff (the data is
 * not JSON, or the expectation is a RegExp, predicate, schema or asymmetric matcher).
 */
export function diffData(expected: DataExpectation, event: SseEvent): string | undefined {
  if (typeof expected === 'string') {
    return expected === '' || event.data === ''
      ? undefined
      : printDiffOrStringify(expected, event.data, 'Expected', 'Received', false);
  }
  if (!isJsonLike(expected) || typeof expected !== 'object' || expected === null) return undefined;
  const value = parsed(event);
  if (value === NOT_JSON) return undefined;
  return printDiffOrStringify(expected, getObjectSubset(value, expected), 'Expected', 'Received', false);
}

/** An expectation compared with the parsed data by equality: a JSON value, asymmetric matchers inside. */
function isJsonLike(expected: DataExpectation): boolean {
  return !(
    expected instanceof RegExp ||
    typeof expected === 'function' ||
    isAsymmetric(expected) ||
    isStandardSchema(expected)
  );
}

function valueDistance(expected: unknown, actual: unknown): number {
  if (equals(actual, expected, [iterableEquality, subsetEquality])) return 0;
  if (typeof expected === 'string' && typeof actual === 'string') return textDistance(expected, actual);
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const length = Math.max(expected.length, actual.length);
    let sum = 0;
    for (let i = 0; i < length; i++)
      sum += i < expected.length && i < actual.length ? valueDistance(expected[i], actual[i]) : 1;
    return sum / length;
  }
  if (isRecord(expected) && isRecord(actual) && !isAsymmetric(expected)) {
    const keys = Object.keys(expected);
    if (keys.length === 0) return 1;
    let sum = 0;
    for (const key of keys) sum += key in actual ? valueDistance(expected[key], actual[key]) : 1;
    return sum / keys.length;
  }
  return 1;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The share of the longer text outside the start and the end the two have in common. */
function textDistance(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 0;
  const shortest = Math.min(a.length, b.length);
  let start = 0;
  while (start < shortest && a[start] === b[start]) start++;
  let end = 0;
  while (end < shortest - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return 1 - (start + end) / longest;
}

export function isStandardSchema(value: unknown): value is StandardSchema {
  return typeof (value as StandardSchema | null)?.['~standard']?.validate === 'function';
}

function validate(schema: StandardSchema, value: unknown): Mismatch {
  const result = schema['~standard'].validate(value);
  if (isThenable(result)) {
    throw new TypeError(
      'sse-test matchers take synchronous schemas only; this schema validates asynchronously.',
    );
  }
  if (!result.issues) return undefined;
  // A path holds keys or `{ key }` segments (valibot gives the latter): the spec allows both.
  const key = (segment: PropertyKey | { readonly key: PropertyKey }) =>
    String(typeof segment === 'object' ? segment.key : segment);
  const issues = result.issues.map(
    (issue) => `${issue.path?.length ? `${issue.path.map(key).join('.')}: ` : ''}${issue.message}`,
  );
  return `schema: ${issues.join('; ')}`;
}

// Each expectation, and each failure message's nearest candidate, looks at an event's data again:
// parse it once per event, and forget it with the event (a WeakMap, not a process-wide cache keyed by
// the text, which handed one object to every stream and every test that saw the same data).
const memo = new WeakMap<SseEvent, unknown>();

/** The event's parsed data, shared: only for code of ours that does not mutate it (`equals`). */
function parsed(event: SseEvent): unknown {
  if (memo.has(event)) return memo.get(event);
  let value: unknown;
  try {
    value = JSON.parse(event.data);
  } catch {
    value = NOT_JSON;
  }
  memo.set(event, value);
  return value;
}

/**
 * The event's parsed data for user code (a predicate, a schema, an asymmetric matcher): a fresh parse
 * of an object or array, since user code may mutate what it is given, and what one expectation did
 * must not change what the next one sees. Parsing again costs what a deep copy would, and freezing
 * the shared one instead would break predicates that sort or fill in their argument.
 */
function ownCopy(event: SseEvent): unknown {
  const value = parsed(event);
  return typeof value === 'object' && value !== null ? JSON.parse(event.data) : value;
}
