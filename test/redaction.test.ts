import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { TestCase, TestResult } from '@playwright/test/reporter';
import { describe, expect, it, vi } from 'vitest';
import { open, SseError } from '../src/index.ts';
import { LOAD_ATTACHMENT } from '../src/load/report.ts';
import { load } from '../src/load/runner.ts';
import SseLoadReporter from '../src/reporter.ts';
import type { SseServer } from '../src/server.ts';
import '../src/vitest-setup.ts';
import { startServer } from './support/server.ts';

// One secret per place a credential travels: the query, the userinfo, a header.
const QUERY = 'Q-s3cr3t-query';
const USERINFO = 'U-s3cr3t-userinfo';
const HEADER = 'H-s3cr3t-header';
const headers = { authorization: `Bearer ${HEADER}`, 'x-api-key': HEADER };

/** `server.url` + `path` with a password in the userinfo and a token in the query. */
function secretUrl(server: { url: string }, path: string): string {
  return `${server.url.replace('http://', `http://alice:${USERINFO}@`)}${path}?access_token=${QUERY}&page=2`;
}

/** The same URL as every message must show it. */
function shown(server: { url: string }, path: string): string {
  return `${server.url.replace('http://', 'http://[redacted]@')}${path}?access_token=[redacted]&page=2`;
}

/** Fails if any secret appears in any of the texts. */
function expectNoSecret(...texts: string[]): void {
  for (const text of texts) {
    for (const secret of [QUERY, USERINFO, HEADER]) expect(text).not.toContain(secret);
  }
}

/** Every way an error reaches a person: message, url, stack, and `util.inspect` (cause chain included). */
function expectCleanError(error: unknown, type: SseError['type']): SseError {
  expect(error).toBeInstanceOf(SseError);
  const sse = error as SseError;
  expect(sse.type).toBe(type);
  expectNoSecret(sse.message, String(sse.url), sse.stack ?? '', inspect(sse, { depth: 10 }));
  return sse;
}

async function closedServer(): Promise<SseServer> {
  const server = await startServer();
  await server.close();
  return server;
}

describe('SseError messages and url carry no secret', () => {
  it('when the connection is refused', async () => {
    const server = await closedServer();
    const error = await open(secretUrl(server, '/events'), { headers }).catch((e: unknown) => e);
    const sse = expectCleanError(error, 'connect-failed');
    expect(sse.message).toBe(
      `Failed to connect to ${shown(server, '/events')}: connection refused (ECONNREFUSED).`,
    );
    expect(sse.url).toBe(shown(server, '/events'));
  });

  it('when the headers do not come in time', async () => {
    const server = await startServer();
    server.route('/slow', (writer) => writer.delayHeaders(60_000));
    const error = await open(secretUrl(server, '/slow'), { headers, timeout: 50 }).catch((e: unknown) => e);
    const { message } = expectCleanError(error, 'timeout');
    expect(
      message.startsWith(`No response headers from ${shown(server, '/slow')} within 50 ms. `),
      message,
    ).toBe(true);
  });

  it('when opening is aborted, before or during', async () => {
    const server = await startServer();
    server.route('/slow', (writer) => writer.delayHeaders(60_000));
    const before = await open(secretUrl(server, '/slow'), { headers, signal: AbortSignal.abort() }).catch(
      (e: unknown) => e,
    );
    expectCleanError(before, 'aborted');
    const during = await open(secretUrl(server, '/slow'), { headers, signal: AbortSignal.timeout(30) }).catch(
      (e: unknown) => e,
    );
    expectCleanError(during, 'aborted');
  });

  it('when redirects loop, leave http(s) or cannot be parsed', async () => {
    const server = await startServer();
    server.route('/loop', (writer) => writer.respond(302, '', { location: `/loop?token=${QUERY}` }));
    server.route('/ftp', (writer) =>
      writer.respond(301, '', { location: `ftp://bob:${USERINFO}@127.0.0.1/f?signature=${QUERY}` }),
    );
    server.route('/bad', (writer) => writer.respond(302, '', { location: `http://[bad/?sig=${QUERY}` }));
    const loop = await open(secretUrl(server, '/loop'), { headers }).catch((e: unknown) => e);
    expect(expectCleanError(loop, 'too-many-redirects').message).toBe(
      `${shown(server, '/loop')} redirected more than 20 times; last to ${server.url.replace('http://', 'http://[redacted]@')}/loop?token=[redacted].`,
    );
    const ftp = await open(secretUrl(server, '/ftp'), { headers }).catch((e: unknown) => e);
    expect(expectCleanError(ftp, 'bad-redirect').message).toBe(
      `${shown(server, '/ftp')} redirected (301) to "ftp://[redacted]@127.0.0.1/f?signature=[redacted]", which is not http(s).`,
    );
    const bad = await open(secretUrl(server, '/bad'), { headers }).catch((e: unknown) => e);
    expect(expectCleanError(bad, 'bad-redirect').message).toBe(
      `${shown(server, '/bad')} redirected (302) to an invalid Location "http://[bad/?sig=[redacted]".`,
    );
  });

  it('when next() finds the stream stopped or waits in vain', async () => {
    const server = await startServer();
    server.route('/once', (writer) => writer.send('only'));
    server.route('/quiet', (writer) => writer.sleep(60_000));
    const once = await open(secretUrl(server, '/once'), { headers });
    await once.next({ within: 2_000 });
    const stopped = await once.next({ within: 2_000 }).catch((e: unknown) => e);
    expect(expectCleanError(stopped, 'stream-stopped').message).toBe(
      `No more events: the stream from ${shown(server, '/once')} is ended after 1 event.`,
    );
    const quiet = await open(secretUrl(server, '/quiet'), { headers });
    expectCleanError(await quiet.next({ within: 20 }).catch((e: unknown) => e), 'timeout');
    await quiet.close();
    const timing = await open(secretUrl(server, '/quiet'), { headers, record: 'timing' });
    expectCleanError(await timing.next().catch((e: unknown) => e), 'not-recorded');
    await timing.close();
  });

  it('when a reconnection is refused, or the reconnections give up', async () => {
    const server = await startServer();
    server.route('/gone', async (writer) => {
      if (writer.request.lastEventId) return writer.respond(410, { error: 'gone' });
      await writer.send({ id: '9', data: 'last' });
    });
    server.route('/flaky', async (writer) => {
      await writer.send({ id: '1', data: 'hi' });
      writer.destroy();
    });
    const gone = await open(secretUrl(server, '/gone'), { headers, reconnect: { delay: 5 } });
    expect(await gone.closed).toBe('errored');
    expectCleanError(gone.error, 'reconnect-failed');
    const flaky = await open(secretUrl(server, '/flaky'), {
      headers,
      reconnect: { delay: 5, maxAttempts: 1 },
    });
    expect(await flaky.closed).toBe('errored');
    expect(expectCleanError(flaky.error, 'reconnect-failed').message).toMatch(
      /^Gave up on .* after 1 reconnection attempt: The stream from .* broke: /,
    );
  });

  it('when an event is too large', async () => {
    const server = await startServer();
    server.route('/big', (writer) => writer.send('x'.repeat(64)));
    const big = await open(secretUrl(server, '/big'), { headers, maxEventSize: 8 });
    expect(await big.closed).toBe('errored');
    expectCleanError(big.error, 'event-too-large');
  });

  it('when open() is given a URL it cannot use', async () => {
    const ftp = await open(`ftp://bob:${USERINFO}@h/?token=${QUERY}`).catch((e: unknown) => e);
    expectCleanError(ftp, 'invalid-option');
    const relative = await open(`/events?token=${QUERY}`).catch((e: unknown) => e);
    expectCleanError(relative, 'invalid-option');
  });
});

