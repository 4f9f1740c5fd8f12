import { expect, test } from 'sse-test/playwright';

// The demo's /chat.html POSTs the prompt to /v1/chat/completions and reads the answer with
// fetch().body.getReader(). Here the scripted model answers it as OpenAI's API streams: a role-only
// chunk, one chunk per word (50 ms apart), a chunk with finish_reason 'stop', then [DONE].
test('a chat UI fed by the scripted model shows the answer as it streams', async ({ page, sse }) => {
  const route = await sse.route(page, '**/v1/chat/completions', (writer) =>
    writer.llm('openaiChat', { text: 'Hello there, how can I help?', tokenDelay: 50 }),
  );
  const observer = await sse.observe(page, '**/v1/chat/completions'); // the stream as the page got it

  await page.goto('/chat.html');
  await page.getByRole('button', { name: 'Send' }).click();
  const stream = await observer.next();
  await expect(stream).toReceiveFirstTokenWithin(5_000); // 'Hello' reached the page: look now
  await expect(page.locator('#answer')).toHaveText(/^Hello/);
  await expect(page.locator('#state')).toHaveText('streaming'); // five more words to come
  await expect(page.locator('#answer')).toHaveText('Hello there, how can I help?');
  await expect(page.locator('#state')).toHaveText('done');

  await expect(stream).toFollowProtocol('openaiChat');
  await expect(stream).toStreamText('Hello there, how can I help?');
  expect(JSON.parse(route.requests[0]?.body ?? '')).toMatchObject({ stream: true });
});
