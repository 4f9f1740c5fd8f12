import { expect, test } from 'sse-test/playwright';

// sse.observe() records the streams a page opens itself, as the browser received them, so every
// stream matcher works on them. Here the demo's own pages, against the demo: nothing is routed.

test("observe: the ticker page's EventSource, event by event", async ({ page, sse }) => {
  const observer = await sse.observe(page, '/ticker');
  await page.goto('/ticker.html'); // new EventSource('/ticker'), one line per symbol
  const stream = await observer.next();

  expect(stream).toBeEventStream();
  await expect(stream).toReceiveEvent('price', { symbol: 'GLOBEX', price: 101 });
  await expect(stream).toReceiveEvent({ type: 'price', id: '3' }, { within: 1_000 });
  await expect(stream).toStreamIncrementally({ minBursts: 5 });
  await expect(stream).toEnd(); // the demo's ticker stops after 40 events
  expect(stream).toBeWellFormed();
  expect(stream.events).toHaveLength(40);
  await expect(page.locator('#prices li')).toHaveText(['GLOBEX 140', 'INITECH 138', 'ACME 139']);
});

test("observe: the chat page's fetch() stream, a POST answered with text/event-stream", async ({
  page,
  sse,
}) => {
  const observer = await sse.observe(page, '**/v1/chat/completions');
  await page.goto('/chat.html');
  await page.getByRole('button', { name: 'Send' }).click();
  const chat = await observer.next();

  await expect(chat).toReceiveEvents([
    { data: { choices: [{ delta: { role: 'assistant' } }] } },
    { data: { choices: [{ delta: { content: 'Hello' } }] } },
    { data: { choices: [{ finish_reason: 'stop' }] } },
    { data: '[DONE]' },
  ]);
  await expect(chat).toEnd();
  await expect(page.locator('#answer')).toHaveText('Hello! How can I help you today?');
  await expect(page.locator('#state')).toHaveText('done');
});
