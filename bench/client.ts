// The client child: runs one scenario with one variant against the blaster, reports one result over IPC.
// Run with --expose-gc so memory is measured after full collections.
import { setTimeout as sleep } from 'node:timers/promises';
import { getHeapSpaceStatistics } from 'node:v8';
import { summarize } from './stats.ts';
import { type Handle, openStream, type Variant } from './variants.ts';

export type Task =
  | { scenario: 'throughput'; variant: Variant; base: string; count: number; size: number }
  | { scenario: 'hold'; variant: Variant; base: string; streams: number; concurrency: number }
  | { scenario: 'ramp'; variant: Variant; base: string; streams: number; batch: number; every: number };

/** A task as the orchestrator states it, before the server's address is known. */
export type Job = Task extends infer T ? (T extends Task ? Omit<T, 'base'> : never) : never;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const clock = () => performance.now();
const wallClock = () => performance.timeOrigin + performance.now();

function collect(): void {
  gc();
  gc();
}

/** Memory after two full collections; `newSpace` is the young generation's resident size, which V8 grows with the allocation rate. */
function memory() {
  collect();
  const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  return { ...process.memoryUsage(), newSpace: young?.physical_space_size ?? 0 };
}

/** Runs `open(i)` for i < total with at most `limit` in flight; resolves with every result, in order. */
async function pooled<T>(total: number, limit: number, open: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(total);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      results[i] = await open(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, total) }, worker));
  return results;
}

async function throughput(task: Extract<Task, { scenario: 'throughput' }>) {
  const url = (count: number) => `${task.base}/blast?count=${count}&size=${task.size}`;
  // Warm-up: the JIT sees the hot path before the measured stream.
  const warm = await openStream(task.variant, url(Math.ceil(task.count / 10)));
  await warm.ended();
  collect();
  const cpu = process.cpuUsage();
  const start = clock();
  const stream = await openStream(task.variant, url(task.count));
  await stream.ended();
  const seconds = (clock() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  if (stream.count() !== task.count) throw new Error(`received ${stream.count()} of ${task.count} events`);
  return {
    events: task.count,
    seconds,
    eventsPerSecond: task.count / seconds,
    cpuSecondsPerMillion: (cpuSeconds * 1e6) / task.count,
    heapUsedAfter: process.memoryUsage().heapUsed,
  };
}

async function hold(task: Extract<Task, { scenario: 'hold' }>) {
  const url = `${task.base}/hold`;
  // Warm-up: compile the open/first-event/close paths before the baseline, so code is not counted per stream.
  const warm = await pooled(20, 20, () => openStream(task.variant, url));
  await Promise.all(warm.map((stream) => stream.firstEvent()));
  await Promise.all(warm.map((stream) => stream.close()));
  warm.length = 0;
  await sleep(100);
  const before = memory();
  const cpu = process.cpuUsage();
  const start = clock();
  const streams: Handle[] = await pooled(task.streams, task.concurrency, () => openStream(task.variant, url));
  const openSeconds = (clock() - start) / 1000;
  const openCpu = process.cpuUsage(cpu);
  await Promise.all(streams.map((stream) => stream.firstEvent()));
  const establishedSeconds = (clock() - start) / 1000;
  await sleep(200);
  const after = memory();
  const closeStart = clock();
  await Promise.all(streams.map((stream) => stream.close()));
  const closeSeconds = (clock() - closeStart) / 1000;
  return {
    streams: task.streams,
    openSeconds,
    establishedSeconds,
    openCpuSeconds: (openCpu.user + openCpu.system) / 1e6,
    closeSeconds,
    rssPerStream: (after.rss - before.rss) / task.streams,
    heapPerStream: (after.heapUsed - before.heapUsed) / task.streams,
    rssOldPerStream: (after.rss - after.newSpace - (before.rss - before.newSpace)) / task.streams,
    externalPerStream: (after.external - before.external) / task.streams,
  };
}

async function ramp(task: Extract<Task, { scenario: 'ramp' }>) {
  const latencies: Record<string, number[]> = { idle: [], rampUp: [], teardown: [] };
  let phase: string | undefined;
  const probe = await openStream(task.variant, `${task.base}/probe`, (data) => {
    if (phase) latencies[phase]?.push(wallClock() - Number(data));
  });
  await probe.firstEvent();
  // Start-up garbage (module loading, type stripping) would otherwise be scavenged inside the idle phase.
  collect();
  await sleep(300);
  phase = 'idle';
  await sleep(1000);

  phase = 'rampUp';
  const rampStart = clock();
  const opening: Promise<Handle>[] = [];
  for (let i = 0; i < task.streams; i += task.batch) {
    if (i > 0) await sleep(task.every);
    for (let j = i; j < Math.min(i + task.batch, task.streams); j++) {
      opening.push(
        openStream(task.variant, `${task.base}/hold`).then(async (stream) => {
          await stream.firstEvent();
          return stream;
        }),
      );
    }
  }
  const streams = await Promise.all(opening);
  const rampSeconds = (clock() - rampStart) / 1000;
  await sleep(300);

  phase = undefined;
  await sleep(300);
  phase = 'teardown';
  const teardownStart = clock();
  await Promise.all(streams.map((stream) => stream.close()));
  const teardownSeconds = (clock() - teardownStart) / 1000;
  await sleep(1000);
  phase = undefined;
  await probe.close();
  return {
    rampSeconds,
    teardownSeconds,
    idle: summarize(latencies.idle ?? []),
    rampUp: summarize(latencies.rampUp ?? []),
    teardown: summarize(latencies.teardown ?? []),
  };
}

const task = JSON.parse(process.argv[2] ?? '{}') as Task;
process.on('disconnect', () => process.exit(1));
let message: { result?: unknown; error?: string };
try {
  const result =
    task.scenario === 'throughput'
      ? await throughput(task)
      : task.scenario === 'hold'
        ? await hold(task)
        : await ramp(task);
  message = { result };
} catch (error) {
  message = { error: String((error as Error)?.stack ?? error) };
}
// Exit once the message is out: thousands of sockets may still be winding down, which is not measured.
process.send?.(message, () => process.exit(0));
