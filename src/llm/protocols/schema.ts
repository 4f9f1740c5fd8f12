import { cut } from '../../matchers/print.ts';

/** Where a value broke its schema, and how: `choices[0].delta.content`, `a string or null`, `42`. */
export interface SchemaProblem {
  /** The JSON path from the event's data, `''` for the data itself. */
  readonly path: string;
  readonly expected: string;
  /** What was there, printed short (`undefined` when the field is missing). */
  readonly received: string;
}

/**
 * A check of one JSON value, in the few shapes the providers' events use. Objects allow unknown
 * keys: providers add fields (`obfuscation`, `service_tier`) without notice, and a test must not
 * break on them.
 */
export interface Schema {
  /** A valid value in words, for messages: `a string or null`. */
  readonly expected: string;
  /** The first problem in `value` (found at `path`), or undefined when it conforms. */
  check(value: unknown, path: string): SchemaProblem | undefined;
}

function kind(expected: string, test: (value: unknown) => boolean): Schema {
  return {
    expected,
    check: (value, path) => (test(value) ? undefined : problem(path, expected, value)),
  };
}

function problem(path: string, expected: string, value: unknown): SchemaProblem {
  return { path, expected, received: show(value) };
}

/** A JSON value for a message, on one line and short. */
export function show(value: unknown): string {
  return value === undefined ? 'undefined' : cut(JSON.stringify(value), 60);
}

/** `choices` + 0 → `choices[0]`; `delta` + `content` → `delta.content`. */
function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

export const string: Schema = kind('a string', (value) => typeof value === 'string');
export const number: Schema = kind(
  'a number',
  (value) => typeof value === 'number' && Number.isFinite(value),
);
export const boolean: Schema = kind('a boolean', (value) => typeof value === 'boolean');
/** Anything, present or not. */
export const unknown: Schema = kind('anything', () => true);

/** One of the given values, compared with `===`. */
export function literal(...values: readonly (string | number | boolean | null)[]): Schema {
  const listed = values.map((value) => JSON.stringify(value));
  const expected = listed.length === 1 ? (listed[0] as string) : `one of ${listed.join(', ')}`;
  return kind(expected, (value) => values.includes(value as string));
}

/** The first schema that accepts the value wins; when none does, the problem found deepest is the likeliest one. */
export function union(...schemas: readonly Schema[]): Schema {
  const expected = schemas.map((schema) => schema.expected).join(' or ');
  return {
    expected,
    check(value, path) {
      let deepest: SchemaProblem | undefined;
      for (const schema of schemas) {
        const found = schema.check(value, path);
        if (!found) return undefined;
        if (found.path.length > path.length && found.path.length > (deepest?.path.length ?? -1))
          deepest = found;
      }
      // A value of the right kind with a wrong field inside says more than "expected X or Y".
      return deepest ?? problem(path, expected, value);
    },
  };
}

export function nullable(schema: Schema): Schema {
  return union(
    schema,
    kind('null', (value) => value === null),
  );
}

/** Also accepts a missing value (undefined): for object fields a provider may leave out. */
export function optional(schema: Schema): Schema {
  return {
    expected: schema.expected,
    check: (value, path) => (value === undefined ? undefined : schema.check(value, path)),
  };
}

export function array(items: Schema): Schema {
  return {
    expected: 'an array',
    check(value, path) {
      if (!Array.isArray(value)) return problem(path, 'an array', value);
      for (const [index, item] of value.entries()) {
        const found = items.check(item, at(path, index));
        if (found) return found;
      }
      return undefined;
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object with at least these fields (unknown ones allowed), checked in the order given. */
export function object(shape: Readonly<Record<string, Schema>>): Schema {
  const fields = Object.entries(shape);
  return {
    expected: 'an object',
    check(value, path) {
      if (!isObject(value)) return problem(path, 'an object', value);
      for (const [key, schema] of fields) {
        const found = schema.check(value[key], at(path, key));
        if (found) return found;
      }
      return undefined;
    },
  };
}

/**
 * An object told apart by one field (`type`), each value with a schema of its own. With `open`, a
 * value not listed passes as any object: for kinds a provider adds often (content blocks, items).
 *
 * @example
 * variant('type', { text_delta: object({ text: string }) }); // delta.type: expected "text_delta", received "foo"
 */
export function variant(
  key: string,
  cases: Readonly<Record<string, Schema>>,
  options: { open?: boolean } = {},
): Schema {
  const tags = Object.keys(cases);
  const tag = literal(...tags);
  return {
    expected: 'an object',
    check(value, path) {
      if (!isObject(value)) return problem(path, 'an object', value);
      const which = value[key];
      const schema = typeof which === 'string' && Object.hasOwn(cases, which) ? cases[which] : undefined;
      if (schema) return schema.check(value, path);
      if (options.open && typeof which === 'string') return undefined;
      return options.open ? string.check(which, at(path, key)) : tag.check(which, at(path, key));
    },
  };
}
