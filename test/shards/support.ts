import { appendFileSync } from 'node:fs';
import type { SseServer } from '../../src/server.ts';

/** Two events per stream, the first after ?wait= ms: time to first event is known from the index. */
export function ticks(server: SseServer): void {
  server.route('/ticks', async (writer) => {
    await writer.sleep(Number(writer.request.query.get('wait') ?? 0));
    await writer.send({ event: 'tick', data: '1' });
    await writer.send({ event: 'tick', data: '2' });
  });
}

/** ms the server waits before stream `index`'s first event. */
export function waitOf(index: number): number {
  return 20 + 10 * index;
}

/** What one body run saw, written for the parent test to compare with the merged report. */
export interface Seen {
  test: string;
  shard: string;
  worker: number;
  index: number;
  timeToFirstEvent: number;
}

/** Appends `seen` as one JSON line to $SSE_TEST_SAMPLES, when the parent test asked for it. */
export function note(seen: Seen): void {
  const file = process.env.SSE_TEST_SAMPLES;
  if (file) appendFileSync(file, `${JSON.stringify(seen)}\n`);
}
