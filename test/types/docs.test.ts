import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { API } from 'typescript/unstable/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { sseMatchers } from '../../src/matchers/index.ts';

// What an editor shows on hover: each matcher, as the type tests call it on `expect(x)`, carries its
// TSDoc through the mapped runner typings. Asked of the compiler itself, over its API.
const root = fileURLToPath(new URL('../..', import.meta.url));
const config = `${root}tsconfig.json`;
const api = new API({ cwd: root });
const project = api.updateSnapshot({ openProjects: [config] }).getProject(config);
afterAll(() => api.close());

describe.each(['playwright', 'vitest'])('TSDoc on the %s matchers', (runner) => {
  const file = `${root}test/types/${runner}.test-d.ts`;
  const text = readFileSync(file, 'utf8');
  it.each(Object.keys(sseMatchers))('%s', (name) => {
    const at = text.indexOf(`.${name}(`);
    expect(at, `test/types/${runner}.test-d.ts never calls ${name}`).toBeGreaterThan(0);
    const symbol = project?.checker.getSymbolAtPosition(file, at + 1);
    expect(symbol?.name).toBe(name);
    expect(symbol && project?.checker.getDocumentationCommentOfSymbol(symbol)).toMatch(/\w/);
  });
});
