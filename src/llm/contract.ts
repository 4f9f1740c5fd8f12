import type { SseEvent } from '../client/event.ts';
import type { StandardSchema } from '../matchers/data.ts';
import { compileOrder, type EventOrder, either, type OrderFunction, orderTypes } from './order.ts';
import { formatPath, type PathSegment, show } from './path.ts';
import type { ContractViolation, StreamContract } from './protocol.ts';

/** The order and ending of a contract's events, shared by {@link streamContract} and `openApiContract()`. */
export interface ContractShape {
  /** The order events must come in ({@link EventOrder}); default: any. */
  readonly order?: EventOrder | undefined;
  /** The event type that must come last once the stream has ended; `false` (the default): none. */
  readonly end?: string | false | undefined;
  /** The contract's name in messages. Default `'your contract'`. */
  readonly name?: string | undefined;
}

/** A contract of your own: a Standard Schema for the data of each event type, and optionally an order and an end. */
export interface ContractSpec extends ContractShape {
  /** Event type → the schema its data must match (zod, valibot, arktype...). A type not listed fails. */
  readonly events: { readonly [type: string]: StandardSchema };
}

/**
 * A {@link StreamContract} from a schema per event type, for `toFollowProtocol()`. Every event's type
 * must be one of `events`, and its data must match that type's schema: the data parsed as JSON when
 * it parses (and, should that fail, the raw text, so `z.string()` accepts any data), else the raw
 * text. The first violation names the event, the rule and the schema's first issue with its path
 * (`data.price: Invalid input: expected number, received string`).
 *
 * Schemas must validate synchronously: `check()` is synchronous, so a schema that returns a Promise
 * (an async refinement or transform) makes it throw a TypeError saying so.
 *
 * @param spec `events`, and optionally `order` (default: any), `end` (default: none) and `name` (default `'your contract'`).
 * @throws TypeError when an `events` value is not a Standard Schema, or `order` names a type `events` lacks.
 *
 * @example
 * const ticker = streamContract({
 *   events: { price: z.object({ symbol: z.string(), price: z.number() }), done: z.literal('[DONE]') },
 *   order: ['price+', 'done'],
 *   end: 'done',
 * });
 * await expect(stream).toFollowProtocol(ticker);
 */
export function streamContract(spec: ContractSpec): StreamContract {
  const events = spec?.events;
  if (typeof events !== 'object' || events === null) {
    throw new TypeError(
      'streamContract() needs { events: { [type]: schema } }, one Standard Schema per event type.',
    );
  }
  const types = Object.keys(events);
  for (const type of types) {
    if (!isStandardSchema(events[type])) {
      throw new TypeError(
        `streamContract(): events.${type} is not a Standard Schema (zod, valibot, arktype...); received ${show(events[type])}.`,
      );
    }
  }
  const named = [
    ...(Array.isArray(spec.order) ? orderTypes(spec.order) : []),
    ...(typeof spec.end === 'string' ? [spec.end] : []),
  ];
  const missing = named.find((type) => !Object.hasOwn(events, type));
  if (missing !== undefined) {
    throw new TypeError(`streamContract(): order or end names ${missing}, which events has no schema for.`);
  }
  return buildContract(spec, (event) => {
    const schema = Object.hasOwn(events, event.type) ? events[event.type] : undefined;
    if (!schema) {
      return {
        index: event.index,
        rule: 'only the event types in events',
        expected: either(types),
        received: event.type,
      };
    }
    const issue = dataIssue(event, schema);
    if (issue === undefined) return undefined;
    return {
      index: event.index,
      rule: `schema of ${event.type}`,
      expected: `${event.type} data matching its schema`,
      received: issue,
    };
  });
}

/**
 * @internal A contract from a per-event check plus the shape's order and end. Violations come in index order;
 * at one index the event's own check comes first, then the end, then the order; problems at the
 * end of the stream (index undefined) come after every event's.
 */
export function buildContract(
  shape: ContractShape,
  checkEvent: (event: SseEvent) => ContractViolation | undefined,
): StreamContract {
  const order: OrderFunction | undefined =
    shape.order === undefined
      ? undefined
      : typeof shape.order === 'function'
        ? shape.order
        : compileOrder(shape.order);
  const orderRule = Array.isArray(shape.order) ? `order: ${shape.order.join(', ')}` : 'order';
  const end = typeof shape.end === 'string' ? shape.end : undefined;
  return {
    name: shape.name ?? 'your contract',
    check(events, ended) {
      const late = [endViolation(end, events, ended), orderViolation(order, orderRule, events, ended)]
        .filter((violation) => violation !== undefined)
        .sort((a, b) => (a.index ?? Infinity) - (b.index ?? Infinity))[0];
      for (const event of events) {
        if (late?.index !== undefined && event.index > late.index) break;
        const violation = checkEvent(event);
        if (violation) return violation;
      }
      return late;
    },
  };
}

function endViolation(end: string | undefined, events: readonly SseEvent[], ended: boolean) {
  if (end === undefined) return undefined;
  const rule = `${end} ends the stream`;
  const at = events.findIndex((event) => event.type === end);
  const after = at === -1 ? undefined : events[at + 1];
  if (after) return { index: after.index, rule, expected: 'the end of the stream', received: after.type };
  if (!ended || at !== -1) return undefined;
  const last = events.at(-1);
  return {
    index: undefined,
    rule,
    expected: end,
    received: last ? `${last.type}, the last event` : 'no events',
  };
}

function orderViolation(
  order: OrderFunction | undefined,
  rule: string,
  events: readonly SseEvent[],
  ended: boolean,
): ContractViolation | undefined {
  const problem = order?.(events, ended);
  if (!problem) return undefined;
  const event = events.find((candidate) => candidate.index === problem.index);
  const received = event?.type ?? 'the end of the stream';
  return { index: problem.index, rule, expected: problem.expected, received };
}

/** The schema's first issue with the event's data, as `data.path: message`, or undefined when it matches. */
function dataIssue(event: SseEvent, schema: StandardSchema): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(event.data);
  } catch {
    const issue = firstIssue(event.type, schema, event.data);
    if (!issue) return undefined;
    return `${formatPath('data', issue.path)}: ${issue.message} (the data is not JSON: ${show(event.data)})`;
  }
  const issue = firstIssue(event.type, schema, value);
  if (!issue || (typeof value !== 'string' && !firstIssue(event.type, schema, event.data))) return undefined;
  return `${formatPath('data', issue.path)}: ${issue.message}`;
}

interface Issue {
  readonly message: string;
  readonly path?: readonly PathSegment[] | undefined;
}

function firstIssue(type: string, schema: StandardSchema, value: unknown): Issue | undefined {
  const result = schema['~standard'].validate(value);
  if (typeof (result as { then?: unknown }).then === 'function') {
    // Nobody awaits it: keep a rejection from surfacing as an unhandled one after we throw.
    (result as Promise<unknown>).then(undefined, () => {});
    throw new TypeError(
      `The contract's schema of ${type} validated asynchronously (it returned a Promise); contracts check ` +
        'events synchronously, so give them schemas without async refinements or transforms.',
    );
  }
  const issues = (result as { issues?: readonly Issue[] | undefined }).issues;
  return issues ? (issues[0] ?? { message: 'the schema rejected it, naming no issue' }) : undefined;
}

function isStandardSchema(value: unknown): value is StandardSchema {
  return typeof (value as StandardSchema | null)?.['~standard']?.validate === 'function';
}
