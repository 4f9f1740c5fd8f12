import { open } from 'sse-test';
import { expect, test } from 'sse-test/playwright';
import { createSseServer } from 'sse-test/server';

test('sseServer: a fresh embedded server per test, scripted per route', async ({ sse, sseServer }) => {
  sseServer.route('/events', async (writer) => {
    await writer.send({ event: 'price', id: '1', data: { symbol: 'ACME' } }); // data becomes JSON
    await writer.comment('keep-alive');
    await writer.sleep(50);
    await writer.send('multi\nline'); // two data: lines
  });
  const stream = await sse.open(`${sseServer.url}/events`, { lastEventId: '0' });
  await expect(stream).toReceiveEvents([
    { type: 'price', id: '1', data: { symbol: 'ACME' } },
    { data: 'multi\nline' },
  ]);
  await expect(stream).toEnd();
  expect(sseServer.requests).toMatchObject([{ method: 'GET', path: '/events', lastEventId: '0' }]);
});

test('faults: an error answer, a malformed stream, split writes, a reset', async ({ sse, sseServer }) => {
  sseServer.route('/overloaded', (writer) => writer.respond(503, { error: 'overloaded' }));
  sseServer.route('/malformed', (writer) => writer.writeRaw('retry: soon\ndata: no blank line after me'));
  sseServer.route('/trickle', async (writer) => {
    writer.chunking({ size: 3, delay: 1 }); // every write cut in 3-byte pieces, even inside 'é'
    await writer.send({ event: 'greeting', data: 'héllo' });
  });
  sseServer.route('/reset', async (writer) => {
    await writer.send('one');
    writer.destroy(); // TCP reset, as a crashed proxy would
  });

  const overloaded = await sse.open(`${sseServer.url}/overloaded`);
  expect(overloaded).toHaveStatus(503);
  expect(overloaded).not.toBeEventStream();

  const malformed = await sse.open(`${sseServer.url}/malformed`);
  await expect(malformed).toEnd();
  expect(malformed).not.toBeWellFormed(); // a bad retry: value, an unterminated last event
  expect(malformed.events).toEqual([]); // a client drops the unterminated event

  await expect(await sse.open(`${sseServer.url}/trickle`)).toReceiveEvent('greeting', 'héllo');

  const reset = await sse.open(`${sseServer.url}/reset`);
  expect(await reset.closed).toBe('errored');
  expect(reset.error?.type).toBe('stream-error');
});

test('createSseServer(): the same server without a fixture', async () => {
  await using server = await createSseServer(); // 127.0.0.1, a free port
  server.route('/events', (writer) => writer.send({ data: { ok: true } }));
  await using stream = await open(`${server.url}/events`);
  await expect(stream).toReceiveEvent('message', { ok: true });
});
