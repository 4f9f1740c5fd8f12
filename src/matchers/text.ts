/** An asymmetric matcher from either runner (`expect.any(String)`, `expect.stringContaining('x')`...). */
export interface AsymmetricMatcher {
  asymmetricMatch(other: unknown): boolean;
}

/** What a piece of text (an event's type or id, a header's value) may be expected to be. */
export type TextExpectation = string | RegExp | AsymmetricMatcher;

export function isAsymmetric(value: unknown): value is AsymmetricMatcher {
  return typeof (value as AsymmetricMatcher | null)?.asymmetricMatch === 'function';
}

export function isText(value: unknown): value is TextExpectation {
  return typeof value === 'string' || value instanceof RegExp || isAsymmetric(value);
}

/** Whether `actual` is the string, matches the RegExp, or satisfies the asymmetric matcher. */
export function matchText(expected: TextExpectation, actual: string): boolean {
  if (typeof expected === 'string') return expected === actual;
  if (expected instanceof RegExp) return expected.test(actual);
  return expected.asymmetricMatch(actual);
}
