import { stringify } from 'jest-matcher-utils';
import { shorten } from '../util/text.ts';

/**
 * One value as the runners print it (`"price"`, `/^a/`, `StringContaining "x"`, `{"a": 1}`), on one
 * line: a line break inside a string shows as `\n`, as the event list shows it, so that an expected
 * text and the data it equals look the same.
 */
export function printValue(value: unknown): string {
  // A schema's own fields are its library's internals (and some schemas are functions): its vendor says what it is.
  const standard = (value as { '~standard'?: { vendor?: unknown } } | null)?.['~standard'];
  if (standard && typeof standard === 'object') return `a ${String(standard.vendor ?? 'Standard')} schema`;
  if (typeof value === 'function') return value.name ? `[Function ${value.name}]` : '[Function]';
  // `stringify` prints on one line already (pretty-format's `min`), but keeps the line breaks of strings.
  return stringify(value, 10, 200).replace(/\r\n|\r|\n/g, (brk) => LINE_BREAKS[brk] ?? brk);
}

const LINE_BREAKS: Record<string, string> = { '\r\n': '\\r\\n', '\r': '\\r', '\n': '\\n' };

/** `text` on one line (newlines shown as `\n`), cut to `max` characters with an ellipsis. */
export function cut(text: string, max: number): string {
  return shorten(text.replace(/\r?\n/g, '\\n'), max);
}
