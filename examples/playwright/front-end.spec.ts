import { expect, test } from 'sse-test/playwright';

// A page that consumes server-sent events, served with its stream by the embedded server: the test
// decides what the stream sends and when, and asserts what the page shows.
const page = `<!doctype html>
<title>notifications</title>
<p id="state">connecting</p>
<ul id="notices"></ul>
<script>
  const state = document.querySelector('#state');
  const source = new EventSource('/notifications');
  source.onopen = () => { state.textContent = 'connected'; };
  source.onerror = () => { state.textContent = 'reconnecting'; };
  source.addEventListener('notice', (event) => {
    const item = document.createElement('li');
    item.textContent = JSON.parse(event.data).text + ' #' + event.lastEventId;
    document.querySelector('#notices').append(item);
  });
</script>`;

test('a page shows the notices its EventSource receives, across a reconnection', async ({
  page: tab,
  sseServer,
}) => {
  let notify = (_text: string): Promise<unknown> => Promise.reject(new Error('no stream yet'));
  let hangUp = (): Promise<void> => Promise.resolve();
  let id = 0;
  sseServer.route('/', (sse) => sse.respond(200, page, { 'content-type': 'text/html' }));
  sseServer.route('/notifications', async (sse) => {
    // The test drives this stream through notify() and hangUp().
    notify = (text) => sse.send({ event: 'notice', id: String(++id), data: { text } });
    hangUp = () => sse.end();
    await sse.retry(100);
    await sse.sleep(30_000);
  });

  await tab.goto(sseServer.url);
  await expect(tab.locator('#state')).toHaveText('connected');
  await notify('Build passed');
  await notify('Deploy started');
  await expect(tab.locator('#notices li')).toHaveText(['Build passed #1', 'Deploy started #2']);

  await hangUp(); // the browser reconnects after retry: 100 ms, sending Last-Event-ID
  await expect.poll(() => sseServer.requests.filter((r) => r.path === '/notifications').length).toBe(2);
  await expect(tab.locator('#state')).toHaveText('connected');
  await notify('Deploy done');
  await expect(tab.locator('#notices li')).toHaveText([/Build passed/, /Deploy started/, 'Deploy done #3']);
  expect(sseServer.requests.at(-1)?.lastEventId).toBe('2');
});
