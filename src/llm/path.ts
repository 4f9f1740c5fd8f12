import { shorten } from '../util/text.ts';

/** A segment of a schema issue's path: a key, or Standard Schema's `{ key }` object. */
export type PathSegment = PropertyKey | { readonly key: PropertyKey };

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A path as a JavaScript reader would write it after `root`: `data.choices[0].delta`,
 * `data["content-type"]`.
 */
export function formatPath(root: string, path: readonly PathSegment[] | undefined): string {
  let text = root;
  for (const segment of path ?? []) {
    const key = typeof segment === 'object' ? segment.key : segment;
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'symbol') text += `[${String(key)}]`;
    else if (IDENTIFIER.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(key)}]`;
  }
  return text;
}

/** A value as JSON, cut short for a message: `"12"`, `{"a":1}`, `undefined`. */
export function show(value: unknown): string {
  return value === undefined ? 'undefined' : shorten(JSON.stringify(value) ?? String(value), 40);
}
