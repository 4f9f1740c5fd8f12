import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './fixtures/chromium.ts';

// Playwright's own browser download is not used: the browser tests run the system's Chromium
// (.ci/run installs Debian's), or Playwright's if a developer installed it and has no system one;
// with neither, the run ends with one line saying what to install (fixtures/chromium.ts).
export default defineConfig({
  testDir: 'test/playwright',
  timeout: 20_000,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    launchOptions: chromiumLaunchOptions([
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ]),
  },
});
