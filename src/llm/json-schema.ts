import {
  asObject,
  checkArray,
  checkNumber,
  checkObject,
  checkString,
  equal,
  isObject,
  type Scope,
} from './json-schema-keywords.ts';
import { either } from './order.ts';
import { show } from './path.ts';

/** A JSON Schema (draft 2020-12, as OpenAPI 3.1 and 3.2 Schema Objects are): an object, or `true`/`false`. */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/** The first place a value breaks a schema. */
export interface SchemaIssue {
  readonly path: readonly (string | number)[];
  /** The keyword that failed: `'type'`, `'required'`, `'const'`... */
  readonly keyword: string;
  readonly message: string;
  /** For `const` and `enum`: the values allowed there, to say them all when every oneOf branch fails on one. */
  readonly allowed?: readonly unknown[];
  /** For `const` and `enum`: the value that was not allowed. */
  readonly received?: unknown;
}

type Path = readonly (string | number)[];
type Schema = { readonly [keyword: string]: unknown };

// Keywords whose meaning we do not implement: a schema using one is refused when the contract is
// made, rather than passing values the user meant to reject.
const UNSUPPORTED = [
  'unevaluatedProperties',
  'unevaluatedItems',
  'dependentSchemas',
  '$dynamicRef',
  '$recursiveRef',
  'minContains',
  'maxContains',
];
const ONE = [
  'additionalProperties',
  'propertyNames',
  'items',
  'contains',
  'not',
  'if',
  'then',
  'else',
  'contentSchema',
];
const MANY = ['prefixItems', 'allOf', 'anyOf', 'oneOf'];
const MAP = ['properties', 'patternProperties', '$defs', 'definitions'];

interface Context extends Scope {
  readonly root: unknown;
  readonly refs: Map<string, JsonSchema>;
  readonly patterns: Map<string, RegExp>;
}

/**
 * A validator for `schema`, whose `$ref`s point into `root` (`#/components/schemas/Event`). It knows
 * the validation keywords of JSON Schema 2020-12 but `unevaluated*`, `dependentSchemas`,
 * `min/maxContains` and dynamic references, and it validates `contentSchema` on string data whose
 * `contentMediaType` is JSON (`application/json`, `*+json`); `format` and other annotations are not checked.
 *
 * @param where The schema's place, for errors: `'itemSchema'`.
 * @throws TypeError for a keyword it does not implement, an invalid `pattern`, or a `$ref` it cannot resolve.
 */
export function compileSchema(schema: JsonSchema, root: unknown, where: string) {
  const context: Context = {
    root,
    refs: new Map(),
    patterns: new Map(),
    check: (sub, value, path) => check(sub, value, path, context),
  };
  walk(schema, where, context, new Set());
  return (value: unknown): SchemaIssue | undefined => check(schema, value, [], context);
}

function walk(schema: unknown, where: string, context: Context, seen: Set<object>): void {
  if (typeof schema === 'boolean') return;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new TypeError(`${where} is not a JSON Schema (an object or a boolean); received ${show(schema)}.`);
  }
  if (seen.has(schema)) return;
  seen.add(schema);
  const s = schema as Schema;
  const unsupported = UNSUPPORTED.find((keyword) => keyword in s);
  if (unsupported)
    throw new TypeError(`${where} uses ${unsupported}, which sse-test's schema checks do not implement.`);
  for (const pattern of [s.pattern, ...Object.keys(asObject(s.patternProperties))]) {
    if (typeof pattern !== 'string' || context.patterns.has(pattern)) continue;
    try {
      context.patterns.set(pattern, new RegExp(pattern, 'u'));
    } catch (cause) {
      throw new TypeError(`${where} has a pattern that is not a valid regular expression: ${pattern}`, {
        cause,
      });
    }
  }
  if (typeof s.$ref === 'string' && !context.refs.has(s.$ref)) {
    const target = resolve(context.root, s.$ref, where);
    context.refs.set(s.$ref, target);
    walk(target, s.$ref, context, seen);
  }
  for (const keyword of ONE) if (keyword in s) walk(s[keyword], `${where}/${keyword}`, context, seen);
  for (const keyword of MANY) {
    if (keyword in s && !Array.isArray(s[keyword]))
      throw new TypeError(`${where}/${keyword} must be a list of schemas.`);
    for (const [i, sub] of ((s[keyword] as unknown[] | undefined) ?? []).entries()) {
      walk(sub, `${where}/${keyword}/${i}`, context, seen);
    }
  }
  for (const keyword of MAP) {
    for (const [key, sub] of Object.entries(asObject(s[keyword])))
      walk(sub, `${where}/${keyword}/${key}`, context, seen);
  }
}

