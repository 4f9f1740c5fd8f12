import type { SseMatcherContext } from '../matchers/context.ts';

/** What became of a snapshot call, as the runner's update rules decided. */
export type SnapshotOutcome =
  /** The stream matched the file. */
  | 'matched'
  /** No file yet: written, and the call passes. */
  | 'written'
  /** No file yet: written, but the runner fails the call (Playwright's default: review it, rerun). */
  | 'written-failed'
  /** The file differed and the runner's update flag rewrote it. */
  | 'updated'
  /** No file, and the runner is in CI mode: nothing written, the call fails. */
  | 'refused-new'
  /** The file differs: the call fails with the diff. */
  | 'mismatch';

/**
 * The runner's side of `toMatchStreamSnapshot`: where a call's file lives, and writing it under
 * the runner's own update flag and CI rules. The Vitest and Playwright entries each set one.
 */
export interface SnapshotStore {
  /** The file for this call: `name`, else the test's title and a count within the test. */
  locate(context: SseMatcherContext, name: string | undefined): string;
  /** The command line that accepts a changed stream, for the message. */
  readonly updateHint: string;
  /**
   * Settles one call: `stored` is the file's text (undefined: none yet), `actual` the stream's,
   * `matches` whether they agree once masks and tolerance are applied.
   */
  settle(
    context: SseMatcherContext,
    call: { path: string; stored: string | undefined; actual: string; matches: boolean },
  ): Promise<SnapshotOutcome>;
}

/** A name safe as a file name on every system: letters, digits, `.`, `_` and `-`. */
export function fileName(name: string): string {
  return (
    name
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120) || 'stream'
  );
}

/** Counts anonymous calls per test attempt, so the second call of a test gets `-2`. */
export function counter<K extends object>(): (key: K, title: string) => number {
  const counts = new WeakMap<K, Map<string, number>>();
  return (key, title) => {
    const byTitle = counts.get(key) ?? new Map<string, number>();
    counts.set(key, byTitle);
    const next = (byTitle.get(title) ?? 0) + 1;
    byTitle.set(title, next);
    return next;
  };
}
