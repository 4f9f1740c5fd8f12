import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The public surface as a user's compiler sees it: the shipped .d.ts (`@internal` stripped) must
// typecheck, and every type a public declaration names must be importable from some entry.
const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const dir = mkdtempSync(join(tmpdir(), 'sse-test-surface-'));
const out = join(dir, 'dist');
const exportsMap = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports as Record<
  string,
  { types?: string } | string
>;
const entries = Object.entries(exportsMap).flatMap(([name, target]) =>
  typeof target === 'object' && target.types ? [[name, join(dir, target.types)] as const] : [],
);

function run(args: string[]) {
  return spawnSync(process.execPath, [tsc, ...args], { cwd: root, encoding: 'utf8' });
}

beforeAll(() => {
  const emitted = run(['-p', 'tsconfig.build.json', '--outDir', out, '--emitDeclarationOnly']);
  expect(emitted.stdout + emitted.stderr).toBe('');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Module {
  /** Local name → [file, exported name] for names imported from our own files. */
  imports: Map<string, [string, string]>;
  /** Names re-exported from our own files. */
  reexports: Map<string, [string, string]>;
  /** Top-level declarations by name, comments and strings removed. */
  declarations: Map<string, string>;
  /** Names declared as a class or interface: shapes a user must be able to name. */
  shapes: Set<string>;
  exported: Set<string>;
}

const modules = new Map<string, Module>();
function parse(file: string): Module {
  const known = modules.get(file);
  if (known) return known;
  const text = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');
  const module: Module = {
    imports: new Map(),
    reexports: new Map(),
    declarations: new Map(),
    shapes: new Set(),
    exported: new Set(),
  };
  modules.set(file, module);
  const target = (from: string) => resolve(dirname(file), from.replace(/\.[jt]s$/, '.d.ts'));
  for (const [, kind, names, from] of text.matchAll(
    /^(import|export)(?: type)? \{([^}]*)\} from '(\.[^']+)'/gm,
  )) {
    for (const part of (names as string).split(',')) {
      const [theirs, ours = theirs] = part
        .replace(/\btype\b/, '')
        .trim()
        .split(/\s+as\s+/);
      if (!theirs) continue;
      const map = kind === 'import' ? module.imports : module.reexports;
      map.set(ours as string, [target(from as string), theirs]);
      if (kind === 'export') module.exported.add(ours as string);
    }
  }
  for (const [, names] of text.matchAll(/^export \{([^}]*)\};/gm)) {
    for (const name of (names as string).split(',')) module.exported.add(name.trim());
  }
  // tsc's declaration output starts each top-level statement at column 0.
  const statements = text.split(/\n(?=[a-z])/);
  for (const statement of statements) {
    const match =
      /^(export )?(?:declare )?(?:abstract )?(class|interface|type|function|const|enum) (\w+)/.exec(
        statement,
      );
    if (!match) continue;
    const [, exported, kind, name] = match as unknown as [string, string | undefined, string, string];
    const body = statement.replace(/'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`|"(?:[^"\\]|\\.)*"/g, "''");
    module.declarations.set(name, (module.declarations.get(name) ?? '') + body);
    if (kind === 'class' || kind === 'interface') module.shapes.add(name);
    if (exported) module.exported.add(name);
  }
  return module;
}

/** Follows re-exports to the file that declares `name`. */
function origin(file: string, name: string): [string, string] {
  const module = parse(file);
  const next =
    module.reexports.get(name) ?? (module.declarations.has(name) ? undefined : module.imports.get(name));
  return next ? origin(...next) : [file, name];
}

const key = ([file, name]: [string, string]) => `${file.slice(out.length + 1)}#${name}`;

describe('the shipped types', () => {
  it('typecheck as a user compiles them, with skipLibCheck off', () => {
    const config = join(dir, 'tsconfig.json');
    const files = readdirSync(out, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.d.ts'))
      .map((name) => join(out, name));
    const compilerOptions = {
      ...JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')).compilerOptions,
      lib: ['es2023', 'esnext.disposable', 'dom'], // dom: Playwright's own types need it
      paths: undefined,
      skipLibCheck: false,
      typeRoots: [join(root, 'node_modules/@types')],
    };
    writeFileSync(config, JSON.stringify({ compilerOptions, files }));
    const checked = run(['-p', config]);
    // Only our files: the runners' own .d.ts are not ours to judge.
    const ours = checked.stdout.split('\n').filter((line) => line.startsWith(dir) || line.startsWith('dist'));
    expect(ours).toEqual([]);
  });

  it('name only types that an entry exports', () => {
    const publicNames = new Map<string, string>();
    for (const [entry, file] of entries) {
      for (const name of parse(file).exported) publicNames.set(key(origin(file, name)), `${entry} ${name}`);
    }
    const missing: string[] = [];
    const seen = new Set<string>();
    // A class or interface a public declaration names must be exported by an entry; helper type
    // aliases and values (`typeof toReceiveEvent`) are looked through instead.
    const visit = (at: [string, string], from: string) => {
      const id = key(at);
      if (seen.has(id)) return;
      seen.add(id);
      const [file, name] = at;
      const module = parse(file);
      const body = module.declarations.get(name);
      if (!publicNames.has(id) && (body === undefined || module.shapes.has(name))) {
        missing.push(`${id}, used by ${from}`);
        return;
      }
      if (body === undefined) return;
      for (const [word] of body.matchAll(/\b[A-Za-z_$][\w$]*\b/g)) {
        if (word === name) continue;
        if (module.declarations.has(word) || module.imports.has(word)) visit(origin(file, word), id);
      }
    };
    for (const id of publicNames.keys()) {
      const [file, name] = id.split('#') as [string, string];
      visit([join(out, file), name], 'an entry');
    }
    expect(missing).toEqual([]);
  });
});
