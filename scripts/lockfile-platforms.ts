// Run after `npm install` changes package-lock.json: `node scripts/lockfile-platforms.ts`.
// The registry our machines reach answers 404 for Biome's non-Linux binaries, so npm leaves them out
// of the lockfile, and `npm ci` then refuses the lockfile as out of sync with package.json. This
// adds the missing entries (name, version, platform; npm skips them on other platforms), so a fresh
// clone installs anywhere. See docs/development.md.
import { readFileSync, writeFileSync } from 'node:fs';

type Entry = { version: string; os?: string[]; cpu?: string[]; libc?: string[]; [key: string]: unknown };
const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, Entry> };
const biome = lock.packages['node_modules/@biomejs/biome'];
if (!biome) throw new Error('package-lock.json has no @biomejs/biome');
let added = 0;
for (const [name, version] of Object.entries((biome.optionalDependencies ?? {}) as Record<string, string>)) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  // @biomejs/cli-<os>-<cpu>[-musl]
  const [os, cpu, libc] = name.replace('@biomejs/cli-', '').split('-');
  lock.packages[key] = {
    version,
    cpu: [cpu as string],
    dev: true,
    ...(libc ? { libc: [libc] } : {}),
    license: 'MIT OR Apache-2.0',
    optional: true,
    os: [os as string],
    engines: { node: '>=14.21.3' },
  };
  added++;
}
const { '': root, ...rest } = lock.packages;
lock.packages = {
  '': root as Entry,
  ...Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1))),
};
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lockfile-platforms: added ${added} entries`);
