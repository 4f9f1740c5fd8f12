import type { SseEvent } from '../client/event.ts';

/**
 * The order a contract's events must come in: a list of steps, read like a regular expression over
 * event types. A step is an event type, or several joined by `|` (any one of them), with an optional
 * suffix: none for exactly once, `?` for at most once, `*` for any number of times, `+` for at least
 * once. Or a function of the events, for orders no list can say.
 *
 * @example
 * ['start', 'delta*', 'done']            // one start, any number of deltas, one done
 * ['message_start', 'delta|ping*', 'message_stop']  // pings may come among the deltas
 * ['status?', 'item+']                   // an optional status first, then one item or more
 */
export type EventOrder = readonly string[] | OrderFunction;

/**
 * An order of the user's own: given the events so far and whether the stream has stopped, the first
 * place they break it, or undefined when they follow it.
 */
export type OrderFunction = (events: readonly SseEvent[], ended: boolean) => OrderProblem | undefined;

/** Where an order breaks: the event's index (undefined: at the end of the stream) and what should have come. */
export interface OrderProblem {
  readonly index: number | undefined;
  /** What the order allowed there, in words: `'delta or done'`. */
  readonly expected: string;
}

interface Step {
  readonly types: readonly string[];
  /** `?` and `*`: the step may be skipped. */
  readonly optional: boolean;
  /** `*`: the step may match again. */
  readonly repeat: boolean;
}

const STEP = /^([^*?+]+)([*?+]?)$/;

/** The event types a list of steps names, for checking them against the contract's `events`. */
export function orderTypes(order: readonly string[]): string[] {
  return compile(order).flatMap((step) => step.types);
}

/**
 * Compiles a list of steps to an {@link OrderFunction}: a small NFA over step positions, so a prefix
 * is accepted while it can still grow into a whole match, and the first event that cannot is named.
 *
 * @throws TypeError for a step that is not `type`, `a|b` or one of those with `?`, `*` or `+`.
 */
export function compileOrder(order: readonly string[]): OrderFunction {
  const steps = compile(order);
  const closure = (states: Set<number>): Set<number> => {
    for (const state of states) {
      if (state < steps.length && steps[state]?.optional) states.add(state + 1);
    }
    return states;
  };
  const expected = (states: Set<number>): string => {
    const types = [...states].sort((a, b) => a - b).flatMap((state) => steps[state]?.types ?? []);
    return types.length === 0 ? 'the end of the stream' : either([...new Set(types)]);
  };
  return (events, ended) => {
    let states = closure(new Set([0]));
    for (const event of events) {
      const next = new Set<number>();
      for (const state of states) {
        const step = steps[state];
        if (step?.types.includes(event.type)) next.add(step.repeat ? state : state + 1);
      }
      if (next.size === 0) return { index: event.index, expected: expected(states) };
      states = closure(next);
    }
    return ended && !states.has(steps.length) ? { index: undefined, expected: expected(states) } : undefined;
  };
}

function compile(order: readonly string[]): Step[] {
  if (!Array.isArray(order)) {
    throw new TypeError(`order must be a list of steps such as ['start', 'delta*', 'done'], or a function.`);
  }
  return order.flatMap((source): Step[] => {
    const match = typeof source === 'string' ? STEP.exec(source.trim()) : null;
    const types = match?.[1]?.split('|').map((type) => type.trim());
    if (!match || !types || types.some((type) => type === '')) {
      throw new TypeError(
        `order: ${JSON.stringify(source)} is not a step; write an event type ('start'), several joined ` +
          `by | ('delta|ping'), either with ?, * or +.`,
      );
    }
    const suffix = match[2];
    // `a+` is `a` then `a*`: one required match, then any number more.
    if (suffix === '+')
      return [
        { types, optional: false, repeat: false },
        { types, optional: true, repeat: true },
      ];
    return [{ types, optional: suffix === '?' || suffix === '*', repeat: suffix === '*' }];
  });
}

/** `a`, `a or b`, `a, b or c`. */
export function either(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}
