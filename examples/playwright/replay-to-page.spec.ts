import { expect, test } from 'sse-test/playwright';

// Record the demo's chat once, then replay it to the chat page through sse.route(): the front end
// is tested against a real answer, at its real pace (or ten times faster), without the backend.
const prompt = { model: 'demo', stream: true, messages: [{ role: 'user', content: 'Hi' }] };

test('replay: a recorded chat answer fed to the chat page', async ({ page, sse }) => {
  const original = await sse.open('/v1/chat/completions', { method: 'POST', json: prompt });
  await expect(original).toEnd();
  const recording = original.toRecording();

  const route = await sse.route(page, '**/v1/chat/completions', { recording, speed: 10 });
  await page.goto('/chat.html');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('#answer')).toHaveText('Hello! How can I help you today?');
  expect(route.requests).toHaveLength(1); // the demo's chat was asked once only, by the test
});
