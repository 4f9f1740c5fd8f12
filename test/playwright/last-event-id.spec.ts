import { expect, test } from '../../src/playwright.ts';

// A browser sends an EventSource's Last-Event-ID as the id's UTF-8 bytes. What a test reads of
// it (the embedded server's log, a route's log, an observed stream) must be the id itself.

const html = `<!doctype html>
<title>resume</title>
<ul id="ids"></ul>
<script>
  const source = new EventSource('/feed');
  source.onmessage = (event) => {
    const item = document.createElement('li');
    item.textContent = event.lastEventId;
    document.querySelector('#ids').append(item);
  };
</script>`;

const ID = '…é';

test('a non-ASCII Last-Event-ID reads back as the id in the server log and an observed stream', async ({
  page,
  sse,
  sseServer,
}) => {
  sseServer.route('/', (writer) => writer.respond(200, html, { 'content-type': 'text/html; charset=utf-8' }));
  sseServer.route('/feed', async (writer, request) => {
    if (request.lastEventId !== undefined) return writer.respond(204);
    await writer.retry(20);
    await writer.send({ id: ID, data: 'x' });
  });
  const observer = await sse.observe(page, '/feed');
  await page.goto(sseServer.url);
  await expect(page.locator('#ids li')).toHaveText([ID]);
  const feeds = () => sseServer.requests.filter((request) => request.path === '/feed');
  await expect.poll(() => feeds().length).toBe(2);
  expect(feeds().map((request) => request.lastEventId)).toEqual([undefined, ID]);
  await expect.poll(() => observer.streams.length).toBe(2);
  // The reconnection's answer, a 204: what it knows of the id is the header the page sent.
  const again = observer.streams.find((stream) => stream.status === 204);
  expect(again?.lastEventId).toBe(ID);
  expect(again?.recording.reconnections).toEqual([]);
});

test('a non-ASCII Last-Event-ID reads back as the id in a route log', async ({ page, sse, sseServer }) => {
  sseServer.route('/', (writer) => writer.respond(200, html, { 'content-type': 'text/html; charset=utf-8' }));
  const route = await sse.route(page, '/feed', async (writer, request) => {
    if (request.lastEventId !== undefined) return writer.respond(204);
    await writer.retry(20);
    await writer.send({ id: ID, data: 'routed' });
  });
  await page.goto(sseServer.url);
  await expect(page.locator('#ids li')).toHaveText([ID]);
  await expect.poll(() => route.requests.length).toBe(2);
  expect(route.requests.map((request) => request.lastEventId)).toEqual([undefined, ID]);
  expect(route.requests[1]?.headers['last-event-id']).toBe(ID);
});
