import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { open } from '../src/index.ts';
import '../src/vitest-setup.ts';
import type { MatcherCase } from './matchers/harness.ts';
import { normalize } from './matchers/harness.ts';
import { startServer } from './support/server.ts';

const files = readdirSync(new URL('./matchers/', import.meta.url)).filter((file) =>
  file.endsWith('.cases.ts'),
);

for (const file of files) {
  const { cases } = (await import(`./matchers/${file}`)) as { cases: MatcherCase[] };
  describe(file.replace('.cases.ts', ''), () => {
    for (const matcherCase of cases) {
      it(matcherCase.name, async () => {
        const server = await startServer();
        matcherCase.serve(server);
        const stream = await open(`${server.url}${matcherCase.path ?? '/s'}`, matcherCase.open);
        try {
          const outcome = Promise.resolve().then(() => matcherCase.assert(expect, stream));
          if (matcherCase.fails === undefined) return await outcome;
          const error = await outcome.then(
            () => undefined,
            (e: unknown) => e as Error,
          );
          expect(error, 'the assertion should have failed').toBeInstanceOf(Error);
          expect(normalize(error?.message ?? '', server.url)).toBe(matcherCase.fails);
        } finally {
          await stream.close();
        }
      });
    }
  });
}
