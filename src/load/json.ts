/** What a field of a metric's JSON must hold, and how to say so in an error message. */
const KINDS = {
  string: { fits: (value: unknown) => typeof value === 'string', reads: 'a string' },
  count: {
    fits: (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0,
    reads: 'a whole number >= 0',
  },
  amount: {
    fits: (value: unknown) => typeof value === 'number' && value >= 0 && value < Number.POSITIVE_INFINITY,
    reads: 'a finite number >= 0',
  },
  'number-or-null': {
    fits: (value: unknown) => value === null || typeof value === 'number',
    reads: 'a number or null',
  },
} as const;

/** What a field of a metric's JSON must be: `count` is a whole number >= 0, `amount` a finite one >= 0. */
export type FieldKind = keyof typeof KINDS;

/**
 * Checks that `json` is an object with `type: type` and the given fields, so that a corrupt or foreign
 * attachment fails with a message when it is read, not as `NaN` in a report later.
 *
 * @param what - the caller, such as `'Trend.fromJSON()'`, to start the message with.
 * @throws TypeError naming the first field that does not fit.
 * @example
 * expectShape('Counter.fromJSON()', json, 'counter', { unit: 'string', count: 'amount' });
 */
export function expectShape(
  what: string,
  json: unknown,
  type: string,
  fields: Record<string, FieldKind>,
): void {
  if (typeof json !== 'object' || json === null || (json as { type?: unknown }).type !== type) {
    throw new TypeError(
      `${what} expects an object with type '${type}' from toJSON(); received ${show(json)}.`,
    );
  }
  for (const [key, kind] of Object.entries(fields)) {
    const value = (json as Record<string, unknown>)[key];
    if (!KINDS[kind].fits(value)) {
      throw new TypeError(`${what} expects ${key} to be ${KINDS[kind].reads}; received ${show(value)}.`);
    }
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value !== 'object' || value === null) return String(value);
  return `an object with type ${String((value as { type?: unknown }).type)}`;
}
