import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll } from 'vitest';
import { expect, test } from '../../src/vitest.ts';

// The matcher in this process, against snapshot files the test writes first: what it compares and
// how it says so. The runs of a user's project (vitest-runs, playwright-runs) cover writing new
// files and updating under each runner's flags, which depend on the runner's mode.
const folder = path.join(import.meta.dirname, '__snapshots__');
const streams = path.join(folder, 'matcher.test.ts-streams');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function stored(name: string, ...blocks: string[]) {
  mkdirSync(streams, { recursive: true });
  writeFileSync(
    path.join(streams, `${name}.sse.txt`),
    ['# sse-test stream snapshot v1', '', ...blocks].join('\n'),
  );
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (caught: unknown) => (caught as Error).message,
  );

test('refuses a stream that broke, naming the break, and writes nothing', async ({ sse, sseServer }) => {
  sseServer.route('/cut', async (writer) => {
    await writer.send({ event: 'delta', data: 'Hel' });
    await writer.cut();
  });
  const stream = await sse.open(`${sseServer.url}/cut`);
  const error = await expect(stream)
    .toMatchStreamSnapshot('cut answer')
    .then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
  expect(error?.message).toMatch(
    /\nReceived: 1 event, then the stream broke at \d+ ms: other side closed .+\nA snapshot compares a stream that ended: nothing was written or compared\.\n/,
  );
  expect(existsSync(path.join(streams, 'cut-answer.sse.txt'))).toBe(false);
});

test('matches a stored snapshot, masks included, and lists what changed, went missing or was added', async ({
  sse,
  sseServer,
}) => {
  sseServer.route('/chat', async (writer) => {
    const variant = writer.request.query.get('variant');
    await writer.send({ event: 'delta', data: { text: 'Hel', ts: Date.now() } });
    if (variant === 'changed') await writer.send({ event: 'ping', data: 'x' });
    await writer.send({
      event: 'delta',
      data: { text: variant === 'changed' ? 'lo!' : 'lo', ts: Date.now() },
    });
    if (variant !== 'changed') await writer.send({ event: 'done', data: '[DONE]' });
  });
  const delta = (text: string) => `  {\n    "text": "${text}",\n    "ts": "[Any<Number>]"\n  }\n`;
  stored('answer', `#0 delta\n${delta('Hel')}`, `#1 delta\n${delta('lo')}`, '#2 done\n  [DONE]\n');
  const mask = { '$.ts': expect.any(Number) };

  await expect(await sse.open(`${sseServer.url}/chat`)).toMatchStreamSnapshot('answer', { mask });

  const message = await failure(
    expect(await sse.open(`${sseServer.url}/chat?variant=changed`)).toMatchStreamSnapshot('answer', { mask }),
  );
  const received = message?.slice(message.indexOf('Received: '), message.indexOf('\n\nStream: '));
  expect(received).toBe(
    [
      'Received: 3 events against 3 events in the snapshot; 3 differences:',
      '  + stream #1 ping: not in the snapshot  x',
      '  ~ snapshot #1 → stream #2 (delta):',
      '      data differs:',
      '      @@ -1,3 +1,3 @@',
      '        Object {',
      '      -   "text": "lo",',
      '      +   "text": "lo!",',
      '          "ts": "[Any<Number>]",',
      '  - snapshot #2 done: missing from the stream  [DONE]',
      'To accept the stream as it is now: `vitest -u`',
    ].join('\n'),
  );
});

test('says which masked value failed its matcher, which file is not a snapshot, and a gap out of tolerance', async ({
  sse,
  sseServer,
}) => {
  sseServer.route('/one', (writer) => writer.send({ event: 'delta', data: { text: 'Hel' } }));
  const missed = await failure(
    expect(await sse.open(`${sseServer.url}/one`)).toMatchStreamSnapshot('mask', {
      mask: { '$.text': expect.any(Number) },
    }),
  );
  expect(missed).toContain(
    'Received: 1 masked value failed its matcher:\n  #0 $.text: expected Any<Number>, received "Hel"\n',
  );

  stored('broken', 'not a snapshot at all');
  const broken = await failure(
    expect(await sse.open(`${sseServer.url}/one`)).toMatchStreamSnapshot('broken'),
  );
  expect(broken).toMatch(/Received: the file is not a stream snapshot: .+; fix it or run `vitest -u`/);

  stored('timed', '#0 delta +60000 ms\n  {\n    "text": "Hel"\n  }\n');
  const timed = await failure(
    expect(await sse.open(`${sseServer.url}/one`)).toMatchStreamSnapshot('timed', {
      timing: { tolerance: 100 },
    }),
  );
  expect(timed).toMatch(
    /~ snapshot #0 → stream #0 \(delta\):\n {6}gap \+60000 ms → \+\d+ ms \(tolerance 100 ms\)/,
  );
  stored('untimed', '#0 delta\n  {\n    "text": "Hel"\n  }\n');
  const untimed = await failure(
    expect(await sse.open(`${sseServer.url}/one`)).toMatchStreamSnapshot('untimed', {
      timing: { tolerance: 100 },
    }),
  );
  expect(untimed).toContain('the snapshot keeps no timing (it was written with timing: "order")');
  await expect(await sse.open(`${sseServer.url}/one`)).toMatchStreamSnapshot('untimed');
});

test('refuses .not and a bad timing, and fails on a stream still open or not an event stream', async ({
  sse,
  sseServer,
}) => {
  sseServer.route('/open', (writer) => writer.sleep(60_000));
  sseServer.route('/missing', (writer) => writer.respond(404, 'no such stream'));
  const open = await sse.open(`${sseServer.url}/open`);
  await expect(expect(open).not.toMatchStreamSnapshot('x')).rejects.toThrow(
    new TypeError(
      'toMatchStreamSnapshot() cannot be used with .not: a snapshot either matches or is updated',
    ),
  );
  await expect(
    expect(open).toMatchStreamSnapshot('x', { timing: 'gaps' as unknown as 'order' }),
  ).rejects.toThrow(
    new TypeError(`toMatchStreamSnapshot() timing is 'order' or { tolerance: ms >= 0 }; received "gaps"`),
  );
  const stillOpen = await failure(expect(open).toMatchStreamSnapshot('x', { within: 50 }));
  expect(stillOpen).toContain(
    'Received: the stream was still open: a snapshot compares a finished stream (end it, or stream.close() first)\nTimeout:  50 ms',
  );
  const notStream = await failure(
    expect(await sse.open(`${sseServer.url}/missing`)).toMatchStreamSnapshot('x'),
  );
  expect(notStream).toContain('Received: no event stream: nothing to snapshot');
  expect(existsSync(path.join(streams, 'x.sse.txt'))).toBe(false);
});
