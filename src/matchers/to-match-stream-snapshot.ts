import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { plural } from '../errors/messages.ts';
import { compareEntries, type SnapshotChange } from '../snapshot/compare.ts';
import {
  parseSnapshot,
  renderSnapshot,
  type SnapshotEntry,
  type SnapshotTiming,
  toEntries,
} from '../snapshot/format.ts';
import type { SnapshotMask } from '../snapshot/mask.ts';
import { TIMED_OUT, waitFor } from '../util/wait.ts';
import { deadline, type SseMatcherContext, settings } from './context.ts';
import { formatReport } from './message.ts';
import { stopped } from './moments.ts';
import { cut } from './print.ts';
import { eventsOf, type MatcherResult } from './receiver.ts';

/** Options of {@link toMatchStreamSnapshot}. */
export interface StreamSnapshotOptions {
  /** Volatile data fields: JSON paths (`['$..ts']`) written as `[masked]`, or paths to asymmetric matchers (`{ '$.id': expect.any(String) }`). */
  mask?: SnapshotMask;
  /** `'order'` (default) compares the events without their times; `{ tolerance: ms }` also compares each gap. */
  timing?: SnapshotTiming;
  /** Deadline in ms for the stream to end. Default: the runner's expect timeout (Playwright), else 5,000 (Vitest). */
  within?: number;
}

const MATCHER = 'toMatchStreamSnapshot';

/**
 * Waits for the stream to end (or takes it as it is when closed; a stream that broke fails and
 * writes nothing), then compares its events (type, id, data; JSON pretty-printed; masked fields)
 * with a readable `.sse.txt` file next to the runner's snapshots. The first run writes the file; the runner's update flag (`vitest -u`,
 * `playwright test --update-snapshots`) rewrites it; in CI mode (`CI=true` / `--ci` for Vitest,
 * `--update-snapshots=none` for Playwright) a missing file fails. A mismatch shows the events
 * that differ, were added or went missing, with a field-level diff of changed data.
 *
 * @param name - the file's name; default: the test's title and a count within the test.
 * @example
 * await expect(stream).toMatchStreamSnapshot('chat answer', { mask: ['$..created', '$.id'] });
 */
export async function toMatchStreamSnapshot(
  this: SseMatcherContext,
  stream: unknown,
  nameOrOptions?: string | StreamSnapshotOptions,
  options: StreamSnapshotOptions = {},
): Promise<MatcherResult> {
  const { stream: sse, recording } = eventsOf(stream, MATCHER);
  const name = typeof nameOrOptions === 'string' ? nameOrOptions : undefined;
  const opts = typeof nameOrOptions === 'object' ? nameOrOptions : options;
  if (this.isNot)
    throw new TypeError(`${MATCHER}() cannot be used with .not: a snapshot either matches or is updated`);
  const timing = opts.timing ?? 'order';
  if (
    timing !== 'order' &&
    !(typeof timing === 'object' && Number.isFinite(timing.tolerance) && timing.tolerance >= 0)
  )
    throw new TypeError(
      `${MATCHER}() timing is 'order' or { tolerance: ms >= 0 }; received ${JSON.stringify(timing)}`,
    );
  const store = settings.snapshots;
  if (!store)
    throw new TypeError(
      `${MATCHER}() needs a runner: import expect from 'sse-test/vitest' or 'sse-test/playwright'`,
    );

  const limit = deadline(this, opts.within);
  const ended = await waitFor(sse, () => (sse.state === 'open' ? undefined : true), limit.ms);
  const file = store.locate(this, name);
  const report =
    (received: string, extra: string[] = []) =>
    () =>
      formatReport(this, sse, {
        matcher: MATCHER,
        expectedArg: name === undefined ? '' : 'name',
        expected: `the events of ${path.relative(process.cwd(), file) || file}`,
        received: [received, ...extra].join('\n'),
        timeout: ended === TIMED_OUT ? limit : undefined,
      });
  if (ended === TIMED_OUT)
    return {
      pass: false,
      message: report(
        `the stream was still open: a snapshot compares a finished stream (end it, or stream.close() first)`,
      ),
    };
  if (!sse.ok) return { pass: false, message: report('no event stream: nothing to snapshot') };
  // A broken stream holds only what came before the break: written, it would commit a truncated
  // contract; compared, its missing tail would read as a protocol change.
  if (sse.state === 'errored')
    return {
      pass: false,
      message: report(`${plural(recording.count, 'event')}, then the stream ${stopped(sse)}`, [
        'A snapshot compares a stream that ended: nothing was written or compared.',
      ]),
    };

  const { entries, misses } = toEntries(recording.events, opts.mask, timing);
  if (misses.length > 0) {
    const lines = misses
      .slice(0, 5)
      .map(
        (m) =>
          `  #${m.index} ${m.where}: expected ${m.expected}, received ${cut(JSON.stringify(m.received) ?? 'undefined', 60)}`,
      );
    return {
      pass: false,
      message: report(`${plural(misses.length, 'masked value')} failed its matcher:`, lines),
    };
  }
  const actual = renderSnapshot(entries);
  const stored = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const parsed = stored === undefined ? undefined : parseSnapshot(stored);
  const storedEntries: SnapshotEntry[] | undefined =
    parsed && 'entries' in parsed ? parsed.entries : undefined;
  const changes = storedEntries ? compareEntries(storedEntries, entries, timing) : [];
  const matches = storedEntries !== undefined && changes.length === 0;

  const outcome = await store.settle(this, { path: file, stored, actual, matches });
  switch (outcome) {
    case 'matched':
    case 'written':
    case 'updated':
      return { pass: true, message: report('matched') };
    case 'written-failed':
      return {
        pass: false,
        message: report(
          `no snapshot yet: wrote ${plural(entries.length, 'event')} to it; review the file and run again`,
        ),
      };
    case 'refused-new':
      return {
        pass: false,
        message: report(
          `no snapshot file, and the runner is in CI mode, which writes none: run \`${store.updateHint}\` locally and commit the file`,
        ),
      };
    case 'mismatch':
      if (parsed && 'problem' in parsed)
        return {
          pass: false,
          message: report(
            `the file is not a stream snapshot: ${parsed.problem}; fix it or run \`${store.updateHint}\``,
          ),
        };
      return {
        pass: false,
        message: report(
          `${plural(entries.length, 'event')} against ${plural(storedEntries?.length ?? 0, 'event')} in the snapshot; ${plural(changes.length, 'difference')}:`,
          [...describeChanges(changes), `To accept the stream as it is now: \`${store.updateHint}\``],
        ),
      };
  }
}

const SHOWN_CHANGES = 8;

function describeChanges(changes: readonly SnapshotChange[]): string[] {
  const lines: string[] = [];
  for (const change of changes.slice(0, SHOWN_CHANGES)) {
    if (change.kind === 'missing')
      lines.push(
        `  - snapshot #${change.stored} ${change.entry.type}: missing from the stream  ${cut(change.entry.data.replace(/\s+/g, ' '), 60)}`,
      );
    else if (change.kind === 'extra')
      lines.push(
        `  + stream #${change.received} ${change.entry.type}: not in the snapshot  ${cut(change.entry.data.replace(/\s+/g, ' '), 60)}`,
      );
    else {
      lines.push(`  ~ snapshot #${change.stored} → stream #${change.received} (${change.type}):`);
      for (const reason of change.reasons) lines.push(...reason.split('\n').map((line) => `      ${line}`));
    }
  }
  if (changes.length > SHOWN_CHANGES)
    lines.push(`  … ${plural(changes.length - SHOWN_CHANGES, 'more difference')}`);
  return lines;
}
