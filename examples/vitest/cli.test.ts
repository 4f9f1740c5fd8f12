import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'sse-test/vitest';
import { inject } from 'vitest';

// `npx sse-test watch <url>` as a user runs it: the package's own bin, against the demo app.
const manifest = fileURLToPath(import.meta.resolve('sse-test/package.json'));
const bin = fileURLToPath(
  new URL(JSON.parse(readFileSync(manifest, 'utf8')).bin['sse-test'], `file://${manifest}`),
);

function sseTest(...args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { timeout: 20_000 }, (error, stdout) =>
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout }),
    );
  });
}

test('watch prints the events with their times, then a healthy summary (exit 0)', async () => {
  const { code, stdout } = await sseTest('watch', `${inject('demoURL')}/ticker`, '--max-time', '1');
  expect(stdout).toMatch(/^ +\d+ ms {2}price #1 {2}\{"symbol":"GLOBEX","price":101\}$/m);
  expect(stdout).toMatch(/^ {2}headers \d+ ms, first event \d+ ms, \d+ events, 0 comments, 1 connection$/m);
  expect(stdout).toMatch(/^ {2}healthy$/m);
  expect(code).toBe(0);
});

test('watch POSTs with --json, like curl, and says when an answer is not a stream (exit 1)', async () => {
  const chat = await sseTest(
    'watch',
    `${inject('demoURL')}/v1/chat/completions`,
    '--json',
    '{"model":"demo","stream":true,"messages":[{"role":"user","content":"Hi"}]}',
  );
  expect(chat.stdout).toContain('  message  [DONE]');
  expect(chat.code).toBe(0);

  const page = await sseTest('watch', `${inject('demoURL')}/`);
  expect(page.stdout).toMatch(/^ {2}not healthy: not an event stream: 200 text\/plain; charset=utf-8$/m);
  expect(page.code).toBe(1);
});
