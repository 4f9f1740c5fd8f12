import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../src/index.ts';

let server: Server;
let url: string;

// A throwaway self-signed certificate, made with the system's openssl so no key is committed.
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sse-test-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
        ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      ],
      { stdio: 'ignore' },
    );
    const key = readFileSync(join(dir, 'key.pem'));
    const cert = readFileSync(join(dir, 'cert.pem'));
    server = createServer({ key, cert }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: secure\n\n');
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('https', () => {
  it('rejects a self-signed certificate with a hint to ignoreHTTPSErrors', async () => {
    const error = await open(url).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'connect-failed', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    // Node's own wording of the certificate error varies between lines; ours around it does not.
    expect((error as Error).message).toMatch(
      /^Failed to connect to https:\/\/127\.0\.0\.1:\d+\/: TLS handshake failed: self-signed certificate.*\. Pass ignoreHTTPSErrors: true to accept a self-signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\)\.$/,
    );
  });

  it('accepts it with ignoreHTTPSErrors', async () => {
    const stream = await open(url, { ignoreHTTPSErrors: true });
    expect((await stream.next({ within: 5_000 })).data).toBe('secure');
    await stream.close();
  });
});
