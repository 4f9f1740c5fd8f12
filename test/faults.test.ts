import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { open, SseError, type SseErrorType, type SseOpenOptions } from '../src/index.ts';
import { LoadReport } from '../src/load/report.ts';
import { type LoadContext, load } from '../src/load/runner.ts';
import { createSseServer, type SseServer, type SseWriter } from '../src/server.ts';
import { startRawServer } from './support/raw-server.ts';
import { leakedSince, snapshotResources } from './support/resources.ts';

// The fault matrix: each fault hits every stream of a load run at once. For each: the runs fail
// with the SseError type that names the fault (or pass, where the spec says the stream survives),
// the report still counts every run and renders, and no socket, server or timer is left behind.

const STREAMS = 6;

/** A load body: opens `url`, waits for the stream to stop, and fails the run with its error. */
function watch(url: string, options: SseOpenOptions = {}) {
  return async ({ sse }: LoadContext) => {
    const stream = await sse.open(url, options);
    await stream.closed;
    if (stream.error) throw stream.error;
  };
}

/** Every run failed, with a message that matches `message`; the errors kept are SseErrors of `type`. */
function expectAllFailed(report: LoadReport, type: SseErrorType, message: RegExp) {
  expect(report.runs).toHaveLength(STREAMS);
  expect(report.metrics.errors.rate).toBe(1);
  for (const run of report.runs) expect(run.error).toMatch(message);
  // The report keeps the first few errors whole (each run keeps its message).
  expect(report.errors.length).toBeGreaterThan(0);
  for (const error of report.errors) {
    expect(error).toBeInstanceOf(SseError);
    expect((error as SseError).type).toBe(type);
  }
}

/** The report survives its trip through JSON (the shard path) and its summary names the runs. */
function expectReportIntact(report: LoadReport) {
  const summary = report.summary({ thresholds: false });
  expect(summary).toMatch(new RegExp(`^load: ${STREAMS} runs in `));
  const again = LoadReport.fromJSON(JSON.parse(JSON.stringify(report)));
  expect(again.summary({ thresholds: false })).toBe(summary);
}

async function withServer<T>(body: (server: SseServer) => Promise<T>): Promise<T> {
  const server = await createSseServer();
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

/** Resolves once `count` calls have been made: the signal that every stream is in place. */
function gate(count: number) {
  let arrived = 0;
  let open!: () => void;
  const all = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    all,
    arrive() {
      if (++arrived === count) open();
    },
  };
}

