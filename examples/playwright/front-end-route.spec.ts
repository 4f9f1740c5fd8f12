import { expect, test } from 'sse-test/playwright';

// The demo's /notifications.html lists the `notice` events of its EventSource('/notifications').
// sse.route() answers that request from the test instead of the demo: the test decides what comes
// and when, and the browser gets each event as it is sent.

test('a page shows each notice as it comes, and resumes with Last-Event-ID', async ({ page, sse }) => {
  let sendTheSecond = () => {};
  const second = new Promise<void>((resolve) => {
    sendTheSecond = resolve;
  });
  const route = await sse.route(page, '/notifications', async (writer, request) => {
    if (request.lastEventId === undefined) {
      await writer.retry(100);
      await writer.send({ event: 'notice', id: '1', data: { text: 'Build passed' } });
      await second; // the test looks at the page in between
      await writer.send({ event: 'notice', id: '2', data: { text: 'Deploy started' } });
      return; // the stream ends: the browser reconnects after retry: 100 ms, sending Last-Event-ID
    }
    await writer.send({ event: 'notice', id: '3', data: { text: 'Deploy done' } });
    await writer.sleep(30_000);
  });

  await page.goto('/notifications.html');
  await expect(page.locator('#notices li')).toHaveText(['Build passed #1']); // the first, alone
  await expect(page.locator('#state')).toHaveText('connected');
  sendTheSecond();
  await expect(page.locator('#notices li')).toHaveText([
    'Build passed #1',
    'Deploy started #2',
    'Deploy done #3',
  ]);

  expect(route.requests.map((request) => request.lastEventId)).toEqual([undefined, '2']);
  expect(route.requests[1]?.headers['last-event-id']).toBe('2');
});
