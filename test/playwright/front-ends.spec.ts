import type { Page } from '@playwright/test';
import { createFrontEnds } from '../../src/browser/front-ends.ts';
import { LOOPBACK_CERT, LOOPBACK_KEY } from '../../src/browser/loopback-cert.ts';
import { routedRequestsFailed } from '../../src/errors/browser.ts';
import { expect, test } from '../../src/playwright.ts';
import { createSseServer, type SseEventInit, type SseServer } from '../../src/server.ts';
import { normalize } from '../matchers/harness.ts';

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

/** One OpenAI chat completion chunk, as the event that carries it. */
function chunk(content: string | undefined, finish: string | null = null): SseEventInit {
  const delta = content === undefined ? { role: 'assistant', content: '' } : { content };
  const choices = [{ index: 0, delta, finish_reason: finish }];
  return { data: { id: 'c1', object: 'chat.completion.chunk', choices } };
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

test.describe('sse.route() and cookies', () => {
  // The wire to the loopback server carries 127.0.0.1's cookies: the route must show the page URL's.
  // The session cookie comes as it does in apps, with the page (a cookie set by a script just before
  // its request can reach the context's store after the request: Chromium commits it on its own).
  const page = (api: string) => `<!doctype html><title>cookies</title><script>
    new EventSource(${JSON.stringify(api)});
  </script>`;
  const withSession = { 'content-type': 'text/html', 'set-cookie': 'session=abc; SameSite=Lax; Path=/' };

  test('the handler sees the cookies the browser holds for the page’s URL, and the real server gets them', async ({
    page: tab,
    sse,
    sseServer,
  }) => {
    const local = sseServer.url.replace('127.0.0.1', 'localhost');
    sseServer.route('/', (writer) => writer.respond(200, page('/events'), withSession));
    sseServer.route('/events', (writer) => writer.send('from the real server'));
    await tab.context().addCookies([{ name: 'loopback', value: 'wrong', url: sseServer.url }]);
    const route = await sse.route(tab, '/events', { passthrough: true });
    await tab.goto(local);
    await expect.poll(() => route.requests.length).toBeGreaterThan(0);
    expect(route.requests[0]?.headers.cookie).toBe('session=abc');
    await expect
      .poll(() => sseServer.requests.find((request) => request.path === '/events')?.headers.cookie)
      .toBe('session=abc');
  });

  test('a cross-site request carries no SameSite=Lax cookie, as the browser would send it', async ({
    page: tab,
    sse,
    sseServer,
  }) => {
    const api = 'http://api.localhost:9/events';
    sseServer.route('/', (writer) => writer.respond(200, page(api), withSession));
    await tab
      .context()
      .addCookies([{ name: 'lax', value: '1', url: 'http://api.localhost:9/', sameSite: 'Lax' }]);
    const route = await sse.route(tab, api, (writer) => writer.send('hi'));
    await tab.goto(sseServer.url);
    await expect.poll(() => route.requests.length).toBeGreaterThan(0);
    expect(route.requests[0]?.headers.cookie).toBeUndefined();
  });
});

test.describe('sse.route() across origins', () => {
  // The page lives on the loopback server's origin; its API on another one (api.localhost is
  // loopback to Chromium, and nothing needs to listen there: the route answers).
  const api = 'http://api.localhost:9/v1/chat/completions';

  test('answers a cross-origin fetch as a CORS backend would, preflight included', async ({
    page,
    sse,
    sseServer,
  }) => {
    serve(sseServer, chat(api));
    const route = await sse.route(page, api, async (writer) => {
      await writer.send(chunk('Hi'));
      await writer.send(chunk(' from another origin', 'stop'));
      await writer.send('[DONE]');
    });
    await page.goto(sseServer.url);
    await typeAndSend(page);
    await expect(page.locator('#state')).toHaveText('done');
    await expect(page.locator('#answer')).toHaveText('Hi from another origin');
    expect(route.requests[0]?.headers.origin).toBe(sseServer.url);
  });

  test('a handler that sets its own CORS answer is not overruled, so a wrong one fails as it would', async ({
    page,
    sse,
    sseServer,
  }) => {
    serve(sseServer, chat(api));
    await sse.route(page, api, async (writer) => {
      writer.header('access-control-allow-origin', 'http://elsewhere.test');
      await writer.send(chunk('never shown', 'stop'));
    });
    await page.goto(sseServer.url);
    await typeAndSend(page);
    await expect(page.locator('#state')).toHaveText(/^failed: /);
    await expect(page.locator('#answer')).toHaveText('');
  });
});

test.describe('sse.route() passthrough', () => {
  test('forwards the real server’s stream and lets the test drop, change, inject and cut', async ({
    page,
    sse,
    sseServer,
  }) => {
    serve(sseServer, notifications);
    sseServer.route('/notifications', async (writer) => {
      await writer.retry(60_000);
      for (const [id, text] of [
        'Build passed',
        'ping',
        'Deploy started',
        'Deploy done',
        'Rollback',
      ].entries()) {
        await writer.send({ event: text === 'ping' ? 'ping' : 'notice', id: String(id + 1), data: { text } });
        if (id === 0) await writer.comment('keep-alive');
      }
      await writer.sleep(30_000);
    });
    let notices = 0;
    const route = await sse.route(page, '/notifications', {
      passthrough: true,
      transform: async (event, writer) => {
        if (event.type === 'ping') return null;
        if (++notices === 1) return event; // forwarded as it came, id and retry included
        if (notices === 2)
          return [{ event: 'notice', id: event.id, data: { text: 'Deploy started (changed)' } }];
        if (notices === 3) {
          await writer.send({ event: 'notice', data: { text: 'Injected' } });
          return undefined;
        }
        if (notices === 4) return void (await writer.end());
        return undefined;
      },
    });

    const observer = await sse.observe(page, '/notifications');
    await page.goto(sseServer.url);
    await expect(page.locator('#notices li')).toHaveText([
      'Build passed #1',
      'Deploy started (changed) #3',
      'Injected #3',
      'Deploy done #4',
    ]);
    await expect(page.locator('#state')).toHaveText('reconnecting');
    const upstream = sseServer.requests.filter((request) => request.path === '/notifications');
    expect(upstream).toHaveLength(1);
    expect(upstream[0]?.headers.accept).toBe('text/event-stream');
    expect(route.requests).toHaveLength(1);
    // What the page received: the comment passed on (bare: its text is not kept), in its place.
    const routed = await observer.next();
    await expect(routed).toReceiveEvent('notice', { text: 'Deploy done' });
    const [received] = routed.recording.rawText();
    // A retry-only block travels with the next event; everything else is as the server wrote it.
    expect(received?.join('')).toBe(
      [
        'event: notice\nid: 1\nretry: 60000\ndata: {"text":"Build passed"}\n\n',
        ':\n\n',
        'event: notice\nid: 3\ndata: {"text":"Deploy started (changed)"}\n\n',
        'event: notice\ndata: {"text":"Injected"}\n\n',
        'event: notice\nid: 4\ndata: {"text":"Deploy done"}\n\n',
      ].join(''),
    );
  });

  test('passes on an answer that is not an event stream, status and body included', async ({
    page,
    sse,
    sseServer,
  }) => {
    serve(sseServer, chat('/v1/chat/completions'));
    sseServer.route('/v1/chat/completions', (writer) => writer.respond(429, { error: 'slow down' }));
    const route = await sse.route(page, '/v1/chat/completions', { passthrough: true });
    await page.goto(sseServer.url);
    await typeAndSend(page);
    await expect(page.locator('#state')).toHaveText('HTTP 429');
    expect(sseServer.requests.at(-1)?.method).toBe('POST');
    expect(route.errors).toEqual([]);
  });
});

test.describe('sse.observe()', () => {
  test('records the page’s own EventSource, byte-exact, and every stream matcher reads it', async ({
    page,
    sse,
    sseServer,
  }) => {
    serve(sseServer, notifications);
    const second = gate();
    sseServer.route('/notifications', async (writer) => {
      await writer.send({ event: 'notice', id: '1', data: { text: 'Build passed' } });
      await second.passed;
      // An event cut across two writes, and a comment: the recording must take both as sent.
      await writer.writeRaw('event: notice\nid: 2\nda');
      await writer.sleep(30);
      await writer.writeRaw('ta: {"text":"Deploy started"}\n\n: done\n\n');
    });
    const observer = await sse.observe(page, '/notifications');
    await page.goto(sseServer.url);

    const stream = await observer.next();
    await expect(stream).toBeEventStream();
    await expect(stream).toReceiveEvent('notice', { text: 'Build passed' });
    await expect(page.locator('#notices li')).toHaveText(['Build passed #1']);
    await expect(stream).not.toReceiveEvent('notice', { text: 'Deploy started' }, { within: 200 });
    second.open();
    await expect(stream).toReceiveEvent('notice', { text: 'Deploy started' });
    await expect(stream).toEnd();
    await expect(stream).toHaveReceivedEvent({ type: 'notice', id: '1' });
    await expect(stream).toBeWellFormed();
    expect(stream.url).toBe(`${sseServer.url}/notifications`);
    // One connection, byte for byte, in the pieces the page's network stack read: the first event
    // alone (the test held the rest back); the split write may come as one piece on a busy machine.
    const [pieces = []] = stream.recording.rawText();
    expect(pieces.join('')).toBe(
      'event: notice\nid: 1\ndata: {"text":"Build passed"}\n\n' +
        'event: notice\nid: 2\ndata: {"text":"Deploy started"}\n\n: done\n\n',
    );
    expect(pieces[0]).toBe('event: notice\nid: 1\ndata: {"text":"Build passed"}\n\n');
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    expect(stream.recording.commentTimes).toHaveLength(1);
    // The page reconnects after the end (Chromium waits 3 s by default): that is a second
    // response, so a second observed stream.
    const again = await observer.next({ within: 10_000 });
    await expect(again).toBeEventStream();
    // It resumed from the Last-Event-ID the page sent, which only the wire headers show.
    expect(again.recording.lastEventId).toBe('2');
    expect(observer.streams).toEqual([stream, again]);
  });

  test('records a fetch stream the page reads, the routed ones too', async ({ page, sse, sseServer }) => {
    serve(sseServer, chat('/v1/chat/completions'));
    await sse.route(page, '/v1/chat/completions', async (writer) => {
      for (const content of ['Hel', 'lo']) await writer.send(chunk(content));
      await writer.send('[DONE]');
    });
    const observer = await sse.observe(page.context());
    await page.goto(sseServer.url);
    await typeAndSend(page);
    const stream = await observer.stream('**/v1/chat/completions');
    await expect(stream).toReceiveEvents([
      { data: expect.stringContaining('Hel') },
      { data: expect.stringContaining('lo') },
      { data: '[DONE]' },
    ]);
    await expect(stream).toEnd();
    expect(stream.status).toBe(200);
    expect(stream.timing.firstEvent).toBeGreaterThan(0);
    expect(stream.events.map((event) => event.time)).toEqual(
      [...stream.events.map((event) => event.time)].sort((a, b) => a - b),
    );
  });

  test('a matcher on an observed stream fails with what the page received', async ({
    page,
    sse,
    sseServer,
  }) => {
    serve(sseServer, notifications);
    sseServer.route('/notifications', async (writer) => {
      await writer.send({ event: 'notice', id: '1', data: { text: 'Build passed' } });
      await writer.sleep(30_000);
    });
    const observer = await sse.observe(page);
    await page.goto(sseServer.url);
    const stream = await observer.stream('/notifications');
    await expect(stream).toKeepGapsBelow(2_000, { for: 300 });
    await expect(stream).toStayOpen({ for: 100 });
    const error = await expect(stream)
      .toReceiveEvent('notice', { text: 'Deploy done' }, { within: 300 })
      .catch((e: Error) => e);
    expect(normalize((error as Error).message, sseServer.url)).toBe(
      [
        'expect(stream).toReceiveEvent(expected)',
        '',
        'Expected: event "notice" with data {"text": "Deploy done"}',
        'Received: no match among 1 event after the cursor',
        'Timeout:  300 ms',
        '',
        'Stream: <url>/notifications → 200 text/event-stream; charset=utf-8, open; 1 event, read cursor at #0:',
        '> #0 <t> ms  notice id=1  {"text":"Build passed"}   ← nearest: data differs',
        '',
        'Data of #0, the nearest:',
        '- Expected  - 1',
        '+ Received  + 1',
        '',
        '  Object {',
        '-   "text": "Deploy done",',
        '+   "text": "Build passed",',
        '  }',
      ].join('\n'),
    );
  });

  test('an EventSource answered with an error is observed too, and a matcher says what came', async ({
    page,
    sse,
    sseServer,
  }) => {
    serve(sseServer, notifications);
    sseServer.route('/notifications', (writer) => writer.respond(503, { error: 'overloaded' }));
    const observer = await sse.observe(page);
    await page.goto(sseServer.url);
    const stream = await observer.next();
    // The page's EventSource gives up on a 503: the response ends, or the page cancels it first,
    // before its body (if the body never reached the page, the observed one is empty too).
    await expect.poll(() => stream.state).not.toBe('open');
    await expect(stream).toHaveStatus(503);
    expect(stream.events).toEqual([]);
    expect(['{"error":"overloaded"}', '']).toContain(stream.body);
    const error = await Promise.resolve()
      .then(() => expect(stream).toBeEventStream())
      .catch((e: Error) => e);
    expect(normalize((error as Error).message, sseServer.url)).toMatch(
      /^expect\(stream\)\.toBeEventStream\(\)\n\nExpected: 200 with content type text\/event-stream\nReceived: 503 application\/json; charset=utf-8 \(status 503 is not 200; content type is not text\/event-stream\)\n\nStream: <url>\/notifications → 503 application\/json; charset=utf-8, (ended|closed); not an event stream\. Body:\n/,
    );
  });

  test('next() says what it saw when the page opens no stream in time', async ({ page, sse, sseServer }) => {
    serve(sseServer, '<!doctype html><title>quiet</title>');
    const observer = await sse.observe(page, '/notifications');
    await page.goto(sseServer.url);
    const error = await observer.next({ within: 200 }).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      'observer.next(): the page opened no matching SSE stream within 200 ms (observing /notifications). ' +
        'Streams observed: none so far\n' +
        'Was sse.observe() awaited before the page opened its stream (page.goto, the click that starts it)?',
    );
  });
});

