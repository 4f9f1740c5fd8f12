// The SSE server child: a bare node:http server on 127.0.0.1, in its own process so that the client
// under test owns its file descriptors and CPU profile alone. It reports its port over IPC.
import { createServer, type ServerResponse } from 'node:http';

const SSE_HEAD = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };
/** Bytes per write when blasting: big writes, so the server is never the bottleneck. */
const WRITE_SIZE = 256 * 1024;
const open = new Set<ServerResponse>();

/** `data: <size bytes>\n\n` repeated to about WRITE_SIZE bytes; the payload is printable, varied ASCII. */
function eventBlock(size: number): { block: Buffer; eventBytes: number; perBlock: number } {
  let payload = '';
  for (let i = 0; payload.length < size; i++) payload += String.fromCharCode(97 + (i % 26));
  const event = `data: ${payload}\n\n`;
  const perBlock = Math.max(1, Math.floor(WRITE_SIZE / event.length));
  return { block: Buffer.from(event.repeat(perBlock)), eventBytes: event.length, perBlock };
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Writes `count` events of `size` data bytes as fast as the client reads them, then ends. */
async function blast(res: ServerResponse, count: number, size: number): Promise<void> {
  const { block, eventBytes, perBlock } = eventBlock(size);
  res.writeHead(200, SSE_HEAD);
  let left = count;
  while (left > 0 && !res.destroyed) {
    const n = Math.min(perBlock, left);
    left -= n;
    if (!res.write(n === perBlock ? block : block.subarray(0, n * eventBytes))) await drained(res);
  }
  res.end();
}

/** Sends one small event so the stream is really established, then holds it open. */
function hold(res: ServerResponse): void {
  res.writeHead(200, SSE_HEAD);
  res.write('data: hello\n\n');
}

/** An event every 10 ms whose data is the send time on the shared wall clock, in ms. */
function probe(res: ServerResponse): void {
  res.writeHead(200, SSE_HEAD);
  const timer = setInterval(() => res.write(`data: ${performance.timeOrigin + performance.now()}\n\n`), 10);
  res.on('close', () => clearInterval(timer));
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  open.add(res);
  res.on('close', () => open.delete(res));
  if (url.pathname === '/blast') {
    void blast(res, Number(url.searchParams.get('count')), Number(url.searchParams.get('size')));
  } else if (url.pathname === '/hold') {
    hold(res);
  } else if (url.pathname === '/probe') {
    probe(res);
  } else {
    res.writeHead(404).end();
  }
});
// The accept queue is capped by net.core.somaxconn; ask for the most so bursts of connects are not dropped.
server.listen({ host: '127.0.0.1', port: 0, backlog: 65535 }, () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  process.send?.({ port: address.port });
});

// The orchestrator's death (or its request) ends us: never outlive the benchmark.
process.on('disconnect', () => process.exit(0));
process.on('message', (message: { type?: string }) => {
  if (message.type === 'count') process.send?.({ open: open.size });
});
