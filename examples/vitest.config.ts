import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url));

// The examples import 'sse-test' as a user would; here the name points at the sources.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^sse-test\/server$/, replacement: src('server/index.ts') },
      { find: /^sse-test$/, replacement: src('index.ts') },
    ],
  },
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['**/*.test.ts'],
    globalSetup: ['./demo-setup.ts'],
  },
});
