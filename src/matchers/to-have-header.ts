import type { SseStream } from '../client/stream.ts';
import { redactHeader } from '../util/redact.ts';
import type { SseMatcherContext } from './context.ts';
import { formatReport } from './message.ts';
import { printValue } from './print.ts';
import { type MatcherResult, streamOf } from './receiver.ts';
import { isText, matchText, type TextExpectation } from './text.ts';

/** What a header's value may be expected to be: exact string, RegExp, or an asymmetric matcher. */
export type HeaderExpectation = TextExpectation;

/**
 * Synchronous: passes when the response (of the first connection) has the header `name`, compared
 * case-insensitively; with `value`, its value must also match. Does not wait or move the cursor.
 *
 * @param name - the header name, any case (`'Content-Type'` and `'content-type'` are the same).
 * @param value - the exact value, a RegExp tested on it, or an asymmetric matcher; default: any value.
 * @example
 * expect(stream).toHaveHeader('x-accel-buffering', 'no');
 * expect(stream).toHaveHeader('Cache-Control', /no-cache/);
 * expect(stream).not.toHaveHeader('content-encoding');
 */
export function toHaveHeader(
  this: SseMatcherContext,
  stream: SseStream,
  name: string,
  value?: HeaderExpectation,
): MatcherResult {
  const sse = streamOf(stream, 'toHaveHeader');
  if (typeof name !== 'string' || name === '') {
    throw new TypeError(`toHaveHeader() expects a header name; received ${printValue(name)}.`);
  }
  if (value !== undefined && !isText(value)) {
    throw new TypeError(
      `toHaveHeader() expects the value as a string, RegExp or asymmetric matcher; received ${printValue(value)}.`,
    );
  }
  const key = name.toLowerCase();
  const actual = Object.hasOwn(sse.headers, key) ? sse.headers[key] : undefined;
  const pass = actual !== undefined && (value === undefined || matchText(value, actual));
  const message = () => {
    const which =
      value === undefined ? '' : value instanceof RegExp ? ` matching ${value}` : `: ${printValue(value)}`;
    const names = Object.keys(sse.headers);
    return formatReport(this, sse, {
      matcher: 'toHaveHeader',
      expectedArg: value === undefined ? 'name' : 'name, value',
      expected: `${this.isNot ? 'no ' : ''}header ${JSON.stringify(key)}${which}`,
      received:
        actual === undefined
          ? `no ${JSON.stringify(key)} header; the response has ${names.length ? names.join(', ') : 'no headers'}`
          : `${JSON.stringify(key)}: ${JSON.stringify(redactHeader(key, actual))}`,
    });
  };
  return { pass, message };
}
