import { expect, test } from '../../src/playwright.ts';

// A page that consumes an EventSource, driven by the embedded server: what the page shows is what
// it received, resumed after a dropped connection with Last-Event-ID.
const page = `<!doctype html>
<title>ticker</title>
<ul id="prices"></ul>
<p id="state">connecting</p>
<script>
  const source = new EventSource('/ticker');
  source.onopen = () => { document.querySelector('#state').textContent = 'open'; };
  source.addEventListener('price', (event) => {
    const { symbol, price } = JSON.parse(event.data);
    const item = document.createElement('li');
    item.textContent = symbol + ' ' + price + ' (#' + event.lastEventId + ')';
    document.querySelector('#prices').append(item);
  });
  source.addEventListener('done', () => {
    source.close();
    document.querySelector('#state').textContent = 'done';
  });
</script>`;

test('a page’s EventSource shows the scripted events, across a reconnection', async ({
  page: browserPage,
  sseServer,
}) => {
  sseServer.route('/', (writer) => writer.respond(200, page, { 'content-type': 'text/html; charset=utf-8' }));
  sseServer.route('/ticker', async (writer, request) => {
    if (request.lastEventId === undefined) {
      await writer.send({ retry: 50 });
      await writer.send({ event: 'price', id: '1', data: { symbol: 'ACME', price: 100 } });
      await writer.send({ event: 'price', id: '2', data: { symbol: 'GLOBEX', price: 200 } });
      return; // The server ends the stream: the browser reconnects with Last-Event-ID.
    }
    await writer.send({ event: 'price', id: '3', data: { symbol: 'INITECH', price: 300 } });
    await writer.send({ event: 'done', data: '' });
    await writer.sleep(60_000);
  });

  await browserPage.goto(sseServer.url);
  await expect(browserPage.locator('#prices li')).toHaveText([
    'ACME 100 (#1)',
    'GLOBEX 200 (#2)',
    'INITECH 300 (#3)',
  ]);
  await expect(browserPage.locator('#state')).toHaveText('done');
  const streams = sseServer.requests.filter((request) => request.path === '/ticker');
  expect(streams.map((request) => request.lastEventId)).toEqual([undefined, '2']);
  expect(streams[0]?.headers.accept).toBe('text/event-stream');
});
