import { expect, test } from '../../src/playwright.ts';
import type { SseRecording } from '../../src/server.ts';

// A page fed by sse.route() from a recording: its events reach the page at their recorded times,
// connection by connection, and the page stops on the 204 that follows the last one.

const notifications = `<!doctype html>
<title>notifications</title>
<p id="state">connecting</p>
<ul id="notices"></ul>
<script>
  const state = document.querySelector('#state');
  const source = new EventSource('/notifications');
  source.onopen = () => { state.textContent = 'connected'; };
  source.onerror = () => { state.textContent = source.readyState === 2 ? 'stopped' : 'reconnecting'; };
  source.addEventListener('notice', (event) => {
    const item = document.createElement('li');
    item.textContent = event.data + ' #' + event.lastEventId;
    document.querySelector('#notices').append(item);
  });
</script>`;

const recording: SseRecording = {
  version: 1,
  recordedAt: '2026-12-02T15:00:00.000Z',
  request: { method: 'GET', url: 'http://127.0.0.1:3000/notifications', headers: {} },
  connections: [
    {
      at: 5,
      status: 200,
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
      chunks: [
        { at: 6, text: 'retry: 50\n\nevent: notice\nid: 1\ndata: Build passed\n\n' },
        // Long enough that the DOM is seen with the first notice alone, however slow the page.
        { at: 2_000, text: 'event: notice\nid: 2\ndata: Deploy started\n\n' },
      ],
      end: 2_010,
      ending: 'ended',
    },
    {
      at: 2_070,
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      lastEventId: '2',
      chunks: [{ at: 2_080, text: 'event: notice\nid: 3\ndata: Deploy done\n\n' }],
      end: 2_090,
      ending: 'ended',
    },
  ],
};

test('sse.route() with a recording feeds the page chunk by chunk, reconnection included, then stops it', async ({
  page,
  sse,
  sseServer,
}) => {
  sseServer.route('/', (writer) => writer.respond(200, notifications, { 'content-type': 'text/html' }));
  const route = await sse.route(page, '/notifications', recording); // bare: speed 1, no loop

  await page.goto(sseServer.url);
  await expect(page.locator('#notices li')).toHaveText(['Build passed #1']);
  await expect(page.locator('#state')).toHaveText('connected');
  await expect(page.locator('#notices li')).toHaveText([
    'Build passed #1',
    'Deploy started #2',
    'Deploy done #3',
  ]);
  // After the last recorded connection, a 204: the EventSource stops for good.
  await expect(page.locator('#state')).toHaveText('stopped');
  expect(route.requests.map((request) => request.lastEventId)).toEqual([undefined, '2', '3']);
});

test('sse.route() with { recording, speed, loop } repeats the connection endlessly', async ({
  page,
  sse,
  sseServer,
}) => {
  sseServer.route('/', (writer) => writer.respond(200, notifications, { 'content-type': 'text/html' }));
  const [first] = recording.connections;
  const once: SseRecording = { ...recording, connections: first ? [first] : [] };
  const route = await sse.route(page, '/notifications', { recording: once, speed: 100, loop: true });
  await page.goto(sseServer.url);
  const notices = page.locator('#notices li');
  await expect(notices.nth(4)).toHaveText('Build passed #1'); // the third lap
  await expect(notices.nth(5)).toHaveText('Deploy started #2');
  expect(route.requests).toHaveLength(1);
  await expect(sse.route(page, '/other', { recording: { ...once, version: 2 } as never })).rejects.toThrow(
    'sse.route(): the recording is not a valid one: "version" is 2, not 1.',
  );
});
