import { equals } from '@jest/expect-utils';
import { diff } from 'jest-matcher-utils';
import { jsonData, type SnapshotEntry, type SnapshotTiming } from './format.ts';

/** One difference between a snapshot and the stream, in the stream's order. */
export type SnapshotChange =
  | { kind: 'missing'; stored: number; entry: SnapshotEntry }
  | { kind: 'extra'; received: number; entry: SnapshotEntry }
  | { kind: 'changed'; stored: number; received: number; type: string; reasons: string[] };

function sameData(a: string, b: string): boolean {
  if (a === b) return true;
  const x = jsonData(a);
  const y = jsonData(b);
  return x !== undefined && y !== undefined && equals(x, y);
}

const DIFF = {
  aAnnotation: 'Snapshot',
  bAnnotation: 'Received',
  expand: false,
  contextLines: 1,
  omitAnnotationLines: true,
};

// Beyond this many cells the alignment goes index by index: a diff of 2,000 x 2,000 events is
// already more than anyone reads.
const MAX_CELLS = 4_000_000;

/**
 * The differences between the stored entries and the received ones: events aligned by their
 * longest common run (type and data), so one inserted event reads as one extra, not as every
 * later event changed; a removed and an added event of one type side by side read as one change.
 */
export function compareEntries(
  stored: readonly SnapshotEntry[],
  received: readonly SnapshotEntry[],
  timing: SnapshotTiming,
): SnapshotChange[] {
  const pairs = align(stored, received);
  const changes: SnapshotChange[] = [];
  for (let k = 0; k < pairs.length; k++) {
    const [i, j] = pairs[k] as [number | undefined, number | undefined];
    if (i !== undefined && j !== undefined) {
      const reasons = differences(stored[i] as SnapshotEntry, received[j] as SnapshotEntry, timing);
      if (reasons.length > 0)
        changes.push({
          kind: 'changed',
          stored: i,
          received: j,
          type: (received[j] as SnapshotEntry).type,
          reasons,
        });
    } else if (i !== undefined)
      changes.push({ kind: 'missing', stored: i, entry: stored[i] as SnapshotEntry });
    else if (j !== undefined)
      changes.push({ kind: 'extra', received: j, entry: received[j] as SnapshotEntry });
  }
  return changes;
}

function differences(a: SnapshotEntry, b: SnapshotEntry, timing: SnapshotTiming): string[] {
  const reasons: string[] = [];
  if (a.type !== b.type) reasons.push(`type ${JSON.stringify(a.type)} → ${JSON.stringify(b.type)}`);
  if (a.id !== b.id) reasons.push(`id ${JSON.stringify(a.id)} → ${JSON.stringify(b.id)}`);
  if (!sameData(a.data, b.data)) {
    const x = jsonData(a.data);
    const y = jsonData(b.data);
    const shown =
      x !== undefined && y !== undefined
        ? diff(x, y, DIFF)
        : diff(a.data, b.data, { ...DIFF, omitAnnotationLines: false });
    reasons.push(`data differs:\n${shown ?? ''}`);
  }
  if (timing !== 'order') {
    if (a.gap === undefined)
      reasons.push('the snapshot keeps no timing (it was written with timing: "order")');
    else if (b.gap !== undefined && Math.abs(a.gap - b.gap) > timing.tolerance)
      reasons.push(`gap +${a.gap} ms → +${b.gap} ms (tolerance ${timing.tolerance} ms)`);
  }
  return reasons;
}

/** Index pairs of an alignment; a side is undefined where the other has an event it lacks. */
function align(
  a: readonly SnapshotEntry[],
  b: readonly SnapshotEntry[],
): [number | undefined, number | undefined][] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS) {
    return Array.from({ length: Math.max(n, m) }, (_, k) => [k < n ? k : undefined, k < m ? k : undefined]);
  }
  const same = (i: number, j: number) => {
    const x = a[i] as SnapshotEntry;
    const y = b[j] as SnapshotEntry;
    return x.type === y.type && sameData(x.data, y.data);
  };
  // lcs[i][j]: the longest common run of a[i..] and b[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as Uint32Array;
    const below = lcs[i + 1] as Uint32Array;
    for (let j = m - 1; j >= 0; j--) {
      row[j] = same(i, j) ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const pairs: [number | undefined, number | undefined][] = [];
  let i = 0;
  let j = 0;
  const at = (x: number, y: number) => (lcs[x] as Uint32Array)[y] as number;
  while (i < n || j < m) {
    if (i < n && j < m && same(i, j)) pairs.push([i++, j++]);
    // Same type, and pairing them loses no common run: one event changed.
    else if (
      i < n &&
      j < m &&
      (a[i] as SnapshotEntry).type === (b[j] as SnapshotEntry).type &&
      at(i + 1, j + 1) === at(i, j)
    )
      pairs.push([i++, j++]);
    // On a tie an added event goes first, so a changed one later can still pair with its twin.
    else if (i >= n || (j < m && at(i, j + 1) >= at(i + 1, j))) pairs.push([undefined, j++]);
    else pairs.push([i++, undefined]);
  }
  return pairs;
}
