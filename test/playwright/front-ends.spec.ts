import type { Page } from '@playwright/test';
import { expect, test } from '../../src/playwright.ts';
import type { SseServer } from '../../src/server.ts';

// Pages that consume SSE the ways apps do, served from a real loopback server (their own origin),
// their streams fed by sse.route() and recorded by sse.observe(). Between two events the DOM is
// asserted too: that is what proves the page got them one by one.

const notifications = `<!doctype html>
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

// A chat UI in the style of OpenAI's: POST the prompt, read the answer's body as a stream.
const chat = (api: string) => `<!doctype html>
<title>chat</title>
<form><input name="prompt" value="Say hi"><button>Send</button></form>
<p id="answer"></p>
<p id="state">idle</p>
<script>
  document.querySelector('form').onsubmit = async (event) => {
    event.preventDefault();
    const answer = document.querySelector('#answer');
    const state = document.querySelector('#state');
    state.textContent = 'streaming';
    try {
      const response = await fetch(${JSON.stringify(api)}, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: event.target.prompt.value }] }),
      });
      if (!response.ok) { state.textContent = 'HTTP ' + response.status; return; }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const blocks = buffer.split('\\n\\n');
        buffer = blocks.pop();
        for (const block of blocks) {
          const data = block.split('\\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\\n');
          if (data === '[DONE]') { state.textContent = 'done'; continue; }
          if (data) answer.textContent += JSON.parse(data).choices[0]?.delta?.content ?? '';
        }
      }
    } catch (error) {
      state.textContent = 'failed: ' + error.message;
    }
  };
</script>`;

function serve(server: SseServer, html: string): void {
  server.route('/', (writer) => writer.respond(200, html, { 'content-type': 'text/html; charset=utf-8' }));
}

/** A promise the test resolves when the handler may go on: the DOM is asserted in between. */
function gate(): { open: () => void; passed: Promise<void> } {
  let open = () => {};
  const passed = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, passed };
}

function chunk(content: string | undefined, finish: string | null = null): object {
  const delta = content === undefined ? { role: 'assistant', content: '' } : { content };
  return { id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] };
}

async function typeAndSend(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Send' }).click();
}

test.describe('sse.route() with a handler', () => {
  test('feeds an EventSource event by event, and again on its reconnection with Last-Event-ID', async ({
    page,
    sse,
    sseServer,
  }) => {
    serve(sseServer, notifications);
    const second = gate();
    const route = await sse.route(page, '/notifications', async (writer, request) => {
      if (request.lastEventId === undefined) {
        await writer.retry(50);
        await writer.send({ event: 'notice', id: '1', data: { text: 'Build passed' } });
        await second.passed;
        await writer.send({ event: 'notice', id: '2', data: { text: 'Deploy started' } });
        return; // ends the stream: the page reconnects after 50 ms
      }
      await writer.send({ event: 'notice', id: '3', data: { text: 'Deploy done' } });
      await writer.sleep(30_000);
    });

    await page.goto(sseServer.url);
    await expect(page.locator('#notices li')).toHaveText(['Build passed #1']);
    await expect(page.locator('#state')).toHaveText('connected');
    second.open();
    await expect(page.locator('#notices li')).toHaveText([
      'Build passed #1',
      'Deploy started #2',
      'Deploy done #3',
    ]);

    expect(route.requests.map((request) => request.lastEventId)).toEqual([undefined, '2']);
    const [first] = route.requests;
    expect(first?.url).toBe(`${sseServer.url}/notifications`);
    expect(first?.headers.host).toBe(new URL(sseServer.url).host);
    expect(first?.headers.accept).toBe('text/event-stream');
    // The page kept its own URL, and the real server never saw the stream.
    expect(
      await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name)),
    ).toContain(`${sseServer.url}/notifications`);
    expect(sseServer.requests.map((request) => request.path)).toEqual(['/']);
  });

  test('streams a POSTed chat answer that the page reads with fetch().body.getReader()', async ({
    page,
    sse,
    sseServer,
  }) => {
    serve(sseServer, chat('/v1/chat/completions'));
    const rest = gate();
    const route = await sse.route(page, '**/v1/chat/completions', async (writer) => {
      await writer.send(chunk(undefined));
      await writer.send(chunk('Hel'));
      await writer.send(chunk('lo'));
      await rest.passed;
      await writer.send(chunk(' there', 'stop'));
      await writer.send('[DONE]');
    });

    await page.goto(sseServer.url);
    await typeAndSend(page);
    await expect(page.locator('#answer')).toHaveText('Hello');
    await expect(page.locator('#state')).toHaveText('streaming');
    rest.open();
    await expect(page.locator('#answer')).toHaveText('Hello there');
    await expect(page.locator('#state')).toHaveText('done');

    const [request] = route.requests;
    expect(request?.method).toBe('POST');
    expect(JSON.parse(request?.body ?? '')).toMatchObject({
      stream: true,
      messages: [{ content: 'Say hi' }],
    });
  });
});
