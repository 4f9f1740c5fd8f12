import type { JsonSchema, SchemaIssue } from './json-schema.ts';
import { show } from './path.ts';

type Path = readonly (string | number)[];
type Schema = { readonly [keyword: string]: unknown };

/** What the keywords of one type need from the validator: subschemas checked by it, compiled patterns. */
export interface Scope {
  readonly patterns: ReadonlyMap<string, RegExp>;
  check(schema: JsonSchema, value: unknown, path: Path): SchemaIssue | undefined;
}

/** `minLength`, `maxLength`, `pattern`, and JSON text under `contentMediaType`, checked by `contentSchema`. */
export function checkString(s: Schema, value: string, path: Path, scope: Scope): SchemaIssue | undefined {
  const length = [...value].length;
  if (typeof s.minLength === 'number' && length < s.minLength) {
    return {
      path,
      keyword: 'minLength',
      message: `expected at least ${s.minLength} characters, received ${length}`,
    };
  }
  if (typeof s.maxLength === 'number' && length > s.maxLength) {
    return {
      path,
      keyword: 'maxLength',
      message: `expected at most ${s.maxLength} characters, received ${length}`,
    };
  }
  if (typeof s.pattern === 'string' && !scope.patterns.get(s.pattern)?.test(value)) {
    return {
      path,
      keyword: 'pattern',
      message: `expected a match for /${s.pattern}/, received ${show(value)}`,
    };
  }
  const media = typeof s.contentMediaType === 'string' ? s.contentMediaType.split(';')[0]?.trim() : undefined;
  if (!media || !/^application\/(?:[\w.-]+\+)?json$/i.test(media)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return {
      path,
      keyword: 'contentMediaType',
      message: `expected JSON text (${media}), received ${show(value)}`,
    };
  }
  return s.contentSchema === undefined ? undefined : scope.check(s.contentSchema as JsonSchema, parsed, path);
}

/** `minimum`, `maximum`, their exclusive twins, `multipleOf`. */
export function checkNumber(s: Schema, value: number, path: Path): SchemaIssue | undefined {
  const bounds: [string, (limit: number) => boolean, string][] = [
    ['minimum', (limit) => value >= limit, '>='],
    ['exclusiveMinimum', (limit) => value > limit, '>'],
    ['maximum', (limit) => value <= limit, '<='],
    ['exclusiveMaximum', (limit) => value < limit, '<'],
  ];
  for (const [keyword, holds, sign] of bounds) {
    const limit = s[keyword];
    if (typeof limit === 'number' && !holds(limit)) {
      return { path, keyword, message: `expected a number ${sign} ${limit}, received ${value}` };
    }
  }
  if (typeof s.multipleOf === 'number' && !Number.isInteger(value / s.multipleOf)) {
    return {
      path,
      keyword: 'multipleOf',
      message: `expected a multiple of ${s.multipleOf}, received ${value}`,
    };
  }
  return undefined;
}

/** `minItems`, `maxItems`, `prefixItems`, `items`, `uniqueItems`, `contains`. */
export function checkArray(
  s: Schema,
  value: readonly unknown[],
  path: Path,
  scope: Scope,
): SchemaIssue | undefined {
  if (typeof s.minItems === 'number' && value.length < s.minItems) {
    return {
      path,
      keyword: 'minItems',
      message: `expected at least ${s.minItems} items, received ${value.length}`,
    };
  }
  if (typeof s.maxItems === 'number' && value.length > s.maxItems) {
    return {
      path,
      keyword: 'maxItems',
      message: `expected at most ${s.maxItems} items, received ${value.length}`,
    };
  }
  const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as JsonSchema[]) : [];
  for (const [i, item] of value.entries()) {
    const schema = i < prefix.length ? prefix[i] : (s.items as JsonSchema | undefined);
    const issue = schema === undefined ? undefined : scope.check(schema, item, [...path, i]);
    if (issue) return issue;
  }
  if (s.uniqueItems === true) {
    const twin = value.findIndex((item, i) => value.slice(0, i).some((earlier) => equal(earlier, item)));
    if (twin !== -1)
      return {
        path: [...path, twin],
        keyword: 'uniqueItems',
        message: 'expected unique items, received a repeat',
      };
  }
  if (
    s.contains !== undefined &&
    !value.some((item, i) => !scope.check(s.contains as JsonSchema, item, [...path, i]))
  ) {
    return { path, keyword: 'contains', message: 'expected an item matching contains, received none' };
  }
  return undefined;
}

