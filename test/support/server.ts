import { afterEach } from 'vitest';
import { createSseServer, type SseServer } from '../../src/server.ts';

const servers: SseServer[] = [];

/** A fresh embedded server on port 0, closed after the current test. */
export async function startServer(): Promise<SseServer> {
  const server = await createSseServer();
  servers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
