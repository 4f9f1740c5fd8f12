/**
 * A mask: JSON paths over an event's parsed data whose values are volatile. A list masks them
 * outright; an object maps each path to an asymmetric matcher (`expect.any(Number)`) the value
 * must still satisfy. Paths: `$` the data, `.key` or `['key']` a member, `[n]` an element, `[*]`
 * or `.*` every member, `..key` that key at any depth.
 */
export type SnapshotMask = readonly string[] | Readonly<Record<string, unknown>>;

type Step =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  | { kind: 'any' }
  | { kind: 'deep'; key: string };

/** What a masked value is written as, so the file says a value was there and was masked. */
export const MASKED = '[masked]';

/** Parses a JSON path of the subset above, or throws a TypeError that names the bad part. */
export function parsePath(path: string): Step[] {
  if (!path.startsWith('$'))
    throw new TypeError(`A snapshot mask path starts with "$"; received ${JSON.stringify(path)}`);
  const steps: Step[] = [];
  const pattern = /\.\.([A-Za-z_$][\w$-]*)|\.([A-Za-z_$][\w$-]*)|\.\*|\[\*\]|\[(\d+)\]|\[['"]([^'"]*)['"]\]/y;
  pattern.lastIndex = 1;
  while (pattern.lastIndex < path.length) {
    const at = pattern.lastIndex;
    const match = pattern.exec(path);
    if (!match)
      throw new TypeError(`Cannot read snapshot mask path ${JSON.stringify(path)} at "${path.slice(at)}"`);
    if (match[1] !== undefined) steps.push({ kind: 'deep', key: match[1] });
    else if (match[2] !== undefined) steps.push({ kind: 'key', key: match[2] });
    else if (match[3] !== undefined) steps.push({ kind: 'index', index: Number(match[3]) });
    else if (match[4] !== undefined) steps.push({ kind: 'key', key: match[4] });
    else steps.push({ kind: 'any' });
  }
  return steps;
}

/** One place a path reached: the container, the member, and the printable path of it. */
interface Hit {
  parent: Record<string, unknown> | unknown[];
  key: string | number;
  where: string;
}

/** Every place `steps` reaches in `root` (a parsed JSON value). */
function reach(root: unknown, steps: readonly Step[]): Hit[] {
  let frontier: { value: unknown; hit?: Hit; where: string }[] = [{ value: root, where: '$' }];
  for (const step of steps) {
    const next: typeof frontier = [];
    for (const { value, where } of frontier) {
      if (step.kind === 'deep') {
        for (const hit of descend(value, where, step.key))
          next.push({ value: member(hit), hit, where: hit.where });
        continue;
      }
      if (value === null || typeof value !== 'object') continue;
      const container = value as Record<string, unknown> | unknown[];
      const keys =
        step.kind === 'any'
          ? Object.keys(container).map((k) => (Array.isArray(container) ? Number(k) : k))
          : [step.kind === 'key' ? step.key : step.index];
      for (const key of keys) {
        if (!Object.hasOwn(container, key)) continue;
        const hit = {
          parent: container,
          key,
          where: typeof key === 'number' ? `${where}[${key}]` : `${where}.${key}`,
        };
        next.push({ value: member(hit), hit, where: hit.where });
      }
    }
    frontier = next;
  }
  return frontier.flatMap((f) => (f.hit ? [f.hit] : []));
}

function member(hit: Hit): unknown {
  return (hit.parent as Record<string | number, unknown>)[hit.key];
}

function descend(value: unknown, where: string, key: string): Hit[] {
  if (value === null || typeof value !== 'object') return [];
  const hits: Hit[] = [];
  for (const [k, child] of Object.entries(value)) {
    const at = Array.isArray(value) ? `${where}[${k}]` : `${where}.${k}`;
    if (k === key && !Array.isArray(value))
      hits.push({ parent: value as Record<string, unknown>, key: k, where: at });
    hits.push(...descend(child, at, key));
  }
  return hits;
}

/** A value that failed its mask's matcher: where, what was asked, what came. */
export interface MaskMiss {
  where: string;
  expected: string;
  received: unknown;
}

/**
 * Masks `data` (a parsed JSON value, changed in place): each reached value becomes `[masked]`, or
 * `[Any<Number>]` for a matcher, after the matcher checked it. Returns the values that failed.
 */
export function applyMask(data: unknown, mask: SnapshotMask | undefined): MaskMiss[] {
  if (!mask) return [];
  const entries: [string, unknown][] = Array.isArray(mask)
    ? mask.map((path) => [path, undefined])
    : Object.entries(mask as Record<string, unknown>);
  const misses: MaskMiss[] = [];
  for (const [path, matcher] of entries) {
    for (const hit of reach(data, parsePath(path))) {
      const value = member(hit);
      const slot = hit.parent as Record<string | number, unknown>;
      if (matcher === undefined) {
        slot[hit.key] = MASKED;
        continue;
      }
      const asymmetric = matcher as {
        asymmetricMatch?: (v: unknown) => boolean;
        toAsymmetricMatcher?: () => string;
        toString: () => string;
      };
      const name = asymmetric.toAsymmetricMatcher?.() ?? String(asymmetric);
      const ok =
        typeof asymmetric.asymmetricMatch === 'function'
          ? asymmetric.asymmetricMatch(value)
          : Object.is(value, matcher);
      if (!ok) misses.push({ where: hit.where, expected: name, received: value });
      slot[hit.key] = `[${name}]`;
    }
  }
  return misses;
}
