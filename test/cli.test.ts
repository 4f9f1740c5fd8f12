import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { WATCH_HELP } from '../src/cli/watch.ts';
import { loadRecording, open } from '../src/index.ts';
import '../src/vitest-setup.ts';
import { createSseServer } from '../src/server.ts';
import { startServer } from './support/server.ts';

/** Runs the command line as `npx sse-test ...args` would, collecting what it prints. */
async function run(...args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await main(args, { out: (line) => lines.push(...line.split('\n')) });
  return { code, lines };
}

describe('npx sse-test watch', () => {
  it('prints each event with its time, id and data, then a healthy summary (exit 0)', async () => {
    const server = await startServer();
    server.route('/s', async (sse) => {
      await sse.send({ event: 'price', id: '1', data: { symbol: 'ACME' } });
      await sse.sleep(20);
      await sse.comment('keep-alive');
      await sse.send('line one\nline two');
    });
    const { code, lines } = await run('watch', `${server.url}/s`);
    expect(lines[0]).toMatch(/^ +\d+ ms {2}price #1 {2}\{"symbol":"ACME"\}$/);
    expect(lines[1]).toMatch(/^ +\d+ ms {2}message #1 {2}line one\\nline two$/);
    expect(lines.slice(3).map((line) => line.replace(/\d+ ms/g, '<t> ms'))).toEqual([
      `${server.url}/s: 200 text/event-stream; charset=utf-8, ended after <t> ms`,
      '  headers <t> ms, first event <t> ms, 2 events, 1 comment, 1 connection',
      '  largest gap <t> ms, 2 bursts',
      '  healthy',
    ]);
    expect(code).toBe(0);
  });

  it('sends -X, -H and -d as curl does', async () => {
    const server = await startServer();
    server.route('/s', (sse) => sse.send('ok'));
    await run('watch', `${server.url}/s`, '-X', 'put', '-H', 'X-Team: sse', '-d', 'hello');
    expect(server.requests[0]).toMatchObject({ method: 'PUT', body: 'hello', headers: { 'x-team': 'sse' } });
  });

  it('flags a buffered stream and the rules of the format it breaks (exit 1)', async () => {
    const server = await startServer();
    server.route('/s', (sse) => sse.writeRaw('data: one\n\ndata: two\n\nevnt: typo\ndata: three\n\n'));
    const { code, lines } = await run('watch', `${server.url}/s`);
    const summary = lines.slice(lines.indexOf('') + 1).map((line) => line.replace(/\d+ ms/g, '<t> ms'));
    expect(summary.slice(2)).toEqual([
      '  largest gap <t> ms, 1 burst (all at once: buffered by a proxy or compression?)',
      expect.stringMatching(/^ {2}connection 1, line 5: .*evnt/),
      '  not healthy: 1 format issue',
    ]);
    expect(code).toBe(1);
  });

  it('says why there is no response, in one line (exit 3)', async () => {
    const gone = await createSseServer();
    await gone.close();
    expect(await run('watch', `${gone.url}/s`)).toEqual({
      code: 3,
      lines: [`sse-test: Failed to connect to ${gone.url}/s: connection refused (ECONNREFUSED).`],
    });
  });

  it('stops after --max-time and still prints the summary', async () => {
    const server = await startServer();
    server.route('/s', async (sse) => {
      await sse.send('first');
      await sse.sleep(60_000);
    });
    const { code, lines } = await run('watch', `${server.url}/s`, '--max-time', '0.2');
    expect(lines.some((line) => /closed after \d+ ms$/.test(line))).toBe(true);
    expect(code).toBe(0);
  });

  it('answers a command line that cannot work with the fix, in one line (exit 2)', async () => {
    expect(await run('watch')).toEqual({
      code: 2,
      lines: ['sse-test: watch needs a URL: npx sse-test watch http://127.0.0.1:3000/events'],
    });
    expect(await run('watch', 'ftp://x/y')).toEqual({
      code: 2,
      lines: ['sse-test: watch needs an http: or https: URL; received "ftp://x/y".'],
    });
    expect(await run('watch', 'http://x/y', '-H', 'no colon')).toEqual({
      code: 2,
      lines: ['sse-test: -H takes "Name: value"; received "no colon".'],
    });
    expect(await run('watch', 'http://x/y', '--max-time', 'soon')).toEqual({
      code: 2,
      lines: ['sse-test: --max-time takes seconds > 0; received "soon".'],
    });
    expect((await run('watch', 'http://x/y', '--frobnicate')).lines[0]).toMatch(
      /^sse-test: Unknown option '--frobnicate'.* See: npx sse-test watch --help$/,
    );
    expect(await run('nope')).toEqual({
      code: 2,
      lines: ['sse-test: Unknown command "nope". Commands: watch, record, replay. See: npx sse-test --help'],
    });
  });

  it('has a --help for the command and for the whole', async () => {
    expect(await run('watch', '--help')).toEqual({ code: 0, lines: WATCH_HELP.split('\n') });
    expect((await run('--help')).lines[0]).toBe('Usage: npx sse-test <command> [options]');
    expect((await run()).code).toBe(2);
  });
});

describe('npx sse-test record', () => {
  it('records the stream to a file that loadRecording reads back, secrets redacted', async () => {
    const server = await startServer();
    server.route('/s', async (sse) => {
      await sse.send({ event: 'price', id: '1', data: { symbol: 'ACME' } });
      await sse.send('é, split or not');
    });
    const dir = mkdtempSync(join(tmpdir(), 'sse-test-cli-'));
    try {
      const file = join(dir, 'ticker.sse.json');
      const { code, lines } = await run(
        'record',
        `${server.url}/s?token=s3cr3t`,
        '-H',
        'Authorization: Bearer s3cr3t',
        '-o',
        file,
      );
      expect(code).toBe(0);
      expect(lines.at(-1)).toBe(`Recorded 2 events over 1 connection(s) to ${file}`);
      const recording = await loadRecording(file);
      expect(recording.request.url).toBe(`${server.url}/s?token=[redacted]`);
      expect(recording.request.headers.authorization).toBe('[redacted]');
      expect(recording.connections[0]?.chunks.map((chunk) => chunk.text).join('')).toContain(
        'é, split or not',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('needs a file to write', async () => {
    expect(await run('record', 'http://127.0.0.1:9/s')).toEqual({
      code: 2,
      lines: ['sse-test: record needs a file to write: npx sse-test record <url> -o ticker.sse.json'],
    });
  });
});

describe('npx sse-test replay', () => {
  it('serves a recording at the URL it prints, until stopped', async () => {
    const server = await startServer();
    server.route('/ticker', async (sse) => {
      for (const price of [1, 2, 3]) await sse.send({ event: 'price', id: String(price), data: { price } });
    });
    const dir = mkdtempSync(join(tmpdir(), 'sse-test-cli-'));
    const stop = new AbortController();
    try {
      const file = join(dir, 'ticker.sse.json');
      await run('record', `${server.url}/ticker`, '-o', file);
      const lines: string[] = [];
      const served = main(
        ['replay', file, '--speed', 'Infinity'],
        { out: (line) => lines.push(line) },
        stop.signal,
      );
      await expect.poll(() => lines.length).toBe(1);
      const url = /at (http:\/\/\S+) \(Ctrl-C to stop\)$/.exec(lines[0] ?? '')?.[1] ?? '';
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ticker$/);
      const replayed = await open(url);
      await expect(replayed).toEnd();
      expect(replayed.events.map((event) => event.id)).toEqual(['1', '2', '3']);
      stop.abort();
      expect(await served).toBe(0);
    } finally {
      stop.abort();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what is wrong with the file, in one line (exit 2)', async () => {
    const { code, lines } = await run('replay', '/nonexistent/x.sse.json');
    expect({ code, lines }).toEqual({
      code: 2,
      lines: ['sse-test: Cannot load the recording /nonexistent/x.sse.json: no such file.'],
    });
    expect((await run('replay', 'x.sse.json', '--speed', '0')).lines).toEqual([
      'sse-test: --speed takes a number > 0 (or Infinity); received "0".',
    ]);
  });
});
