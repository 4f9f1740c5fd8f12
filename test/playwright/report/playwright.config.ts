import { defineConfig } from '@playwright/test';

// Run by ../report.spec.ts in a child process: tests that fail on purpose, to read the JSON report.
export default defineConfig({
  testDir: '.',
  testMatch: '*.inner.ts',
  reporter: 'json',
  workers: 1,
  retries: 0,
  timeout: 20_000,
});
