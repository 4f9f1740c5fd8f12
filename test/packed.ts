import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// `npm run test:packed`: the examples run against the package as a user gets it. `npm pack` the
// built package, install the tarball in a fresh temporary folder next to the runners at our
// lockfile's versions (from npm's cache when it has them), copy examples/ and fixtures/ there, check
// that every example in the packed README is in them, typecheck them against the installed types,
// run both suites, then a load split over two shards and merged by sse-test/reporter. Fails when a
// suite runs no test or skips an example file. The folder is removed at the end, whatever happened.

const root = fileURLToPath(new URL('..', import.meta.url));
const started = performance.now();
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version: string }>;
};
const pinned = (name: string) => `${name}@${lock.packages[`node_modules/${name}`]?.version ?? 'latest'}`;
const dir = mkdtempSync(join(tmpdir(), 'sse-test-packed-'));
// Children run on this Node (the repository's pinned one), `node` in Playwright's webServer too.
const env = {
  ...process.env,
  PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
};

/** Runs a command to the end, echoing it and its output (unless `quiet`); throws when it fails. */
function run(command: string, args: string[], cwd: string, options: { env?: object; quiet?: boolean } = {}) {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    cwd,
    env: { ...env, ...options.env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (!options.quiet) process.stdout.write(result.stdout ?? '');
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}).`,
    );
  }
  return result.stdout;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`test:packed: ${message}`);
}

/** The example files a suite must have run: every file under `folder` ending in `suffix`. */
function examples(folder: string, suffix: string): string[] {
  return readdirSync(join(root, 'examples', folder))
    .filter((name) => name.endsWith(suffix))
    .map((name) => `examples/${folder}/${name}`)
    .sort();
}

/** Lines of the README's TypeScript examples found in no file of `folders`: each must be in one. */
function missingExamples(readme: string, folders: string[]): string[] {
  const known = new Set<string>();
  for (const folder of folders) {
    for (const name of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
      if (!name.endsWith('.ts') || name.includes('node_modules')) continue;
      for (const line of readFileSync(join(folder, name), 'utf8').split('\n')) known.add(line.trim());
    }
  }
  const blocks = readme.matchAll(/```ts\n([\s\S]*?)```/g);
  const lines = [...blocks].flatMap((block) => (block[1] ?? '').split('\n').map((line) => line.trim()));
  return lines.filter((line) => line !== '' && line !== '// …' && !known.has(line));
}

/** Every attachment of every test result in a Playwright JSON report. */
function attachments(report: unknown): { name: string; body?: string }[] {
  const found: { name: string; body?: string }[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'attachments' && Array.isArray(value)) found.push(...value);
        else visit(value);
      }
    }
  };
  visit(report);
  return found;
}

try {
  const packed = JSON.parse(
    run('npm', ['pack', '--json', '--pack-destination', dir], root, { quiet: true }),
  ) as {
    filename: string;
  }[];
  const tarball = join(dir, packed[0]?.filename ?? '');
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ private: true, type: 'module' })}\n`);
  // zod: the examples' contract of your own uses it, as a user's project would have it.
  const runners = ['vitest', '@playwright/test', 'typescript', '@types/node', 'zod'].map(pinned);
  run(
    'npm',
    ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', tarball, ...runners],
    dir,
  );
  for (const folder of ['examples', 'fixtures']) {
    cpSync(join(root, folder), join(dir, folder), {
      recursive: true,
      filter: (source) => !/[/\\](node_modules|test-results)([/\\]|$)/.test(source),
    });
  }

  const where = "console.log(import.meta.resolve('sse-test'))";
  const resolved = run(process.execPath, ['--input-type=module', '-e', where], dir, { quiet: true });
  check(
    fileURLToPath(resolved.trim()).startsWith(join(dir, 'node_modules', 'sse-test')),
    `'sse-test' resolves to ${resolved.trim()}, not to the installed tarball.`,
  );

  const readme = readFileSync(join(dir, 'node_modules/sse-test/README.md'), 'utf8');
  const missing = missingExamples(readme, [join(dir, 'examples'), join(dir, 'fixtures')]);
  check(missing.length === 0, `README examples not found in examples/ or fixtures/:\n${missing.join('\n')}`);

  // The types as a user's compiler sees them: ours, from the tarball's .d.ts files.
  const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
  delete compilerOptions.paths;
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions, include: ['examples', 'fixtures'] }, null, 2),
  );
  run(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], dir);

  const vitestReport = join(dir, 'vitest.json');
  run(
    process.execPath,
    [
      join(dir, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      'examples/vitest.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${vitestReport}`,
    ],
    dir,
  );
  const vitest = JSON.parse(readFileSync(vitestReport, 'utf8')) as {
    numTotalTests: number;
    numPassedTests: number;
    testResults: { name: string }[];
  };
  const vitestFiles = vitest.testResults.map((file) => relative(dir, file.name)).sort();
  check(vitest.numTotalTests > 0, 'Vitest ran no test.');
  check(vitest.numPassedTests === vitest.numTotalTests, 'Vitest did not pass every test.');
  check(
    JSON.stringify(vitestFiles) === JSON.stringify(examples('vitest', '.test.ts')),
    `Vitest ran ${vitestFiles.join(', ')}; expected every examples/vitest/*.test.ts.`,
  );

  const playwrightCli = join(dir, 'node_modules/@playwright/test/cli.js');
  const playwrightReport = join(dir, 'playwright.json');
  run(
    process.execPath,
    [playwrightCli, 'test', '-c', 'examples/playwright.config.ts', '--reporter=line,json,sse-test/reporter'],
    dir,
    { env: { PLAYWRIGHT_JSON_OUTPUT_FILE: playwrightReport } },
  );
  const playwright = JSON.parse(readFileSync(playwrightReport, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
    suites: { file: string }[];
  };
  const { expected, unexpected, flaky, skipped } = playwright.stats;
  const playwrightFiles = playwright.suites.map((suite) => `examples/playwright/${suite.file}`).sort();
  check(expected > 0, 'Playwright ran no test.');
  check(unexpected + flaky + skipped === 0, 'Playwright did not pass every test at the first try.');
  check(
    JSON.stringify(playwrightFiles) === JSON.stringify(examples('playwright', '.spec.ts')),
    `Playwright ran ${playwrightFiles.join(', ')}; expected every examples/playwright/*.spec.ts.`,
  );

  // Sharding as the README tells it: each shard runs a copy of the split load and writes a blob
  // report; merge-reports hands them to sse-test/reporter, which judges the thresholds on the whole.
  const blobs = join(dir, 'blob-report');
  for (const shard of [1, 2]) {
    const args = ['load-sharded', '--repeat-each=2', `--shard=${shard}/2`, '--reporter=blob'];
    run(process.execPath, [playwrightCli, 'test', '-c', 'examples/playwright.config.ts', ...args], dir, {
      env: { PLAYWRIGHT_BLOB_OUTPUT_FILE: join(blobs, `shard-${shard}.zip`) },
    });
  }
  const mergedReport = join(dir, 'merged.json');
  run(process.execPath, [playwrightCli, 'merge-reports', '--reporter=json,sse-test/reporter', blobs], dir, {
    env: { PLAYWRIGHT_JSON_OUTPUT_FILE: mergedReport },
  });
  const loads = attachments(JSON.parse(readFileSync(mergedReport, 'utf8')))
    .filter((attachment) => attachment.name === 'sse-load.json' && attachment.body)
    .map((attachment) => JSON.parse(Buffer.from(attachment.body as string, 'base64').toString('utf8')));
  const shards = loads.map((load) => `${load.shard?.current}/${load.shard?.total}`).sort();
  const tokens = loads.reduce((sum, load) => sum + load.metrics.metrics.timeToFirstToken.count, 0);
  check(
    JSON.stringify(shards) === '["1/2","2/2"]' && tokens === 50,
    `the sharded load ran as ${shards.join(', ')} with ${tokens} streams; expected 1/2 and 2/2 with 50 in all.`,
  );

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `test:packed: ${packed[0]?.filename} installed and typechecked; ${vitest.numPassedTests} Vitest and ${expected} Playwright examples passed, and a load split over 2 shards merged; in ${seconds} s.`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
