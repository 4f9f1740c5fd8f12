import { expect, test } from 'sse-test/playwright';

// Fault injection on a real backend: the demo's own /ticker reaches its page through sse.route()
// with passthrough, and the transform changes one event, drops a symbol, and cuts the stream.
type Price = { symbol: string; price: number };

test('passthrough: the real /ticker, one event changed, INITECH dropped, then cut', async ({ page, sse }) => {
  let sendTheRest = () => {};
  const rest = new Promise<void>((resolve) => {
    sendTheRest = resolve;
  });
  await sse.route(page, '/ticker', {
    passthrough: true,
    transform: async (event, writer) => {
      const { symbol } = event.json<Price>();
      if (event.id === '4') await rest; // hold the stream: the test looks at the page in between
      if (event.id === '7') return writer.end(); // cut: the page will reconnect
      if (symbol === 'INITECH') return null; // dropped
      if (event.id === '3') return { event: 'price', id: '3', data: { symbol, price: 99 } }; // changed
      return undefined; // forwarded as the demo sent it
    },
  });

  await page.goto('/ticker.html');
  await expect(page.locator('#prices li')).toHaveText(['GLOBEX 101', 'ACME 99']);
  sendTheRest();
  await expect(page.locator('#prices li')).toHaveText(['GLOBEX 104', 'ACME 106']);
  await expect(page.locator('#state')).toHaveText('reconnecting');
});
