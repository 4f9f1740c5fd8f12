// The server child of the load-at-scale section: sse-test's embedded server (`createSseServer`) in its
// own process, so the load client owns its file descriptors and CPU alone. It reports its port over IPC.
// Times are wall-clock ms on the clock both processes share: `performance.timeOrigin + performance.now()`.
import { createSseServer } from '../src/server.ts';

const wall = () => performance.timeOrigin + performance.now();

/** Per stream index: request received, first event stamped (just before it is written), written. */
const stamps = new Map<number, [received: number, sent: number, written: number]>();

const server = await createSseServer();

/** A promise and its resolve: armed again after each `/release`. */
function armed() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Resolves when the client asks (`/release`) that every held stream end. */
let release = armed();

// `/hold?i=&hold=&min=&max=`: the first event right away, its data the send time; then one event every
// `min`–`max` ms (random, so streams opened together do not tick together); ends on `/release`, or
// `hold` ms after receipt at the latest.
server.route('/hold', async (sse, request) => {
  const released = release.promise;
  let over = false;
  void released.then(() => {
    over = true;
  });
  const received = performance.timeOrigin + request.receivedAt;
  const index = Number(request.query.get('i'));
  const hold = Number(request.query.get('hold'));
  const min = Number(request.query.get('min'));
  const max = Number(request.query.get('max'));
  const sent = wall();
  await sse.send(String(sent));
  stamps.set(index, [received, sent, wall()]);
  const end = received + hold;
  for (let tick = 1; tick < 1_000 && !sse.closed && !over; tick++) {
    const wait = Math.min(min + Math.random() * (max - min), end - wall());
    if (wait <= 0) break;
    await Promise.race([sse.sleep(wait), released]);
    if (over || wall() >= end) break;
    await sse.send({ id: String(tick), data: String(wall()) });
  }
});

// `/release`: ends every stream `/hold` holds.
server.route('/release', (sse) => {
  release.resolve();
  release = armed();
  return sse.respond(200, 'released');
});

// `/probe?count=&every=`: `count` events `every` ms apart, each carrying its send time; the idle floor.
server.route('/probe', async (sse, request) => {
  const count = Math.min(Number(request.query.get('count')), 1_000);
  const every = Number(request.query.get('every'));
  for (let i = 0; i < count && !sse.closed; i++) {
    await sse.send(String(wall()));
    await sse.sleep(every);
  }
});

// `/quick`: one event, then the end: a short stream for runs that re-run bodies.
server.route('/quick', (sse) => sse.send('x'));

// `/stamps`: what `/hold` stamped, as `[index, received, sent, written][]`; then forgets them.
server.route('/stamps', (sse) => {
  const rows = [...stamps].map(([index, times]) => [index, ...times]);
  stamps.clear();
  return sse.respond(200, rows);
});

process.send?.({ port: Number(new URL(server.url).port) });
// The orchestrator's death (or its request) ends us: never outlive the benchmark.
process.on('disconnect', () => process.exit(0));
