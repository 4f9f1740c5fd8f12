import { expect, test } from 'sse-test/playwright';

// The demo's /chat.html POSTs the prompt to /v1/chat/completions and reads the answer with
// fetch().body.getReader(). The test answers that request itself, with an OpenAI-style stream: a
// role-only chunk, content deltas, a chunk with finish_reason 'stop', then [DONE].
const chunk = (delta: object, finish_reason: string | null = null) => ({
  object: 'chat.completion.chunk',
  choices: [{ index: 0, delta, finish_reason }],
});

test('a chat UI renders the answer delta by delta, then stops at [DONE]', async ({ page, sse }) => {
  let sendTheRest = () => {};
  const rest = new Promise<void>((resolve) => {
    sendTheRest = resolve;
  });
  const route = await sse.route(page, '**/v1/chat/completions', async (writer) => {
    await writer.send({ data: chunk({ role: 'assistant', content: '' }) });
    await writer.send({ data: chunk({ content: 'Hel' }) });
    await writer.send({ data: chunk({ content: 'lo' }) });
    await rest; // the test looks at the page in between
    await writer.send({ data: chunk({ content: ' there!' }) });
    await writer.send({ data: chunk({}, 'stop') });
    await writer.send('[DONE]');
  });

  await page.goto('/chat.html');
  await page.getByLabel('Prompt').fill('Say hi');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('#answer')).toHaveText('Hello'); // two deltas shown, the stream still open
  await expect(page.locator('#state')).toHaveText('streaming');
  sendTheRest();
  await expect(page.locator('#answer')).toHaveText('Hello there!');
  await expect(page.locator('#state')).toHaveText('done');

  expect(route.requests[0]?.method).toBe('POST');
  expect(JSON.parse(route.requests[0]?.body ?? '')).toMatchObject({
    stream: true,
    messages: [{ role: 'user', content: 'Say hi' }],
  });
});

test('a chat UI shows a rate limit, and a stream cut before [DONE]', async ({ page, sse }) => {
  let calls = 0;
  await sse.route(page, '**/v1/chat/completions', async (writer) => {
    if (++calls === 1) return writer.respond(429, { error: { type: 'rate_limit_exceeded' } });
    await writer.send({ data: chunk({ content: 'Hel' }) });
    await writer.end(); // no finish_reason, no [DONE]
  });

  await page.goto('/chat.html');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('#state')).toHaveText('HTTP 429');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('#state')).toHaveText('cut off');
  await expect(page.locator('#answer')).toHaveText('Hel');
});
