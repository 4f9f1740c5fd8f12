import { expect, test } from '../../../src/playwright.ts';

const secret = 's3cr3t';

// A page that keeps a session cookie and opens its stream with a token in the URL, and a chat route
// whose handler throws: the failed test must say why, without the secret.
const page = `<!doctype html>
<title>front end</title>
<p id="state">idle</p>
<script>
  document.cookie = 'session=${secret}';
  new EventSource('/notifications?token=${secret}');
  fetch('/chat', { method: 'POST', body: '{}' }).then((response) => {
    document.querySelector('#state').textContent = 'HTTP ' + response.status;
  });
</script>`;

test('fails with an observed stream and a route whose handler threw', async ({
  page: tab,
  sse,
  sseServer,
}) => {
  sseServer.route('/', (writer) => writer.respond(200, page, { 'content-type': 'text/html' }));
  sseServer.route('/notifications', async (writer) => {
    await writer.send({ event: 'notice', id: '1', data: { text: 'hello' } });
    await writer.sleep(60_000);
  });
  await sse.route(tab, '/chat', () => {
    throw new Error('the scripted model is not set up');
  });
  const observer = await sse.observe(tab, '/notifications');
  await tab.goto(sseServer.url);
  await expect(await observer.next()).toReceiveEvent('notice');
  await expect(tab.locator('#state')).toHaveText('HTTP 500');
  expect(tab.url(), 'fails on purpose').toBe('about:blank');
});
