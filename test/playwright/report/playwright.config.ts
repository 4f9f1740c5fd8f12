import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Run by ../report.spec.ts in a child process: tests that fail on purpose, to read the JSON report.
export default defineConfig({
  testDir: '.',
  testMatch: '*.inner.ts',
  reporter: 'json',
  workers: 1,
  retries: 0,
  timeout: 20_000,
  use: {
    launchOptions: existsSync(chromium) ? { executablePath: chromium, args: ['--no-sandbox'] } : {},
  },
});
