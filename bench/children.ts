import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Job } from './client.ts';

const live = new Set<ChildProcess>();
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** Kills every child still running; safe to call more than once and from an exit handler. */
export function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

function start(file: string, args: string[], execArgv: string[]): ChildProcess {
  const child = fork(here(file), args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

function stop(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  live.delete(child);
}

/** The first IPC message from `child` that has one of `keys`; rejects if it exits first or `ms` pass. */
function messageWith<T>(child: ChildProcess, keys: string[], ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`${what}: no answer within ${ms} ms`)), ms);
    const onMessage = (message: Record<string, unknown>) => {
      if (keys.some((key) => key in message)) finish(undefined, message as T);
    };
    const onExit = (code: number | null, signal: string | null) =>
      finish(new Error(`${what}: exited (${code ?? signal}) before answering`));
    function finish(error: Error | undefined, value?: T) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(value as T);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

function exited(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export interface RunOptions {
  /** Extra node flags for the client child only, e.g. `--cpu-prof`. */
  clientFlags?: string[];
  timeoutMs: number;
  /** The server and client child scripts, relative to bench/; default the blaster and client.ts. */
  children?: { server: string; client: string };
}

/** What every task names, for messages: its scenario and variant. */
interface Named {
  scenario: string;
  variant: string;
}

/**
 * Runs one task: a fresh server child (its own port, so sockets in TIME_WAIT from earlier runs never
 * collide) and a fresh client child with `--expose-gc`; both are killed afterwards, whatever happens.
 */
export async function runTask<R, T extends Named = Job>(task: T, options: RunOptions): Promise<R> {
  const files = options.children ?? { server: './blaster.ts', client: './client.ts' };
  const server = start(files.server, [], []);
  let client: ChildProcess | undefined;
  try {
    const { port } = await messageWith<{ port: number }>(server, ['port'], 10_000, files.server);
    const full = { ...task, base: `http://127.0.0.1:${port}` };
    client = start(files.client, [JSON.stringify(full)], ['--expose-gc', ...(options.clientFlags ?? [])]);
    const answer = await messageWith<{ result?: R; error?: string }>(
      client,
      ['result', 'error'],
      options.timeoutMs,
      `${task.scenario}/${task.variant}`,
    );
    // The client exits by itself once it has answered; give it time to (a CPU profile is written then).
    await exited(client, 15_000);
    if (answer.error) throw new Error(`${task.scenario}/${task.variant} failed: ${answer.error}`);
    return answer.result as R;
  } finally {
    if (client) stop(client);
    stop(server);
  }
}
