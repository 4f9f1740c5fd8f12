import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRecording, type SseOpenOptions, type SseStream, saveRecording, toHar } from 'sse-test';
import { expect, test } from 'sse-test/vitest';
import { afterAll, inject } from 'vitest';

// Record each demo route once, save it, load it back, replay it on the embedded server, and read
// the replay: the same events, the same verdicts. A front end or a protocol test can then run
// against the recording, without the backend.
const folder = mkdtempSync(join(tmpdir(), 'sse-test-recordings-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const chat = {
  method: 'POST',
  json: { model: 'demo', stream: true, messages: [{ role: 'user', content: 'Hi' }] },
};
const routes: { path: string; open?: SseOpenOptions; watch?: number }[] = [
  { path: '/ticker' },
  { path: '/v1/chat/completions', open: chat as SseOpenOptions },
  { path: '/feed', open: { reconnect: { delay: 10 } } }, // three connections, then a 204
  { path: '/heartbeat', watch: 700 }, // endless: recorded for a while, then closed
  { path: '/notifications', watch: 1_200 },
];

const seen = (stream: SseStream) => stream.events.map(({ type, id, data }) => ({ type, id, data }));

test.for(routes)(
  'a recording of $path replays to the same events and verdicts',
  async ({ path, open, watch }, { sse, sseServer }) => {
    const original = await sse.open(`${inject('demoURL')}${path}`, open);
    if (watch === undefined) await expect(original).toEnd({ within: 10_000 });
    else await new Promise((resolve) => setTimeout(resolve, watch)).then(() => original.close());

    const file = join(folder, `${path.replaceAll('/', '_')}.sse.json`);
    await saveRecording(file, original);
    const recording = await loadRecording(file);
    // Every connection answered with a stream; the feed's last answer, a 204, is recorded too.
    const streams = recording.connections.filter((connection) => connection.status === 200);
    expect(streams).toHaveLength(original.timing.connections);

    sseServer.replay(path, recording, { speed: Number.POSITIVE_INFINITY });
    const replayed = await sse.open(`${sseServer.url}${path}`, open);
    await expect(replayed).toReceiveEvents(
      seen(original).map(({ type, id }) => ({ type, id })),
      { within: 5_000 },
    );
    expect(seen(replayed).slice(0, original.events.length)).toEqual(seen(original));
    await expect(replayed).toBeWellFormed();
    await expect(original).toBeWellFormed();
    expect(toHar(recording).log.entries[0]?._eventSourceMessages).toHaveLength(original.events.length);
  },
);
