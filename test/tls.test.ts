import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../src/index.ts';
import { startTlsStream } from './support/tls.ts';

let server: Awaited<ReturnType<typeof startTlsStream>>;

beforeAll(async () => {
  server = await startTlsStream();
});

afterAll(() => server.close());

describe('https', () => {
  it('rejects a self-signed certificate with a hint to ignoreHTTPSErrors', async () => {
    const error = await open(server.url).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'connect-failed', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    // Node's own wording of the certificate error varies between lines; ours around it does not.
    expect((error as Error).message).toMatch(
      /^Failed to connect to https:\/\/127\.0\.0\.1:\d+\/: TLS handshake failed: self-signed certificate.*\. Pass ignoreHTTPSErrors: true to accept a self-signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\)\.$/,
    );
  });

  it('accepts it with ignoreHTTPSErrors', async () => {
    const stream = await open(server.url, { ignoreHTTPSErrors: true });
    expect((await stream.next({ within: 5_000 })).data).toBe('secure');
    await stream.close();
  });
});
