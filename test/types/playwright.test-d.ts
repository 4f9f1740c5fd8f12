import { test as base, expect as baseExpect, mergeExpects, mergeTests } from '@playwright/test';
import { expectTypeOf } from 'vitest';
import type { LoadReport, SseOpenOptions, SseStream } from '../../src/index.ts';
import { anthropic } from '../../src/llm/protocols/index.ts';
import {
  type PlaywrightSseClient,
  type SseClient,
  type SseFixtures,
  type SseObserver,
  type SseRoute,
  expect as sseExpect,
  sseFixtures,
  sseMatchers,
  test,
} from '../../src/playwright.ts';
import type { RecordedRequest, SseRecording, SseServer } from '../../src/server.ts';

declare const stream: SseStream;
declare const report: LoadReport;
declare const recording: SseRecording;
const expect = sseExpect;

// Waiting matchers return a Promise to await; the others return nothing.
expectTypeOf(expect(stream).toReceiveEvent('price')).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(stream).toReceiveEvent('price', { symbol: 'ACME' }, { within: 1_000 })).toEqualTypeOf<
  Promise<void>
>();
expectTypeOf(expect(stream).toReceiveEvent({ type: /^pri/, id: '1' }, { strict: true })).toEqualTypeOf<
  Promise<void>
>();
expectTypeOf(expect(stream).not.toReceiveEvent('error', undefined, { within: 500 })).toEqualTypeOf<
  Promise<void>
>();
expectTypeOf(expect(stream).toReceiveEvents(['start', { type: 'done' }], { strict: true })).toEqualTypeOf<
  Promise<void>
>();
expectTypeOf(expect(stream).toReceiveFirstEventWithin(300)).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(stream).toEnd({ within: 1_000 })).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(stream).toFollowProtocol(anthropic, { within: 1_000 })).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(stream).not.toFollowProtocol('openaiChat')).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(stream).toFollowProtocol({ name: 'mine', check: () => undefined })).toEqualTypeOf<
  Promise<void>
>();
expectTypeOf(expect(stream).toStreamText('Hello', { within: 1_000, protocol: 'anthropic' })).toEqualTypeOf<
  Promise<void>
>();
expectTypeOf(expect(stream).not.toStreamText(/bye/i)).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(stream).toFinishWith('stop')).toEqualTypeOf<Promise<void>>();
expectTypeOf(
  expect(stream).toMatchStreamSnapshot('chat', { mask: ['$..ts'], timing: { tolerance: 50 } }),
).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(stream).toMatchStreamSnapshot({ timing: 'order' })).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(stream).toReceiveFirstTokenWithin(500, { trigger: 'content' })).toEqualTypeOf<
  Promise<void>
>();
expectTypeOf(
  expect(stream).toFollowProtocol({
    events: { price: { '~standard': { validate: (v: unknown) => ({ value: v }) } } },
  }),
).toEqualTypeOf<Promise<void>>();
// @ts-expect-error: a finish reason is text
void expect(stream).toFinishWith(1);
// @ts-expect-error timing is 'order' or { tolerance }
void expect(stream).toMatchStreamSnapshot({ timing: 'exact' });
// @ts-expect-error: a trigger is 'answer', 'content' or 'any'
void expect(stream).toReceiveFirstTokenWithin(500, { trigger: 'token' });
// @ts-expect-error: a protocol's name is one of the four sse-test knows
void expect(stream).toFollowProtocol('openai');
// @ts-expect-error: a contract has check(events, ended)
void expect(stream).toFollowProtocol({ name: 'mine' });
expectTypeOf(
  expect(stream).toHaveReceivedEvent('price', (data: { price: number }) => data.price > 0),
).toEqualTypeOf<void>();
expectTypeOf(
  expect(stream).toHaveReceivedEvent({ data: expect.objectContaining({ a: 1 }) }),
).toEqualTypeOf<void>();
expectTypeOf(expect(stream).toHaveStatus(200)).toEqualTypeOf<void>();
expectTypeOf(expect(stream).toHaveHeader('content-type', /event-stream/)).toEqualTypeOf<void>();
expectTypeOf(expect(stream).toBeEventStream()).toEqualTypeOf<void>();
expectTypeOf(expect.soft(stream).toBeWellFormed()).toEqualTypeOf<void>();
// Playwright's own matchers stay.
expectTypeOf(expect(stream).toBeTruthy()).toEqualTypeOf<void>();

expectTypeOf(expect(stream).toKeepGapsBelow(1_000, { for: 5_000 })).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(stream).toStayOpen({ for: 1_000 })).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(stream).toReconnect({ within: 1_000, lastEventId: '4' })).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(stream).toStreamIncrementally()).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(report).toMeetThresholds({ errors: ['rate<0.01'] })).toEqualTypeOf<void>();
// @ts-expect-error: toMeetThresholds judges a LoadReport, not a stream
expect(stream).toMeetThresholds({ errors: ['rate<0.01'] });
// @ts-expect-error: the stream matchers are not offered on a LoadReport
expect(report).toReceiveEvent('price');

