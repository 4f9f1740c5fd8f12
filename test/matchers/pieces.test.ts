import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { SseError } from '../../src/errors/sse-error.ts';
import { open } from '../../src/index.ts';
import { deadline, settings } from '../../src/matchers/context.ts';
import { checkMs, stopped, whyBroke } from '../../src/matchers/moments.ts';
import { printValue } from '../../src/matchers/print.ts';
import { eventsOf, isThenable, streamOf } from '../../src/matchers/receiver.ts';
import { startServer } from '../support/server.ts';

// The shared pieces every matcher's message is made of, tested directly: a matcher case pins them
// only where its scenario happens to reach.

describe('deadline()', () => {
  const remaining = settings.remainingTestTime;
  afterEach(() => {
    settings.remainingTestTime = remaining;
  });

  it('takes within, else the runner timeout (0: none of its own), else the default', () => {
    expect(deadline({}, 300)).toEqual({ ms: 300 });
    expect(deadline({ timeout: 700 }, undefined)).toEqual({ ms: 700 });
    expect(deadline({ timeout: 700 }, 300)).toEqual({ ms: 300 });
    expect(deadline({ timeout: 0 }, undefined)).toEqual({ ms: Number.POSITIVE_INFINITY });
    expect(deadline({}, undefined)).toEqual({ ms: settings.defaultTimeout });
  });

  it('leaves 200 ms of the test for the message, and says what was asked when it cuts', () => {
    settings.remainingTestTime = () => 1_000;
    expect(deadline({}, 800)).toEqual({ ms: 800 });
    expect(deadline({}, 801)).toEqual({ ms: 800, asked: 801 });
    settings.remainingTestTime = () => 150;
    expect(deadline({}, 50)).toEqual({ ms: 0, asked: 50 });
  });
});

describe('checkMs()', () => {
  it('takes a finite number >= 0 and names the matcher and the argument otherwise', () => {
    expect(checkMs(0, 'toX', 'the bound')).toBe(0);
    expect(checkMs(12.5, 'toX', 'the bound')).toBe(12.5);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, '100', undefined]) {
      expect(() => checkMs(bad, 'toX', 'the bound')).toThrow(
        new TypeError(`toX() expects the bound as milliseconds (a number >= 0); received ${String(bad)}.`),
      );
    }
  });
});

describe('whyBroke() and stopped()', () => {
  it("keeps what follows a stream-error's ' broke: ', drops trailing full stops, else the whole message", () => {
    const broke = new SseError(
      'stream-error',
      'The stream from http://h/e broke: read ECONNRESET (a hint)...',
    );
    expect(whyBroke(broke)).toBe('read ECONNRESET (a hint)');
    expect(whyBroke(new SseError('timeout', 'It broke: no. Waited.'))).toBe('It broke: no. Waited');
    expect(whyBroke(undefined)).toBe('no reason given');
  });

  it('says how a real stream stopped, when, and how long after a moment', async () => {
    const server = await startServer();
    server.route('/end', (sse) => sse.send('x'));
    server.route('/cut', async (sse) => {
      await sse.send('x');
      await sse.cut();
    });
    const ended = await open(`${server.url}/end`);
    await ended.closed;
    const end = ended.timing.end as number;
    expect(stopped(ended)).toBe(`ended at ${Math.round(end)} ms`);
    expect(stopped(ended, end - 30)).toBe(`ended at ${Math.round(end)} ms, 30 ms after the call`);
    // A moment after the end counts as no time at all, never as a negative one.
    expect(stopped(ended, end + 30)).toBe(`ended at ${Math.round(end)} ms, 0 ms after the call`);
    const cut = await open(`${server.url}/cut`);
    await cut.closed;
    expect(stopped(cut)).toMatch(/^broke at \d+ ms: other side closed \(the server or a proxy/);
    const closedByUs = await open(`${server.url}/cut`);
    await closedByUs.close();
    expect(stopped(closedByUs)).toMatch(/^was closed by the client at \d+ ms$/);
  });
});

describe('printValue()', () => {
  it('prints on one line as the runners do, a schema by its vendor, a function by its name', () => {
    expect(printValue('a\nb\r\nc\rd')).toBe('"a\\nb\\r\\nc\\rd"');
    expect(printValue({ a: [1, 'x'] })).toBe('{"a": [1, "x"]}');
    expect(printValue(/^p/)).toBe('/^p/');
    expect(printValue(v.string())).toBe('a valibot schema');
    expect(printValue({ '~standard': {} })).toBe('a Standard schema');
    expect(printValue({ '~standard': 'not an object' })).toBe('{"~standard": "not an object"}');
    function isPrice() {
      return true;
    }
    expect(printValue(isPrice)).toBe('[Function isPrice]');
    expect(printValue(() => true)).toBe('[Function]');
    expect(printValue(null)).toBe('null');
  });
});

describe('receiver', () => {
  it('knows a thenable, and names a missing await', () => {
    expect(isThenable(Promise.resolve())).toBe(true);
    // biome-ignore lint/suspicious/noThenProperty: a thenable that is not a Promise, on purpose
    expect(isThenable({ then: () => {} })).toBe(true);
    // biome-ignore lint/suspicious/noThenProperty: a `then` that is not a function
    expect(isThenable({ then: 1 })).toBe(false);
    expect(isThenable(null)).toBe(false);
    const pending = Promise.resolve();
    expect(() => streamOf(pending, 'toX')).toThrow(
      new TypeError('toX() expects an SseStream from sse.open(); received a Promise — did you forget await?'),
    );
    expect(() => streamOf({ url: 'x' }, 'toX')).toThrow(
      new TypeError('toX() expects an SseStream from sse.open(); received {"url": "x"}'),
    );
  });

  it("refuses to read events from a record: 'timing' stream, saying how to open it", async () => {
    const server = await startServer();
    server.route('/s', (sse) => sse.send('x'));
    const stream = await open(`${server.url}/s`, { record: 'timing' });
    await stream.closed;
    expect(() => eventsOf(stream, 'toX')).toThrow(
      `The stream from ${server.url}/s was opened with record: 'timing', which keeps no events to read; open it with record: 'events'.`,
    );
  });
});
