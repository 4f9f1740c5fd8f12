import { fileURLToPath } from 'node:url';
import { defineConfig, type ReporterDescription } from '@playwright/test';

// Run by ../reporter.test.ts in child processes, never by the main Playwright config: sharded load
// runs whose blob reports are merged by `merge-reports`, and a two-worker run. The environment says
// where the reports go: SSE_TEST_BLOB (a blob report file) and SSE_TEST_REPORT (the JSON of
// sse-test/reporter).
const reporter = fileURLToPath(new URL('../../src/reporter.ts', import.meta.url));
const { SSE_TEST_BLOB, SSE_TEST_REPORT } = process.env;

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  retries: 0,
  timeout: 20_000,
  reporter: [
    ...(SSE_TEST_BLOB ? [['blob', { outputFile: SSE_TEST_BLOB }] as ReporterDescription] : []),
    [reporter, SSE_TEST_REPORT ? { outputFile: SSE_TEST_REPORT } : {}],
  ],
});
