import type { SseEvent } from '../../client/event.ts';
import { cut } from '../../matchers/print.ts';
import type { ContractViolation } from '../protocol.ts';
import type { Schema } from './schema.ts';

/** The pieces every protocol's `check` and `read` share: parsing, schema violations, the missing end. */

/** What `parse` returns for data that is not JSON. */
export const NOT_JSON: unique symbol = Symbol('not JSON');

/** The event's data parsed as JSON, or `NOT_JSON`; never throws (`read` must not). */
export function parse(event: SseEvent): unknown {
  try {
    return JSON.parse(event.data);
  } catch {
    return NOT_JSON;
  }
}

/** The data as a plain object, or undefined: for `read` and `detect`, which take what conforms and skip the rest. */
export function record(event: SseEvent | undefined): Record<string, unknown> | undefined {
  if (!event) return undefined;
  const data = parse(event);
  return typeof data === 'object' && data !== null && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : undefined;
}

export function notJson(event: SseEvent, what: string): ContractViolation {
  return {
    index: event.index,
    rule: 'data is JSON',
    expected: what,
    received: event.data === '' ? 'empty data' : `${cut(event.data, 60)} (not JSON)`,
  };
}

/** The event's schema violation, with the path of the first problem, or undefined when it conforms. */
export function conform(
  event: SseEvent,
  name: string,
  schema: Schema,
  data: unknown,
): ContractViolation | undefined {
  const found = schema.check(data, '');
  if (!found) return undefined;
  return {
    index: event.index,
    rule: `the schema of ${name}`,
    expected: found.path === '' ? found.expected : `${found.path}: ${found.expected}`,
    received: found.received,
  };
}

/** The violation of a stream that ended before its terminal event. */
export function missingEnd(events: readonly SseEvent[], rule: string, expected: string): ContractViolation {
  const last = events.at(-1);
  return {
    index: undefined,
    rule,
    expected,
    received: last
      ? `the end of the stream after event #${last.index} (${last.type})`
      : 'the end of the stream, with no events',
  };
}

/** The violation of an event after the one that ended the stream. */
export function afterEnd(event: SseEvent, end: SseEvent, what: string): ContractViolation {
  return {
    index: event.index,
    rule: `nothing comes after ${what}`,
    expected: `the end of the stream after event #${end.index}`,
    received: `a ${event.type} event`,
  };
}
