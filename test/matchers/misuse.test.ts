import { describe, expect, it } from 'vitest';
import { open, type SseStream } from '../../src/index.ts';
import { sseMatchers } from '../../src/matchers/index.ts';
import '../../src/vitest-setup.ts';
import { startServer } from '../support/server.ts';

// What each matcher says when it is called wrong: the message names the matcher and what it got.
const call = (received: unknown, name: string, ...args: unknown[]) =>
  // biome-ignore lint/suspicious/noExplicitAny: each matcher is called by name, with its own arguments
  (expect(received) as any)[name](...args);

describe('a matcher given something else than a stream', () => {
  for (const name of Object.keys(sseMatchers).filter((matcher) => matcher !== 'toMeetThresholds')) {
    it(`${name} names itself and says what it got`, async () => {
      await expect(Promise.resolve().then(() => call({ url: 'x' }, name, 'a'))).rejects.toThrow(
        new TypeError(`${name}() expects an SseStream from sse.open(); received {"url": "x"}`),
      );
    });
  }
});

describe('arguments a matcher refuses', () => {
  let stream: SseStream;
  const refused = (name: string, ...args: unknown[]) =>
    expect(Promise.resolve().then(() => call(stream, name, ...args))).rejects;

  it('names the argument and what came, for each matcher that checks one', async () => {
    const server = await startServer();
    server.route('/s', (sse) => sse.send('x'));
    stream = await open(`${server.url}/s`);
    await refused('toHaveHeader', 5).toThrow(
      new TypeError('toHaveHeader() expects a header name; received 5.'),
    );
    await refused('toHaveHeader', '').toThrow(
      new TypeError('toHaveHeader() expects a header name; received "".'),
    );
    await refused('toHaveHeader', 'x-a', 5).toThrow(
      new TypeError(
        'toHaveHeader() expects the value as a string, RegExp or asymmetric matcher; received 5.',
      ),
    );
    await refused('toFinishWith', 5).toThrow(
      new TypeError(
        'toFinishWith() expects a finish reason (string, RegExp or asymmetric matcher); received 5.',
      ),
    );
    for (const sequence of [[], 'done', undefined]) {
      await refused('toReceiveEvents', sequence).toThrow(
        /^toReceiveEvents\(\) expects a non-empty array of event types or \{ type, data, id \}/,
      );
    }
    await stream.close();
  });
});
