import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';

// The same user project as vitest-runs.test.ts, run by Playwright under each `--update-snapshots` mode.
const dir = mkdtempSync(path.join(tmpdir(), 'sse-snapshot-pw-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const src = path.resolve(import.meta.dirname, '../../src/playwright.ts');
writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
writeFileSync(
  path.join(dir, 'playwright.config.ts'),
  `export default { testDir: '.', reporter: 'line', workers: 1 };\n`,
);
writeFileSync(
  path.join(dir, 'chat.spec.ts'),
  `import { expect, test } from ${JSON.stringify(src)};
test('chat answer', async ({ sse, sseServer }) => {
  sseServer.route('/chat', async (s) => {
    await s.send({ event: 'delta', data: JSON.stringify({ text: 'Hel', id: Math.random() }) });
    await s.send({ event: 'delta', data: JSON.stringify({ text: process.env.VARIANT === '2' ? 'lo!' : 'lo' }) });
    s.end();
  });
  const stream = await sse.open(sseServer.url + '/chat');
  await expect(stream).toMatchStreamSnapshot({ mask: ['$..id'], timing: { tolerance: 2000 } });
});
`,
);
const snapshots = path.join(dir, 'chat.spec.ts-snapshots');
const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');

function run(env: Record<string, string>, ...args: string[]) {
  const result = spawnSync(
    process.execPath,
    [cli, 'test', '-c', path.join(dir, 'playwright.config.ts'), ...args],
    {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

function written(): string | undefined {
  if (!existsSync(snapshots)) return undefined;
  const [name] = readdirSync(snapshots);
  return name === undefined ? undefined : readFileSync(path.join(snapshots, name), 'utf8');
}

test('Playwright: none refuses, the default writes and fails once, missing passes, changed rewrites', () => {
  const none = run({}, '--update-snapshots=none');
  expect(none.code).toBe(1);
  expect(none.output).toContain('the runner is in CI mode, which writes none');
  expect(written()).toBeUndefined();

  const first = run({});
  expect(first.code).toBe(1);
  expect(first.output).toContain('no snapshot yet: wrote 2 events to it; review the file and run again');
  // No platform suffix: a snapshot written on a Mac is found on Linux CI.
  expect(readdirSync(snapshots)).toEqual(['chat-answer-1.sse.txt']);
  expect(written()).toMatch(
    /^# sse-test stream snapshot v1\n\n#0 delta \+\d+ ms\n {2}\{\n {4}"text": "Hel",\n {4}"id": "\[masked\]"\n/,
  );

  expect(run({}).code).toBe(0);
  const changed = run({ VARIANT: '2' });
  expect(changed.code).toBe(1);
  expect(changed.output).toContain(
    'To accept the stream as it is now: `npx playwright test --update-snapshots`',
  );
  expect(run({ VARIANT: '2' }, '--update-snapshots=missing').code).toBe(1);
  expect(run({ VARIANT: '2' }, '--update-snapshots=changed').code).toBe(0);
  expect(written()).toContain('"text": "lo!"');
  expect(run({ VARIANT: '2' }, '--update-snapshots=none').code).toBe(0);
}, 120_000);