test.describe('https pages', () => {
  test.use({ ignoreHTTPSErrors: true });

  test('an https page’s stream is routed over https and observed, the page none the wiser', async ({
    page,
    sse,
  }) => {
    await using site = await createSseServer({ tls: { key: LOOPBACK_KEY, cert: LOOPBACK_CERT } });
    serve(site, notifications);
    const second = gate();
    const route = await sse.route(page, '/notifications', async (writer) => {
      await writer.send({ event: 'notice', id: '1', data: { text: 'Secure' } });
      await second.passed;
      await writer.send({ event: 'notice', id: '2', data: { text: 'Still secure' } });
      await writer.sleep(30_000);
    });
    const observer = await sse.observe(page);
    await page.goto(site.url);
    await expect(page.locator('#notices li')).toHaveText(['Secure #1']);
    second.open();
    await expect(page.locator('#notices li')).toHaveText(['Secure #1', 'Still secure #2']);
    expect(route.requests[0]?.url).toBe(`${site.url}/notifications`);
    expect(new URL(page.url()).protocol).toBe('https:');
    const stream = await observer.stream('/notifications');
    await expect(stream).toReceiveEvent('notice', { text: 'Still secure' });
    expect(route.failures).toEqual([]);
  });

  test('a page off loopback is blocked by Local Network Access until granted, and the route says so', async ({
    page,
    context,
    sse,
  }) => {
    // A page Playwright fulfils has no address of its own, so Chromium counts it as public.
    await page.route('https://app.test/', (route) =>
      route.fulfill({ contentType: 'text/html', body: notifications }),
    );
    const route = await sse.route(page, '/notifications', (writer) =>
      writer.send({ event: 'notice', id: '1', data: { text: 'Hi' } }),
    );
    await page.goto('https://app.test/');
    await expect(page.locator('#state')).toHaveText('reconnecting');
    await expect.poll(() => route.failures.length).toBeGreaterThan(0);
    expect(route.requests).toEqual([]);
    expect(route.failures[0]).toEqual({ url: 'https://app.test/notifications', error: 'net::ERR_FAILED' });
    expect(routedRequestsFailed(route.failures.slice(0, 1)).message).toBe(
      [
        'sse.route(): the browser failed 1 routed request before it reached the handler:',
        '  https://app.test/notifications: net::ERR_FAILED',
        "Chromium's Local Network Access blocks a page that is not itself on loopback from reaching 127.0.0.1, where routed requests are answered: " +
          "serve the page from localhost/127.0.0.1, or grant it with context.grantPermissions(['local-network-access']) (https pages), " +
          'or launch Chromium with --disable-features=LocalNetworkAccessChecks. See docs/front-ends.md.',
      ].join('\n'),
    );

    await context.grantPermissions(['local-network-access']);
    await page.reload();
    await expect(page.locator('#notices li')).toHaveText(['Hi #1']);
    expect(route.requests).toHaveLength(1);
  });
});

test('closing undoes everything: routed streams end, later requests reach the network, observers stop', async ({
  page,
  sseServer,
}) => {
  serve(sseServer, notifications);
  sseServer.route('/notifications', (writer) => writer.respond(404, 'the real server has no notifications'));
  const frontEnds = createFrontEnds({}, (_title, body) => body());
  const route = await frontEnds.route(page, '/notifications', async (writer) => {
    await writer.retry(50);
    await writer.send({ event: 'notice', id: '1', data: { text: 'Routed' } });
    await writer.sleep(30_000);
  });
  const observer = await frontEnds.observe(page);
  await page.goto(sseServer.url);
  await expect(page.locator('#notices li')).toHaveText(['Routed #1']);
  const routed = await observer.next();

  await frontEnds.close();
  expect(routed.state).toBe('closed');
  // The loopback server is gone, so the routed stream broke; the page's reconnection is not routed.
  await expect
    .poll(() => sseServer.requests.filter((request) => request.path === '/notifications').length)
    .toBe(1);
  await expect(page.locator('#state')).toHaveText('reconnecting');
  expect(route.requests).toHaveLength(1);
  expect(observer.streams).toHaveLength(1);
});
