// An embedded server in a process of its own, for tests that kill it (SIGKILL: no close, no
// goodbye, the kernel drops its sockets). Prints its URL on the first line of stdout, then serves
// until killed. Run with the same Node as the test: it strips the types of our sources itself.
import { createSseServer } from '../../src/server.ts';

const server = await createSseServer();
// Events every 20 ms for as long as the client stays: a stream that only the kill can end.
server.route('/tick', async (sse) => {
  for (let n = 1; !sse.closed; n++) {
    await sse.send({ id: String(n), data: 'tick' });
    await sse.sleep(20);
  }
});
process.stdout.write(`${server.url}\n`);