describe('fault matrix under load', () => {
  it('the server process killed mid-run: every stream breaks, and with reconnect gives up', async () => {
    const before = snapshotResources();
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL('./support/child-server.ts', import.meta.url))],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const url = await firstLine(child);
      const running = gate(STREAMS * 2);
      const plain = load({ streams: STREAMS }, async ({ sse }) => {
        const stream = await sse.open(`${url}/tick`, { record: 'events' });
        // A run that fails here still counts in, so the kill never waits on it.
        await stream.next({ within: 5_000 }).finally(running.arrive);
        await stream.closed;
        if (stream.error) throw stream.error;
      });
      const resuming = load({ streams: STREAMS }, async ({ sse }) => {
        const stream = await sse.open(`${url}/tick`, {
          record: 'events',
          reconnect: { maxAttempts: 2, delay: 10 },
        });
        // A run that fails here still counts in, so the kill never waits on it.
        await stream.next({ within: 5_000 }).finally(running.arrive);
        await stream.closed;
        if (stream.error) throw stream.error;
      });
      await running.all;
      child.kill('SIGKILL');
      const [broken, gaveUp] = await Promise.all([plain, resuming]);
      expectAllFailed(broken, 'stream-error', /^The stream from http:\/\/127\.0\.0\.1:\d+\/tick broke: /);
      expectAllFailed(
        gaveUp,
        'reconnect-failed',
        /^Gave up on .* after 2 reconnection attempts: .*ECONNREFUSED/,
      );
      for (const report of [broken, gaveUp]) {
        expectReportIntact(report);
        // Events came before the kill, and each run recorded its stream.
        expect(report.metrics.events.count).toBeGreaterThanOrEqual(STREAMS);
        expect(report.metrics.timeToFirstEvent.count).toBe(STREAMS);
      }
    } finally {
      child.kill('SIGKILL');
    }
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    expect(await leakedSince(before)).toEqual({});
  });

  it('every connection reset at once: each run fails as a broken stream', async () => {
    const before = snapshotResources();
    const report = await withServer(async (server) => {
      const writers: SseWriter[] = [];
      const connected = gate(STREAMS);
      server.route('/held', async (sse) => {
        await sse.send({ id: '1', data: 'hello' });
        writers.push(sse);
        connected.arrive();
        await sse.sleep(30_000);
      });
      const run = load({ streams: STREAMS, open: { baseURL: server.url } }, watch('/held'));
      await connected.all;
      for (const writer of writers) writer.destroy();
      return run;
    });
    // Each socket is reset (RST), which the client reads as ECONNRESET. CI once saw one run of six,
    // on Node 22 under load, read it as a plain end ("other side closed"); we did not find why (a
    // reset's error goes to the first call that asks for it, so a later read can see an end). Either
    // way the run fails as a broken stream; most runs must still name the reset.
    expectAllFailed(report, 'stream-error', /\/held broke: (.*ECONNRESET|other side closed)/);
    expect(report.runs.some((run) => run.error?.includes('ECONNRESET'))).toBe(true);
    expectReportIntact(report);
    expect(await leakedSince(before)).toEqual({});
  });

  it('a 100 MB event: each stream stops at maxEventSize with event-too-large, and the server is let go', async () => {
    const before = snapshotResources();
    const mb = Buffer.alloc(1024 * 1024, 'x');
    let written = 0;
    const report = await withServer(async (server) => {
      server.route('/huge', async (sse) => {
        await sse.writeRaw('data: ');
        for (let i = 0; i < 100 && !sse.closed; i++) if (await sse.writeRaw(mb)) written++;
        await sse.writeRaw('\n\n');
      });
      return load(
        { streams: STREAMS, open: { baseURL: server.url, maxEventSize: 4 * 1024 * 1024 } },
        watch('/huge'),
      );
    });
    expectAllFailed(report, 'event-too-large', /4 MiB|4194304|maxEventSize/);
    expectReportIntact(report);
    // The client hung up once the event was too large, long before 100 MB each were sent.
    expect(written).toBeLessThan(STREAMS * 50);
    expect(await leakedSince(before)).toEqual({});
  });

  it('a 100 MB event under a maxEventSize that allows it arrives whole', async () => {
    const before = snapshotResources();
    const mb = Buffer.alloc(1024 * 1024, 'x');
    const report = await withServer(async (server) => {
      server.route('/huge', async (sse) => {
        await sse.writeRaw('data: ');
        for (let i = 0; i < 100 && !sse.closed; i++) await sse.writeRaw(mb);
        await sse.writeRaw('\n\n');
      });
      return load(
        { streams: 1, open: { baseURL: server.url, maxEventSize: 128 * 1024 * 1024, record: 'events' } },
        async ({ sse }) => {
          const stream = await sse.open('/huge');
          const event = await stream.next({ within: 15_000 });
          expect(event.data.length).toBe(100 * 1024 * 1024);
          await stream.closed;
        },
      );
    });
    expect(report.runs.map((run) => run.error)).toEqual([undefined]);
    expect(report.metrics.bytes.count).toBe(100 * 1024 * 1024 + 8);
    expect(await leakedSince(before)).toEqual({});
  });

  it('a slow drip of one byte per 50 ms: the events arrive whole, the time to the first one counts the drip', async () => {
    const before = snapshotResources();
    const text = 'data: drip\n\n';
    const report = await withServer(async (server) => {
      server.route('/drip', async (sse) => {
        for (const byte of Buffer.from(text)) {
          await sse.writeRaw(Uint8Array.of(byte));
          await sse.sleep(50);
        }
      });
      return load({ streams: STREAMS, open: { baseURL: server.url } }, async ({ sse }) => {
        const stream = await sse.open('/drip', { record: 'events' });
        const event = await stream.next({ within: 5_000 });
        expect(event.data).toBe('drip');
        await stream.closed;
        if (stream.error) throw stream.error;
      });
    });
    expect(report.runs).toHaveLength(STREAMS);
    expect(report.runs.map((run) => run.error).filter(Boolean)).toEqual([]);
    expect(report.metrics.events.count).toBe(STREAMS);
    expect(report.metrics.bytes.count).toBe(STREAMS * text.length);
    // Eleven pauses of 50 ms come before the last byte of the event.
    expect(report.metrics.timeToFirstEvent.min).toBeGreaterThanOrEqual((text.length - 1) * 50 * 0.9);
    expectReportIntact(report);
    expect(await leakedSince(before)).toEqual({});
  });

  it('1,000 redirects in a loop: each run stops at the redirect limit with too-many-redirects', async () => {
    const before = snapshotResources();
    let hops = 0;
    const report = await withServer(async (server) => {
      server.route('/loop', (sse) => {
        const n = Number(sse.request.query.get('n') ?? 0);
        hops++;
        if (n >= 1_000) return;
        sse.respond(302, '', { location: `/loop?n=${n + 1}` });
      });
      return load({ streams: STREAMS, open: { baseURL: server.url } }, watch('/loop'));
    });
    expectAllFailed(report, 'too-many-redirects', /redirect/);
    expectReportIntact(report);
    expect(hops).toBe(STREAMS * 21);
    expect(await leakedSince(before)).toEqual({});
  });

  it('response headers of 1 MB: open() fails naming them, and the server is let go', async () => {
    const before = snapshotResources();
    const report = await withServer(async (server) => {
      server.route('/fat', (sse) => {
        sse.header('x-padding', 'p'.repeat(1024 * 1024));
        return sse.sleep(30_000);
      });
      return load({ streams: STREAMS, open: { baseURL: server.url } }, watch('/fat'));
    });
    expectAllFailed(
      report,
      'connect-failed',
      /\/fat: the response headers are larger than the client takes \(16 KiB by default; pass a dispatcher such as new Agent\(\{ maxHeaderSize \}\)/,
    );
    expectReportIntact(report);
    // The fix the message names works.
    const roomy = new Agent({ maxHeaderSize: 2 * 1024 * 1024 });
    try {
      await withServer(async (server) => {
        server.route('/fat', (sse) => {
          sse.header('x-padding', 'p'.repeat(1024 * 1024));
          return sse.send('fine');
        });
        const stream = await open(`${server.url}/fat`, { dispatcher: roomy });
        expect(await stream.closed).toBe('ended');
        expect(stream.events.map((event) => event.data)).toEqual(['fine']);
      });
    } finally {
      await roomy.close();
    }
    expect(await leakedSince(before)).toEqual({});
  });

  it('invalid UTF-8 everywhere: in data, id, event type and a header, each byte becomes U+FFFD and nothing fails', async () => {
    const bad = Buffer.from([0xff, 0xc3, 0x28, 0xe2, 0x82]);
    // Raw bytes on the wire, a header's included: node:http would write a header string as UTF-8.
    const server = await startRawServer(() =>
      Buffer.concat([
        Buffer.from('HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\nx-note: n'),
        bad,
        Buffer.from('\r\n\r\nevent: t'),
        bad,
        Buffer.from('\nid: i'),
        bad,
        Buffer.from('\ndata: d'),
        bad,
        Buffer.from('\n\n'),
      ]),
    );
    const before = snapshotResources();
    const report = await load({ streams: STREAMS, open: { baseURL: server.url } }, async ({ sse }) => {
      const stream = await sse.open('/garbled', { record: 'events' });
      const event = await stream.next({ within: 5_000 });
      // ff, c3 before "(", and a cut e2 82: three replacement characters, as TextDecoder makes them.
      const replaced = '\uFFFD\uFFFD(\uFFFD';
      expect(event.type).toBe(`t${replaced}`);
      expect(event.id).toBe(`i${replaced}`);
      expect(event.data).toBe(`d${replaced}`);
      // Header values are bytes: undici hands them over as latin1, one character per byte.
      expect(stream.headers['x-note']).toBe(`n${bad.toString('latin1')}`);
      await stream.closed;
      if (stream.error) throw stream.error;
    });
    expect(report.runs.map((run) => run.error).filter(Boolean)).toEqual([]);
    expect(report.metrics.events.count).toBe(STREAMS);
    expectReportIntact(report);
    expect(await leakedSince(before)).toEqual({});
  });
});

/** The first line the child writes to stdout: its URL. */
async function firstLine(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  try {
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`the child server exited (${code}) before printing its URL`);
    });
    const [line] = await Promise.race([once(lines, 'line'), exited]);
    return line as string;
  } finally {
    lines.close();
  }
}
