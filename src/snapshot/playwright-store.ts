import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from '@playwright/test';
import { counter, fileName, type SnapshotStore } from './store.ts';

const count = counter<object>();

/**
 * Playwright's side: the folder of `testInfo.snapshotPath()` (so `snapshotPathTemplate` applies),
 * and Playwright's `updateSnapshots` modes: `none` refuses new files, the default writes a missing
 * one and fails the call once (as `toMatchSnapshot` does), `missing` writes and passes, `changed`
 * and `all` also rewrite a file that differs.
 */
export const playwrightSnapshots: SnapshotStore = {
  updateHint: 'npx playwright test --update-snapshots',
  locate(_context, name) {
    const info = test.info();
    const title = info.titlePath.slice(1).join(' ');
    const base = name ?? `${title}-${count(info, title)}`;
    // The folder is Playwright's (so `snapshotPathTemplate` moves it); the file name is ours. Its
    // default template would add `-linux` (`{-snapshotSuffix}` is the platform, for screenshots)
    // and spell `.sse.txt` as `-sse.txt`: a stream's text is the same on every OS, and a snapshot
    // written on a Mac must be found on Linux CI.
    return path.join(path.dirname(info.snapshotPath('stream.txt')), `${fileName(base)}.sse.txt`);
  },
  async settle(_context, { path: file, stored, actual, matches }) {
    const mode = test.info().config.updateSnapshots as string;
    const write = () => {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, actual);
    };
    if (stored === undefined) {
      if (mode === 'none') return 'refused-new';
      write();
      return mode === 'default' ? 'written-failed' : 'written';
    }
    if (matches) return 'matched';
    if (mode === 'all' || mode === 'changed') {
      write();
      return 'updated';
    }
    return 'mismatch';
  },
};