/** `required`, `properties`, `patternProperties`, `additionalProperties`, `propertyNames`, `min/maxProperties`, `dependentRequired`. */
export function checkObject(s: Schema, value: Schema, path: Path, scope: Scope): SchemaIssue | undefined {
  for (const key of Array.isArray(s.required) ? (s.required as string[]) : []) {
    if (!Object.hasOwn(value, key))
      return { path: [...path, key], keyword: 'required', message: 'missing (required)' };
  }
  const properties = asObject(s.properties) as { [key: string]: JsonSchema };
  // Discriminators first (`event: { const: 'delta' }`): a oneOf branch for another event type then
  // fails on them, and the branch the event meant reports the issue that matters (see `pickIssue`).
  const keys = Object.keys(properties).sort(
    (a, b) => Number(isDiscriminator(properties[b])) - Number(isDiscriminator(properties[a])),
  );
  for (const key of keys) {
    const issue = Object.hasOwn(value, key)
      ? scope.check(properties[key] as JsonSchema, value[key], [...path, key])
      : undefined;
    if (issue) return issue;
  }
  const patterns = Object.entries(asObject(s.patternProperties) as { [pattern: string]: JsonSchema });
  for (const [key, item] of Object.entries(value)) {
    let known = Object.hasOwn(properties, key);
    for (const [pattern, schema] of patterns) {
      if (!scope.patterns.get(pattern)?.test(key)) continue;
      known = true;
      const issue = scope.check(schema, item, [...path, key]);
      if (issue) return issue;
    }
    if (s.propertyNames !== undefined) {
      const issue = scope.check(s.propertyNames as JsonSchema, key, [...path, key]);
      if (issue) return { ...issue, message: `property name ${issue.message}` };
    }
    if (known || s.additionalProperties === undefined) continue;
    if (s.additionalProperties === false) {
      return {
        path: [...path, key],
        keyword: 'additionalProperties',
        message: 'not allowed (additionalProperties: false)',
      };
    }
    const issue = scope.check(s.additionalProperties as JsonSchema, item, [...path, key]);
    if (issue) return issue;
  }
  const count = Object.keys(value).length;
  if (typeof s.minProperties === 'number' && count < s.minProperties) {
    return {
      path,
      keyword: 'minProperties',
      message: `expected at least ${s.minProperties} properties, received ${count}`,
    };
  }
  if (typeof s.maxProperties === 'number' && count > s.maxProperties) {
    return {
      path,
      keyword: 'maxProperties',
      message: `expected at most ${s.maxProperties} properties, received ${count}`,
    };
  }
  for (const [key, needed] of Object.entries(asObject(s.dependentRequired) as { [key: string]: string[] })) {
    const missing = Object.hasOwn(value, key)
      ? needed.find((other) => !Object.hasOwn(value, other))
      : undefined;
    if (missing !== undefined) {
      return {
        path: [...path, missing],
        keyword: 'dependentRequired',
        message: `missing (required with ${key})`,
      };
    }
  }
  return undefined;
}

function isDiscriminator(schema: JsonSchema | undefined): boolean {
  return typeof schema === 'object' && ('const' in schema || 'enum' in schema);
}

/** JSON equality, as `const`, `enum` and `uniqueItems` need it: same type, same items, same keys. */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => equal(item, b[i]));
  if (!isObject(a) || !isObject(b) || Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.hasOwn(b, key) && equal(a[key], b[key]))
  );
}

/** A JSON object: not null, not an array. */
export function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` when it is an object, else `{}`, for keywords whose value may be missing. */
export function asObject(value: unknown): Schema {
  return isObject(value) ? value : {};
}
