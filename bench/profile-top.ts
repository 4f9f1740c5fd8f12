// Prints the functions with the most self time in a V8 .cpuprofile (as `npm run bench -- --cpu-prof`
// writes to .bench/prof/), the total time under functions matching an optional filter, and optionally
// the self time of functions matching a third pattern split by their three nearest callers.
// Usage: node bench/profile-top.ts <file.cpuprofile> [top=25] [inclusive-filter-regexp] [callers-of-regexp]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg, filter, callersOf] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/profile-top.ts <file.cpuprofile> [top] [filter]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const name = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.replace(/^.*\/(node_modules|work\/main)\//, '')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
};

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  total += delta;
  const node = byId.get(id);
  if (!node) return;
  self.set(name(node), (self.get(name(node)) ?? 0) + delta);
  // Inclusive: count each distinct frame name once per sample along the stack.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at);
    if (frame) seen.add(name(frame));
  }
  for (const frame of seen) inclusive.set(frame, (inclusive.get(frame) ?? 0) + delta);
});

const ms = (us: number) => (us / 1000).toFixed(1).padStart(8);
const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
console.log(`total ${ms(total)} ms sampled\n\nself time:`);
const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 25));
for (const [frame, us] of top) console.log(`${ms(us)} ms ${pct(us)}  ${frame}`);
if (filter) {
  console.log(`\ninclusive time, frames matching /${filter}/:`);
  const pattern = new RegExp(filter);
  const matching = [...inclusive].filter(([frame]) => pattern.test(frame)).sort((a, b) => b[1] - a[1]);
  for (const [frame, us] of matching.slice(0, 30)) console.log(`${ms(us)} ms ${pct(us)}  ${frame}`);
}
if (callersOf) {
  console.log(`\nself time of /${callersOf}/ by caller chain:`);
  const pattern = new RegExp(callersOf);
  const byChain = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node || !pattern.test(node.callFrame.functionName)) return;
    const chain: string[] = [];
    for (let at = parent.get(id); at !== undefined && chain.length < 3; at = parent.get(at)) {
      const frame = byId.get(at);
      if (frame) chain.push(name(frame));
    }
    const key = [node.callFrame.functionName, ...chain].join(' ← ');
    byChain.set(key, (byChain.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const chains = [...byChain].sort((a, b) => b[1] - a[1]).slice(0, 15);
  for (const [chain, us] of chains) console.log(`${ms(us)} ms ${pct(us)}  ${chain}`);
}
