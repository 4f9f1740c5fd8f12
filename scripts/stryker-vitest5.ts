// Run by `npm run mutation` before Stryker (docs/mutation.md). @stryker-mutator/vitest-runner 9.6
// selects each mutant's tests with a name pattern joined by spaces ("describe test"); Vitest 5
// matches the pattern against names joined by " > ", so the pattern matched nothing, every mutant
// ran zero tests and was reported as survived (stryker-js issue 6210). This lets each space of the
// pattern stand for either join. Idempotent; it only touches the installed copy in node_modules.
import { readFileSync, writeFileSync } from 'node:fs';

const file = 'node_modules/@stryker-mutator/vitest-runner/dist/src/vitest-test-runner.js';
const before = '.map(({ test: name }) => escapeRegExp(name))';
const after = ".map(({ test: name }) => escapeRegExp(name).replaceAll(' ', '(?: | > )'))";
const text = readFileSync(file, 'utf8');
if (text.includes(after)) process.exit(0);
if (!text.includes(before)) {
  console.error(
    `${file} has changed: check whether its test-name filter still needs the fix, then update this script.`,
  );
  process.exit(1);
}
writeFileSync(file, text.replace(before, after));
console.log('patched the Stryker Vitest runner for Vitest 5 test names');
