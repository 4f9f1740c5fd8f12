import { existsSync } from 'node:fs';
import path from 'node:path';
import { Snapshots, TestRunner } from 'vitest';
import type { SseMatcherContext } from '../matchers/context.ts';
import { counter, fileName, type SnapshotStore } from './store.ts';

type VitestContext = SseMatcherContext & { testPath?: string; currentTestName?: string };

const count = counter<object>();

/**
 * Vitest's side: files under `__snapshots__/<test file>-streams/` next to the test's `.snap`, and
 * Vitest itself decides about writing (`Snapshots.toMatchFileSnapshot`), so `-u`, `--ci`/`CI=true`
 * (new snapshots refused) and the summary's written/updated/failed counts are Vitest's own.
 */
export const vitestSnapshots: SnapshotStore = {
  updateHint: 'vitest -u',
  locate(context, name) {
    const own = context as VitestContext;
    const testPath = own.testPath ?? 'unknown.test';
    const task = TestRunner.getCurrentTest();
    const title = own.currentTestName ?? 'stream';
    const base = name ?? `${title} ${count(task ?? context, `${title}#${task?.result?.retryCount ?? 0}`)}`;
    return path.join(
      path.dirname(testPath),
      '__snapshots__',
      `${path.basename(testPath)}-streams`,
      `${fileName(base)}.sse.txt`,
    );
  },
  async settle(context, { path: file, stored, actual, matches }) {
    // Handing Vitest the stored text when the stream matches keeps the file as it is (masks and
    // timing within tolerance never rewrite it, even under -u).
    const result = await (
      Snapshots.toMatchFileSnapshot as (
        this: unknown,
        received: string,
        file: string,
      ) => Promise<{ pass: boolean }>
    ).call(context, matches && stored !== undefined ? stored : actual, file);
    if (stored === undefined) return result.pass || existsSync(file) ? 'written' : 'refused-new';
    if (matches) return 'matched';
    return result.pass ? 'updated' : 'mismatch';
  },
};