// @ts-expect-error: not a stream
expect(42).toReceiveEvent('price');
// @ts-expect-error: not a stream
expect({ events: [] }).toHaveReceivedEvent('price');
// @ts-expect-error: a Promise<SseStream>, that is a forgotten `await` on sse.open()
expect(Promise.resolve(stream)).toReceiveEvent('price');
// @ts-expect-error: an event type is a string, RegExp or asymmetric matcher
expect(stream).toReceiveEvent(42);
// @ts-expect-error: `within` is a number of milliseconds
expect(stream).toReceiveEvent('price', undefined, { within: '1s' });
// @ts-expect-error: the object form takes the options second
expect(stream).toReceiveEvent({ type: 'price' }, 'data', { within: 1 });
// @ts-expect-error: toReceiveEvents takes an array
expect(stream).toReceiveEvents('price');
// @ts-expect-error: a status is a number
expect(stream).toHaveStatus('200');

test('the fixtures are typed', async ({ sse, sseServer, sseOptions }) => {
  expectTypeOf(sse).toEqualTypeOf<PlaywrightSseClient>();
  expectTypeOf(sseServer).toEqualTypeOf<SseServer>();
  expectTypeOf(sseOptions.baseURL).toEqualTypeOf<string | undefined>();
  expectTypeOf(sse.open('/events', { method: 'POST', json: { stream: true } })).toEqualTypeOf<
    Promise<SseStream>
  >();
  expectTypeOf(sse.streams).toEqualTypeOf<readonly SseStream[]>();
  expectTypeOf(sse).toMatchTypeOf<SseClient>();
});

test('route and observe take a page or a context, and give what the matchers take', async ({
  sse,
  sseServer,
  page,
  context,
}) => {
  const route = await sse.route(page, '**/events', async (writer, request) => {
    expectTypeOf(request.lastEventId).toEqualTypeOf<string | undefined>();
    await writer.send({ event: 'notice', data: { text: 'hi' } });
    await writer.send('[DONE]');
    // @ts-expect-error: a payload goes in data
    await writer.send({ text: 'hi' });
    // @ts-expect-error: a number goes in data too
    await writer.send(3);
  });
  expectTypeOf(route).toEqualTypeOf<SseRoute>();
  expectTypeOf(route.requests).toEqualTypeOf<readonly RecordedRequest[]>();
  await sse.route(context, /\/v1\/chat/, {
    passthrough: true,
    transform: (event) => (event.type === 'ping' ? null : undefined),
  });
  await sse.route(page, '/x', {
    passthrough: true,
    transform: async (event, writer) => {
      if (event.type === 'ping') await writer.sleep(10); // returns nothing: forwarded
    },
  });
  await sse.route(page, '/x', { passthrough: true, transform: () => [{ data: [1] }, '[DONE]'] });
  await sse.route(page, (url) => url.pathname === '/feed', { passthrough: true });
  // @ts-expect-error: a passthrough says so
  await sse.route(page, '/x', { transform: () => undefined });
  // @ts-expect-error: a target is a Page or a BrowserContext
  await sse.route('/x', '/x', () => {});
  await sse.route(page, '/ticker', recording);
  await sse.route(page, '/ticker', { recording, speed: Infinity, loop: true });
  // @ts-expect-error: a recording has a version, a request and its connections
  await sse.route(page, '/ticker', { connections: [] });
  expectTypeOf(sseServer.replay('/ticker', recording, { speed: 2 })).toEqualTypeOf<SseServer>();
  // @ts-expect-error: speed is a number
  sseServer.replay('/ticker', recording, { speed: 'fast' });
  const observer = await sse.observe(page);
  expectTypeOf(observer).toEqualTypeOf<SseObserver>();
  expectTypeOf(await observer.next({ within: 1_000 })).toEqualTypeOf<SseStream>();
  expectTypeOf(observer.streams).toEqualTypeOf<readonly SseStream[]>();
  await expect(await observer.stream('**/events')).toReceiveEvent('notice');
});
test.use({ sseOptions: { baseURL: 'http://127.0.0.1:3000', headers: { authorization: 'Bearer t' } } });
// @ts-expect-error: Playwright has its own expect timeout (`expect.timeout` in the config)
test.use({ sseOptions: { expectTimeout: 1_000 } });
expectTypeOf<SseFixtures['sseOptions']>().toEqualTypeOf<SseOpenOptions>();

// The pieces merge with a project's own fixtures and matchers.
const withDb = base.extend<{ db: string }>({ db: 'postgres://' });
mergeTests(test, withDb)('merged fixtures', ({ sse, sseServer, db, page }) => {
  expectTypeOf(sse).toEqualTypeOf<PlaywrightSseClient>();
  expectTypeOf(sseServer).toEqualTypeOf<SseServer>();
  expectTypeOf(db).toEqualTypeOf<string>();
  expectTypeOf(page.goto).toBeFunction();
});
withDb.extend(sseFixtures)('extended with the fixtures object', ({ sse, db }) => {
  expectTypeOf(sse).toEqualTypeOf<PlaywrightSseClient>();
  expectTypeOf(db).toEqualTypeOf<string>();
});
const evenMatchers = {
  toBeEven(received: number) {
    return { pass: received % 2 === 0, message: () => 'odd' };
  },
};
const own = baseExpect.extend(evenMatchers);
const merged = mergeExpects(expect, own);
expectTypeOf(merged(stream).toReceiveEvent('price')).toEqualTypeOf<Promise<void>>();
expectTypeOf(merged(2).toBeEven()).toEqualTypeOf<void>();
// @ts-expect-error: not a stream
merged(2).toReceiveEvent('price');
const extended = baseExpect.extend({ ...sseMatchers, ...evenMatchers });
expectTypeOf(extended(stream).toReceiveEvents(['a', 'b'])).toEqualTypeOf<Promise<void>>();
