// `npm run bench -- --only front-ends`, or `node bench/front-ends.ts [--rounds N]`: what the front-end
// mechanism costs and what an observed stream's times mean, in a real Chromium.
// - observe: an observed event's recorded arrival (Chromium's network-stack timestamp, on our clock)
//   against the moment the page's own `message` listener ran, on the page's clock.
// - delivery: `writer.send()` resolving against the page's listener, for a stream the page gets
//   from a real server directly and for the same stream fed by `sse.route()`.
// The page's clock (performance.timeOrigin + now(), ms since the epoch) is put on ours by the
// round trip with the smallest delay out of 30; its error is at most half that delay (printed).
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { createFrontEnds } from '../src/browser/front-ends.ts';
import { createSseServer, type SseServer } from '../src/server.ts';
import { median, summarize } from './stats.ts';

const EVENTS = 300;
const SPACING_MS = 5;
const { values: flags } = parseArgs({ options: { rounds: { type: 'string' } } });
const ROUNDS = Number(flags.rounds ?? 3);
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.log(`front-ends bench skipped: no Chromium at ${executablePath} (set CHROMIUM_PATH).`);
  process.exit(0);
}

const page = `<!doctype html><title>bench</title><script>
  window.received = [];
  window.listen = (path) => new Promise((resolve) => {
    const source = new EventSource(path);
    source.onmessage = (event) => {
      window.received.push([Number(event.data), performance.timeOrigin + performance.now()]);
      if (window.received.length === ${EVENTS}) { source.close(); resolve(); }
    };
  });
</script>`;

/** Ms since the epoch on our clock. */
const epoch = () => performance.timeOrigin + performance.now();

/** The page's epoch clock minus ours, and how sure (half the best round trip). */
async function calibrate(tab: Page): Promise<{ offset: number; error: number }> {
  let best = { offset: 0, error: Number.POSITIVE_INFINITY };
  for (let i = 0; i < 30; i++) {
    const before = epoch();
    const there = await tab.evaluate(() => performance.timeOrigin + performance.now());
    const after = epoch();
    if ((after - before) / 2 < best.error)
      best = { offset: there - (before + after) / 2, error: (after - before) / 2 };
  }
  return best;
}

/** Sends EVENTS events SPACING_MS apart; `sent[i]` is when the i-th send resolved (epoch, ours). */
function script(sent: number[]) {
  return async (writer: Parameters<Parameters<SseServer['route']>[1]>[0]) => {
    for (let i = 0; i < EVENTS && !writer.closed; i++) {
      await writer.send(String(i));
      sent[i] = epoch();
      await writer.sleep(SPACING_MS);
    }
    await writer.sleep(60_000);
  };
}

interface Round {
  observedLag: number[];
  direct: number[];
  routed: number[];
  clockError: number;
}

let version = '';

async function round(): Promise<Round> {
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  version = browser.version();
  const server = await createSseServer();
  const frontEnds = createFrontEnds({}, (_title, body) => body());
  try {
    const tab = await browser.newPage();
    server.route('/', (writer) => writer.respond(200, page, { 'content-type': 'text/html' }));
    const directSent: number[] = [];
    const routedSent: number[] = [];
    server.route('/direct', script(directSent));
    await frontEnds.route(tab, '/routed', script(routedSent));
    const observer = await frontEnds.observe(tab, '/direct');
    await tab.goto(server.url);
    const { offset, error } = await calibrate(tab);
    const pageTimes = async (path: string) => {
      await tab.evaluate(() => {
        (globalThis as unknown as { received: unknown[] }).received = [];
      });
      await tab.evaluate(
        (p) => (globalThis as unknown as { listen: (p: string) => Promise<void> }).listen(p),
        path,
      );
      const received = await tab.evaluate(
        () => (globalThis as unknown as { received: [number, number][] }).received,
      );
      return received.map(([index, at]) => ({ index, at: at - offset }));
    };
    const direct = await pageTimes('/direct');
    const stream = await observer.next();
    const observedLag = direct.map(({ index, at }) => {
      const event = stream.recording.event(index);
      return event ? at - (performance.timeOrigin + stream.timing.start + event.time) : Number.NaN;
    });
    const routed = await pageTimes('/routed');
    return {
      observedLag,
      direct: direct.map(({ index, at }) => at - (directSent[index] ?? Number.NaN)),
      routed: routed.map(({ index, at }) => at - (routedSent[index] ?? Number.NaN)),
      clockError: error,
    };
  } finally {
    await frontEnds.close();
    await server.close();
    await browser.close();
  }
}

const rounds: Round[] = [];
for (let i = 0; i < ROUNDS; i++) rounds.push(await round());
const stat = (pick: (r: Round) => number[], key: 'p50' | 'p99' | 'max') =>
  median(rounds.map((r) => summarize(pick(r).filter(Number.isFinite))[key])).toFixed(2);
const line = (label: string, pick: (r: Round) => number[]) =>
  `| ${label} | ${stat(pick, 'p50')} | ${stat(pick, 'p99')} | ${stat(pick, 'max')} |`;
console.log(
  `\n## Front ends (Chromium ${version}; ${ROUNDS} rounds of ${EVENTS} events ${SPACING_MS} ms apart, medians)\n`,
);
console.log('| ms | p50 | p99 | max |\n|---|---:|---:|---:|');
console.log(line('observed: page listener − recorded arrival', (r) => r.observedLag));
console.log(line('delivery, server to page directly: listener − send()', (r) => r.direct));
console.log(line('delivery through sse.route(): listener − send()', (r) => r.routed));
console.log(
  `\nClock error (half the best round trip to the page): ${median(rounds.map((r) => r.clockError)).toFixed(2)} ms.`,
);