function resolve(root: unknown, ref: string, where: string): JsonSchema {
  if (ref !== '#' && !ref.startsWith('#/')) {
    throw new TypeError(
      `${where}: $ref ${ref} points outside the document; only #/... references are resolved.`,
    );
  }
  let target = root;
  // RFC 6901: a pointer's tokens, with ~1 for / and ~0 for ~, percent-encoded in a URI fragment.
  for (const token of ref.split('/').slice(1)) {
    const key = decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~');
    target =
      typeof target === 'object' && target !== null && Object.hasOwn(target, key)
        ? (target as Schema)[key]
        : undefined;
  }
  if (target === undefined) throw new TypeError(`${where}: $ref ${ref} resolves to nothing in the document.`);
  return target as JsonSchema;
}

function check(schema: JsonSchema, value: unknown, path: Path, context: Context): SchemaIssue | undefined {
  if (schema === true) return undefined;
  if (schema === false) return { path, keyword: 'false', message: 'no value is allowed here' };
  const s = schema as Schema;
  const ref = typeof s.$ref === 'string' ? context.refs.get(s.$ref) : undefined;
  if (ref !== undefined) {
    const issue = check(ref, value, path, context);
    if (issue) return issue;
  }
  if (s.type !== undefined) {
    const types = [s.type].flat() as string[];
    if (!types.some((type) => hasType(value, type))) {
      return { path, keyword: 'type', message: `expected ${either(types)}, received ${typeOf(value)}` };
    }
  }
  if ('const' in s && !equal(value, s.const)) {
    const message = `expected ${show(s.const)}, received ${show(value)}`;
    return { path, keyword: 'const', message, allowed: [s.const], received: value };
  }
  if (Array.isArray(s.enum) && !s.enum.some((allowed) => equal(value, allowed))) {
    const message = `expected ${either(s.enum.map(show))}, received ${show(value)}`;
    return { path, keyword: 'enum', message, allowed: s.enum, received: value };
  }
  const issue =
    typeof value === 'string'
      ? checkString(s, value, path, context)
      : typeof value === 'number'
        ? checkNumber(s, value, path)
        : Array.isArray(value)
          ? checkArray(s, value, path, context)
          : isObject(value)
            ? checkObject(s, value, path, context)
            : undefined;
  return issue ?? checkApplicators(s, value, path, context);
}

function checkApplicators(s: Schema, value: unknown, path: Path, context: Context): SchemaIssue | undefined {
  for (const sub of (s.allOf as JsonSchema[] | undefined) ?? []) {
    const issue = check(sub, value, path, context);
    if (issue) return issue;
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = s[keyword] as JsonSchema[] | undefined;
    if (!branches) continue;
    const issues = branches.map((branch) => check(branch, value, path, context));
    const passed = issues.flatMap((issue, i) => (issue ? [] : [i]));
    if (passed.length === 0) return pickIssue(issues as SchemaIssue[], path, keyword);
    if (keyword === 'oneOf' && passed.length > 1) {
      return {
        path,
        keyword,
        message: `expected exactly one of the oneOf schemas to match, received a match for ${passed.length} (${passed.join(', ')})`,
      };
    }
  }
  if (s.not !== undefined && !check(s.not as JsonSchema, value, path, context)) {
    return { path, keyword: 'not', message: 'expected no match for the schema under not, received one' };
  }
  if (s.if !== undefined) {
    const then = check(s.if as JsonSchema, value, path, context) ? s.else : s.then;
    if (then !== undefined) return check(then as JsonSchema, value, path, context);
  }
  return undefined;
}

/**
 * The issue to report when no branch matched: the branches that failed on a `const` or `enum` are
 * for other shapes (another event type), so the deepest issue among the rest says the most; when all
 * failed on the same discriminator, one issue says which values it allows.
 */
function pickIssue(issues: readonly SchemaIssue[], path: Path, keyword: string): SchemaIssue {
  const rest = issues.filter((issue) => issue.allowed === undefined);
  if (rest.length > 0)
    return rest.reduce((best, issue) => (issue.path.length > best.path.length ? issue : best));
  const first = issues[0];
  const at = first?.path.join('/');
  if (!first || issues.some((issue) => issue.path.join('/') !== at)) {
    return first ?? { path, keyword, message: `expected a match for one of the ${keyword} schemas` };
  }
  const allowed = [...new Set(issues.flatMap((issue) => issue.allowed ?? []).map(show))];
  const received = show(first.received);
  return {
    path: first.path,
    keyword: first.keyword,
    message: `expected ${either(allowed)}, received ${received}`,
  };
}

function hasType(value: unknown, type: string): boolean {
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'number') return typeof value === 'number';
  if (type === 'null') return value === null;
  if (type === 'array') return Array.isArray(value);
  if (type === 'object') return isObject(value);
  return typeof value === type;
}

/** `string "12"`, `number 12`, `null`, `object`, `array`. */
function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : `${typeof value} ${show(value)}`;
}
