import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The Vitest examples. The demo app starts once, on a free port, and every file reads its URL with
// inject('demoURL'). 'sse-test' resolves as it does for a user: through package.json exports.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['examples/vitest/**/*.test.ts'],
    globalSetup: ['examples/vitest/global-setup.ts'],
    // Registers the matchers on Vitest's own `expect` too, for files that import it from 'vitest'.
    setupFiles: ['sse-test/vitest/setup'],
  },
});
