import { createServer, type Server, type Socket } from 'node:net';
import { afterEach } from 'vitest';

/** A server on plain `node:net` that keeps each request's head as the bytes that came. */
export interface RawServer {
  url: string;
  /** Each request's head (request line and headers, up to the blank line), as received. */
  heads: Buffer[];
  /** The bytes of header `name` in request `index`'s head (its value, without the name). */
  header(index: number, name: string): Buffer | undefined;
}

const servers: Server[] = [];
const sockets = new Set<Socket>();

/**
 * Answers each request with `answer(index)` (a whole HTTP/1.1 response, the connection closed
 * after it), recording the head bytes: what the client put on the wire, which
 * node:http would already have decoded.
 */
export async function startRawServer(answer: (index: number) => Buffer): Promise<RawServer> {
  const heads: Buffer[] = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end === -1 || socket.writableEnded) return;
      const index = heads.push(received.subarray(0, end)) - 1;
      socket.end(answer(index));
    });
    socket.on('error', () => {});
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    heads,
    header(index, name) {
      const head = heads[index];
      if (!head) return undefined;
      for (const line of head.toString('latin1').split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        if (line.slice(0, colon).toLowerCase() === name) {
          return Buffer.from(line.slice(colon + 1).trim(), 'latin1');
        }
      }
      return undefined;
    },
  };
}

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});
