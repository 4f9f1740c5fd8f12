import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';

// A user's project in a temp dir: one test that snapshots a stream whose second event changes with
// VARIANT. Each step is a child Vitest run, as a user runs it, with the flags and CI modes in question.
const dir = mkdtempSync(path.join(tmpdir(), 'sse-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const src = path.resolve(import.meta.dirname, '../../src/vitest.ts');
writeFileSync(
  path.join(dir, 'chat.test.ts'),
  `import { expect, test } from ${JSON.stringify(src)};
test('chat answer', async ({ sse, sseServer }) => {
  sseServer.route('/chat', async (s) => {
    await s.send({ event: 'delta', data: JSON.stringify({ text: 'Hel', ts: Date.now() }) });
    await s.send({ event: 'delta', data: JSON.stringify({ text: process.env.VARIANT === '2' ? 'lo!' : 'lo', ts: Date.now() }) });
    await s.send({ event: 'done', data: '[DONE]' });
    s.end();
  });
  const stream = await sse.open(sseServer.url + '/chat');
  await expect(stream).toMatchStreamSnapshot('answer', { mask: { '$.ts': expect.any(Number) } });
});
`,
);
const file = path.join(dir, '__snapshots__', 'chat.test.ts-streams', 'answer.sse.txt');

const CI_VARIABLES = /^(CI|CONTINUOUS_INTEGRATION|BUILD_ID|BUILD_NUMBER|RUN_ID|GITHUB_ACTIONS|GITLAB_CI)$/;

function run(env: Record<string, string>, ...args: string[]) {
  const vitest = path.resolve(import.meta.dirname, '../../node_modules/vitest/vitest.mjs');
  // Vitest reads CI mode from the environment: the child starts from none of it (our own CI sets CI).
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !CI_VARIABLES.test(key)));
  const result = spawnSync(process.execPath, [vitest, 'run', '--root', dir, ...args], {
    env: { ...base, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

test('Vitest: refused in CI, written on the first run, matched, failed with a diff, updated with -u', () => {
  const ci = run({ CI: 'true' });
  expect(ci.code).toBe(1);
  expect(ci.output).toContain(
    'no snapshot file, and the runner is in CI mode, which writes none: run `vitest -u` locally and commit the file',
  );
  expect(existsSync(file)).toBe(false);

  const first = run({});
  expect(first.code, first.output).toBe(0);
  expect(readFileSync(file, 'utf8')).toBe(
    [
      '# sse-test stream snapshot v1',
      '',
      '#0 delta',
      '  {',
      '    "text": "Hel",',
      '    "ts": "[Any<Number>]"',
      '  }',
      '',
      '#1 delta',
      '  {',
      '    "text": "lo",',
      '    "ts": "[Any<Number>]"',
      '  }',
      '',
      '#2 done',
      '  [DONE]',
      '',
    ].join('\n'),
  );
  expect(run({ CI: 'true' }).code).toBe(0);

  const changed = run({ VARIANT: '2' });
  expect(changed.code).toBe(1);
  expect(changed.output).toContain('Received: 3 events against 3 events in the snapshot; 1 difference:');
  expect(changed.output).toMatch(/~ snapshot #1 → stream #1 \(delta\):\n +data differs:/);
  expect(changed.output).toMatch(/- +"text": "lo",\n\s+\+ +"text": "lo!",/);
  expect(changed.output).toContain('To accept the stream as it is now: `vitest -u`');

  const updated = run({ VARIANT: '2' }, '-u');
  expect(updated.code, updated.output).toBe(0);
  expect(readFileSync(file, 'utf8')).toContain('"text": "lo!"');
  expect(run({ VARIANT: '2', CI: 'true' }).code).toBe(0);
}, 90_000);
