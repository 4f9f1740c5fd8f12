import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../fixtures/chromium.ts';

// The demo app runs on a free port, picked when the runner loads this file. Workers load it again:
// they inherit DEMO_PORT from the runner, so every process agrees on the port.
process.env.DEMO_PORT ??= String(await freePort());
const baseURL = `http://127.0.0.1:${process.env.DEMO_PORT}`;

export default defineConfig({
  testDir: 'playwright',
  forbidOnly: !!process.env.CI,
  // sse-test/reporter prints each load test's merged report and judges its thresholds on the whole.
  // In your project, name it: ['sse-test/reporter']. Here the package is this repository itself,
  // which Playwright's reporter lookup does not find in node_modules: so, its resolved path.
  reporter: [[process.env.CI ? 'line' : 'list'], [fileURLToPath(import.meta.resolve('sse-test/reporter'))]],
  use: {
    baseURL,
    // The browser examples run the system's Chromium when there is one (CHROMIUM_PATH, else Debian's
    // /usr/bin/chromium), otherwise Playwright's own; with neither, the run ends saying what to install.
    launchOptions: chromiumLaunchOptions(),
  },
  webServer: {
    command: 'node ../fixtures/demo.ts',
    env: { PORT: process.env.DEMO_PORT },
    url: `${baseURL}/`,
  },
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