describe('a matcher failure message carries no secret', () => {
  it('on its Stream: line and in the headers it quotes', async () => {
    const server = await startServer();
    server.route('/events', (writer) => {
      writer.header('set-cookie', `session=${HEADER}`);
      return writer.sleep(60_000);
    });
    const stream = await open(secretUrl(server, '/events'), { headers });
    try {
      const waited = await expect(stream)
        .toReceiveEvent('never', undefined, { within: 20 })
        .catch((e: unknown) => e as Error);
      expect(waited?.message).toContain(`\nStream: ${shown(server, '/events')} → 200 text/event-stream`);
      const header = await Promise.resolve()
        .then(() => expect(stream).toHaveHeader('set-cookie', 'other'))
        .catch((e: unknown) => e as Error);
      expect(header?.message).toContain('Received: "set-cookie": "[redacted]"');
      expectNoSecret(waited?.message ?? 'no failure', header?.message ?? 'no failure');
    } finally {
      await stream.close();
    }
  });
});

describe('a load report carries no secret', () => {
  /** A load whose every run fails: half on a refused URL, half with the body's own error quoting it. */
  async function failingLoad() {
    const server = await closedServer();
    const url = secretUrl(server, '/events');
    return load({ streams: 4, name: 'secret load', open: { headers } }, async ({ sse, index }) => {
      if (index % 2 === 1) throw new Error(`upstream refused ${url}; retry later`);
      await sse.open(url);
    });
  }

  it('in its kept errors, its JSON and its summary', async () => {
    const report = await failingLoad();
    expect(report.errors).toHaveLength(4);
    expect(report.errors.some((error) => error instanceof SseError)).toBe(true);
    for (const error of report.errors) {
      expect(error).toBeInstanceOf(Error);
      expectNoSecret((error as Error).message, (error as Error).stack ?? '', inspect(error, { depth: 10 }));
    }
    expectNoSecret(...report.runs.map((run) => run.error ?? ''));
    expectNoSecret(JSON.stringify(report), report.summary());
    expect(report.summary()).toContain('?access_token=[redacted]&page=2; retry later');
  });

  it('in what sse-test/reporter prints and writes', async () => {
    const report = await failingLoad();
    const dir = mkdtempSync(join(tmpdir(), 'sse-test-redaction-'));
    const outputFile = join(dir, 'report.json');
    const reporter = new SseLoadReporter({ outputFile });
    const test = { titlePath: () => ['', '', 'secret.spec.ts', 'leaks nothing'] } as unknown as TestCase;
    const attachments = [
      { name: LOAD_ATTACHMENT, contentType: 'application/json', body: Buffer.from(JSON.stringify(report)) },
    ];
    reporter.onTestEnd(test, { attachments } as unknown as TestResult);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await reporter.onEnd();
      const printed = log.mock.calls.map((call) => String(call[0])).join('\n');
      expect(printed).toContain('error: Failed to connect to http://[redacted]@127.0.0.1:');
      expectNoSecret(printed, readFileSync(outputFile, 'utf8'));
    } finally {
      log.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
