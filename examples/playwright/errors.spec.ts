import { SseError } from 'sse-test';
import { expect, test } from 'sse-test/playwright';
import { createSseServer } from 'sse-test/server';

test('open() rejects only when there is no response, with an SseError saying which', async ({ sse }) => {
  const gone = await createSseServer();
  await gone.close(); // nothing listens on its port any more
  const error = await sse.open(`${gone.url}/events`).catch((error: unknown) => error);

  expect(error).toBeInstanceOf(SseError);
  expect(error).toMatchObject({ type: 'connect-failed', code: 'ECONNREFUSED', url: `${gone.url}/events` });
  expect((error as SseError).message).toBe(
    `Failed to connect to ${gone.url}/events: connection refused (ECONNREFUSED).`,
  );
});

test('timeouts: headers too late, an event too late', async ({ sse, sseServer }) => {
  sseServer.route('/slow', (writer) => writer.delayHeaders(5_000));
  sseServer.route('/quiet', (writer) => writer.sleep(5_000));
  await expect(sse.open(`${sseServer.url}/slow`, { timeout: 100 })).rejects.toMatchObject({
    type: 'timeout',
  });

  const quiet = await sse.open(`${sseServer.url}/quiet`);
  await expect(quiet.next({ within: 100 })).rejects.toMatchObject({ type: 'timeout' });
});
