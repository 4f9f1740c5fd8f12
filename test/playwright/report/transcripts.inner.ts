import { expect, test } from '../../../src/playwright.ts';
import { createSseServer } from '../../../src/server.ts';

const secret = 's3cr3t';
test.use({ extraHTTPHeaders: { authorization: `Bearer ${secret}` } });

test('fails with its streams open', async ({ sse, sseServer }) => {
  sseServer.route('/private', async (writer) => {
    writer.header('set-cookie', `session=${secret}`);
    await writer.send({ event: 'price', id: '1', data: { symbol: 'ACME' } });
    await writer.sleep(60_000);
  });
  sseServer.route('/broken', (writer) => writer.respond(503, { error: 'overloaded' }));
  const stream = await sse.open(`${sseServer.url}/private?token=${secret}&page=2`);
  await expect(stream).toReceiveEvent('price');
  await sse.open(`${sseServer.url}/broken`, { headers: { 'x-api-key': secret } });
  expect(stream.events, 'fails on purpose').toHaveLength(2);
});

test('fails with secrets in the userinfo, the query and a header', async ({ sse, sseServer }) => {
  sseServer.route('/secret', (writer) => writer.sleep(60_000));
  const url = `${sseServer.url.replace('http://', `http://alice:${secret}@`)}/secret?access_token=${secret}&page=2`;
  const stream = await sse.open(url, { headers: { 'x-session-token': secret } });
  await expect(stream).toReceiveEvent('never', undefined, { within: 50 });
});

test('passes', async ({ sse, sseServer }) => {
  sseServer.route('/events', (writer) => writer.send('hi'));
  await expect(await sse.open(`${sseServer.url}/events`)).toReceiveEvent('message', 'hi');
});

test('fails to open', async ({ sse }) => {
  const gone = await createSseServer();
  await gone.close();
  await sse.open(`${gone.url}/refused`);
});
