import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll } from 'vitest';
import { expect, test } from '../../src/vitest.ts';

// The matcher in this process, for what fails before any file is read or written; the runs of a
// user's project (vitest-runs, playwright-runs) cover writing, matching and updating.
const folder = path.join(import.meta.dirname, '__snapshots__');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

test('refuses a stream that broke, naming the break, and writes nothing', async ({ sse, sseServer }) => {
  sseServer.route('/cut', async (writer) => {
    await writer.send({ event: 'delta', data: 'Hel' });
    await writer.cut();
  });
  const stream = await sse.open(`${sseServer.url}/cut`);
  const error = await expect(stream)
    .toMatchStreamSnapshot('cut answer')
    .then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
  expect(error?.message).toMatch(
    /\nReceived: 1 event, then the stream broke at \d+ ms: other side closed .+\nA snapshot compares a stream that ended: nothing was written or compared\.\n/,
  );
  expect(existsSync(folder)).toBe(false);
});
