import { stringify } from 'jest-matcher-utils';
import { shorten } from '../util/text.ts';

/** One value as the runners print it (`"price"`, `/^a/`, `StringContaining "x"`, `{"a": 1}`), on one line. */
export function printValue(value: unknown): string {
  // A schema's own fields are its library's internals (and some schemas are functions): its vendor says what it is.
  const standard = (value as { '~standard'?: { vendor?: unknown } } | null)?.['~standard'];
  if (standard && typeof standard === 'object') return `a ${String(standard.vendor ?? 'Standard')} schema`;
  if (typeof value === 'function') return value.name ? `[Function ${value.name}]` : '[Function]';
  return stringify(value, 10, 200).replace(/\s*\n\s*/g, ' ');
}

/** `text` on one line (newlines shown as `\n`), cut to `max` characters with an ellipsis. */
export function cut(text: string, max: number): string {
  return shorten(text.replace(/\r?\n/g, '\\n'), max);
}
