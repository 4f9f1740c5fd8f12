import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import type { JSONReport, JSONReportTestResult } from '@playwright/test/reporter';

// What ends up in a report can only be read from outside the run: report/transcripts.inner.ts is
// run by a child Playwright with the JSON reporter, its tests failing for real.
const config = fileURLToPath(new URL('report/playwright.config.ts', import.meta.url));
const inner = fileURLToPath(new URL('report/transcripts.inner.ts', import.meta.url));
const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');

let results: Record<string, JSONReportTestResult>;

test.beforeAll(async () => {
  test.setTimeout(60_000);
  const output = mkdtempSync(join(tmpdir(), 'sse-test-report-'));
  // The child must not think it is one of our workers.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(TEST_|PLAYWRIGHT_TEST$|FORCE_COLOR$)/.test(name)),
  );
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, [cli, 'test', '-c', config, '--output', output], { env }, (error, out) =>
      // The run fails (exit code 1) because its tests do; only a report-less run is a problem.
      out.startsWith('{') ? resolve(out) : reject(error ?? new Error(out)),
    ),
  );
  rmSync(output, { recursive: true, force: true });
  const report = JSON.parse(stdout) as JSONReport;
  const specs = report.suites.flatMap((suite) => suite.specs);
  results = Object.fromEntries(
    specs.map((spec) => [spec.title, spec.tests[0]?.results[0] as JSONReportTestResult]),
  );
});

/** The sse-test transcripts attached to a result, as text by name. */
function transcripts(result: JSONReportTestResult | undefined): Record<string, string> {
  const attached =
    result?.attachments.filter((attachment) => /^(sse|observed) #/.test(attachment.name)) ?? [];
  for (const attachment of attached) expect(attachment.contentType).toBe('text/plain');
  return Object.fromEntries(
    attached.map(({ name, body }) => [name, Buffer.from(body ?? '', 'base64').toString('utf8')]),
  );
}

test('each sse.open is a test step, its URL’s secrets redacted', () => {
  expect(results['fails with its streams open']?.steps?.map((step) => step.title)).toEqual([
    expect.stringMatching(/^sse\.open GET http:\/\/127\.0\.0\.1:\d+\/private\?token=\[redacted\]&page=2$/),
    expect.stringMatching(/^sse\.open GET http:\/\/127\.0\.0\.1:\d+\/broken$/),
  ]);
  expect(results.passes?.steps?.map((step) => step.title)).toEqual([
    expect.stringMatching(/^sse\.open GET http:\/\/127\.0\.0\.1:\d+\/events$/),
  ]);
});

test('no secret reaches the step title, the failure message or the transcript', () => {
  const result = results['fails with secrets in the userinfo, the query and a header'];
  const shown = /^http:\/\/\[redacted\]@127\.0\.0\.1:\d+\/secret\?access_token=\[redacted\]&page=2$/;
  expect(result?.steps?.[0]?.title.replace('sse.open GET ', '')).toMatch(shown);
  expect(result?.errors[0]?.message).toMatch(
    /\nStream: http:\/\/\[redacted\]@127\.0\.0\.1:\d+\/secret\?access_token=\[redacted\]&page=2 → 200/,
  );
  const transcript = transcripts(result)['sse #1 GET /secret'];
  expect(transcript?.split('\n')[0]?.replace('GET ', '')).toMatch(shown);
  expect(transcript).toContain('\nauthorization: [redacted]\n');
  expect(transcript).toContain('\nx-session-token: [redacted]\n');
  // Attachments are base64 in the JSON report, so they are checked decoded, above and here.
  expect(`${JSON.stringify(result)}${transcript}`).not.toContain('s3cr3t');
});

test('a failed open fails its step and points at the test’s line', () => {
  const result = results['fails to open'];
  expect(result?.steps?.[0]?.error?.message).toMatch(/^SseError: Failed to connect to .*ECONNREFUSED/);
  const lines = readFileSync(inner, 'utf8').split('\n');
  const line = lines.findIndex((text) => text.includes('/refused'));
  // V8 places a method call at the method's name.
  const column = (lines[line]?.indexOf('open(') ?? 0) + 1;
  expect(result?.errors[0]?.location).toEqual({ file: inner, line: line + 1, column });
});

test('a failed test gets one transcript per stream, credentials redacted', () => {
  const attached = transcripts(results['fails with its streams open']);
  expect(Object.keys(attached)).toEqual(['sse #1 GET /private', 'sse #2 GET /broken']);
  const stream = attached['sse #1 GET /private'];
  expect(stream).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/private\?token=\[redacted\]&page=2\naccept: /);
  expect(stream).toContain('\nauthorization: [redacted]\n');
  expect(stream).toMatch(/\nHTTP 200, headers after \d+ ms\n/);
  expect(stream).toContain('\nset-cookie: [redacted]\n');
  expect(stream).toMatch(/\nStill open\n1 event:\n#0 \d+ ms price id=1\n {2}\{"symbol":"ACME"\}$/);
  const broken = attached['sse #2 GET /broken'];
  expect(broken).toContain('\nx-api-key: [redacted]\n');
  expect(broken).toMatch(/\nHTTP 503, headers after \d+ ms\n[\s\S]*\nBody:\n\{"error":"overloaded"\}$/);
  expect(`${stream}${broken}`).not.toContain('s3cr3t');
});

test('a failed open gets a transcript saying why there was no response', () => {
  expect(transcripts(results['fails to open'])['sse #1 GET /refused']).toMatch(
    /\nNo response: Failed to connect to http:\/\/127\.0\.0\.1:\d+\/refused: connection refused \(ECONNREFUSED\)\.$/,
  );
});

test('a passing test gets no transcript', () => {
  expect(results.passes?.status).toBe('passed');
  expect(transcripts(results.passes)).toEqual({});
});

test('a failed front-end test names the route whose handler threw and attaches observed streams, redacted', () => {
  const result = results['fails with an observed stream and a route whose handler threw'];
  expect(result?.steps?.map((step) => step.title).slice(0, 2)).toEqual([
    'sse.route /chat',
    'sse.observe /notifications',
  ]);
  const messages = result?.errors.map((error) => error.message ?? '') ?? [];
  expect(messages[0]).toContain('fails on purpose');
  expect(messages[1]).toMatch(
    /^SseError: sse\.route\(\/chat\): the handler threw, so the page got a 500 or a cut stream:\nError: the scripted model is not set up\n/,
  );
  const attached = transcripts(result);
  expect(Object.keys(attached)).toEqual(['observed #1 GET /notifications']);
  const observed = attached['observed #1 GET /notifications'];
  expect(observed).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/notifications\?token=\[redacted\]\n/);
  expect(observed).toContain('\ncookie: [redacted]\n');
  expect(observed).toMatch(/\nStill open\n1 event:\n#0 \d+ ms notice id=1\n {2}\{"text":"hello"\}$/);
  expect(`${JSON.stringify(result)}${observed}`).not.toContain('s3cr3t');
});
