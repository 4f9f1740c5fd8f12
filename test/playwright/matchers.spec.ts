import { readdirSync } from 'node:fs';
import { open } from '../../src/index.ts';
import { expect, test } from '../../src/playwright.ts';
import type { MatcherCase } from '../matchers/harness.ts';
import { normalize } from '../matchers/harness.ts';

// The same scenarios as test/matchers.test.ts, through Playwright's expect: both runners must agree.
const folder = new URL('../matchers/', import.meta.url);
const files = readdirSync(folder).filter((file) => file.endsWith('.cases.ts'));

for (const file of files) {
  const { cases } = (await import(new URL(file, folder).href)) as { cases: MatcherCase[] };
  test.describe(file.replace('.cases.ts', ''), () => {
    for (const matcherCase of cases) {
      test(matcherCase.name, async ({ sseServer }) => {
        matcherCase.serve(sseServer);
        const stream = await open(`${sseServer.url}${matcherCase.path ?? '/s'}`, matcherCase.open);
        try {
          const outcome = Promise.resolve().then(() => matcherCase.assert(expect, stream));
          if (matcherCase.fails === undefined) return await outcome;
          const error = await outcome.then(
            () => undefined,
            (e: unknown) => e as Error,
          );
          expect(error, 'the assertion should have failed').toBeInstanceOf(Error);
          expect(normalize(error?.message ?? '', sseServer.url)).toBe(matcherCase.fails);
        } finally {
          await stream.close();
        }
      });
    }
  });
}
