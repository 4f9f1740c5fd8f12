// `npm run bench -- --only replay`, or `node bench/replay.ts [--rounds N]`: how faithfully
// `server.replay()` keeps a recording's timing. A hand-built recording of 100 chunks 20 ms apart
// (one event each) is replayed at speed 1 to our own client; each event's gap to the previous one is
// compared with the recorded 20 ms (|error|, ms), and its time since the first event with the
// recorded one (drift: a replay that slept gap after gap would add up its lateness here). The floor
// is the machine's own timer: |lateness| of bare setTimeouts due 20 ms apart, in the same process.
import { parseArgs } from 'node:util';
import { open } from '../src/index.ts';
import type { SseRecording } from '../src/record/format.ts';
import { createSseServer } from '../src/server.ts';
import { median, summarize } from './stats.ts';

const CHUNKS = 100;
const SPACING_MS = 20;
const { values: flags } = parseArgs({ options: { rounds: { type: 'string' } } });
const ROUNDS = Number(flags.rounds ?? 3);

const recording: SseRecording = {
  version: 1,
  recordedAt: '2026-12-02T15:00:00.000Z',
  request: { method: 'GET', url: 'http://127.0.0.1:3000/ticks', headers: {} },
  connections: [
    {
      at: 5,
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      chunks: Array.from({ length: CHUNKS }, (_, i) => ({ at: 6 + i * SPACING_MS, text: `data: ${i}\n\n` })),
      end: 6 + CHUNKS * SPACING_MS,
      ending: 'ended',
    },
  ],
};

/** |actual − due| of bare timers due SPACING_MS apart on an absolute schedule. */
async function timerFloor(): Promise<number[]> {
  const start = performance.now();
  const errors: number[] = [];
  for (let i = 1; i < CHUNKS; i++) {
    const due = start + i * SPACING_MS;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    errors.push(Math.abs(performance.now() - due));
  }
  return errors;
}

const floors: ReturnType<typeof summarize>[] = [];
const rows: { gap: ReturnType<typeof summarize>; drift: ReturnType<typeof summarize> }[] = [];
for (let round = 0; round < ROUNDS; round++) {
  await using server = await createSseServer();
  server.replay('/ticks', recording);
  await using stream = await open(`${server.url}/ticks`, { reconnect: false });
  await stream.closed;
  const times = stream.events.map((event) => event.time);
  if (times.length !== CHUNKS) throw new Error(`round ${round}: ${times.length} events, expected ${CHUNKS}.`);
  const first = times[0] as number;
  const gaps = times.slice(1).map((time, i) => Math.abs(time - (times[i] as number) - SPACING_MS));
  const drift = times.map((time, i) => Math.abs(time - first - i * SPACING_MS));
  rows.push({ gap: summarize(gaps), drift: summarize(drift) });
  floors.push(summarize(await timerFloor()));
}

const cell = (pick: (row: (typeof rows)[number]) => number) => median(rows.map(pick)).toFixed(2);
console.log(
  `\n### Replay timing: ${CHUNKS} chunks ${SPACING_MS} ms apart, speed 1, ${ROUNDS} rounds (medians of per-round values)\n`,
);
console.log('| ms | p50 | p99 | max |\n|---|---:|---:|---:|');
console.log(
  `| gap error, \\|gap − ${SPACING_MS}\\| | ${cell((r) => r.gap.p50)} | ${cell((r) => r.gap.p99)} | ${cell((r) => r.gap.max)} |`,
);
console.log(
  `| drift, \\|time − first − i·${SPACING_MS}\\| | ${cell((r) => r.drift.p50)} | ${cell((r) => r.drift.p99)} | ${cell((r) => r.drift.max)} |`,
);
const floor = (pick: (summary: (typeof floors)[number]) => number) => median(floors.map(pick)).toFixed(2);
console.log(
  `| floor: a bare setTimeout's \\|lateness\\| | ${floor((f) => f.p50)} | ${floor((f) => f.p99)} | ${floor((f) => f.max)} |`,
);
console.log(`worst round's max gap error: ${Math.max(...rows.map((r) => r.gap.max)).toFixed(2)} ms`);
