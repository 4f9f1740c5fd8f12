import { expectTypeOf } from 'vitest';
import { z } from 'zod';
import type { LoadReport, SseOpenOptions, SseStream } from '../../src/index.ts';
import { anthropic } from '../../src/llm/protocols/index.ts';
import type { SseServer } from '../../src/server.ts';
import { expect, type SseClient, type SseFixtures, test } from '../../src/vitest.ts';

declare const stream: SseStream;
declare const report: LoadReport;

// Waiting matchers return a Promise to await; the others return nothing.
expectTypeOf(expect(stream).toReceiveEvent('price')).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(stream).toReceiveEvent('price', { symbol: 'ACME' }, { within: 1_000 })).toEqualTypeOf<
  Promise<void>
>();
expectTypeOf(expect(stream).toReceiveEvent({ type: /^pri/, id: '1' }, { strict: true })).toEqualTypeOf<
  Promise<void>
>();
// @ts-expect-error: `next` was renamed `strict`, the word toReceiveEvents uses; no alias
void expect(stream).toReceiveEvent('price', undefined, { next: true });
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

test('the fixtures are typed', async ({ sse, sseServer, sseOptions, sseExpectTimeout, task }) => {
  expectTypeOf(sse).toEqualTypeOf<SseClient>();
  expectTypeOf(sseServer).toEqualTypeOf<SseServer>();
  expectTypeOf(sseOptions).toEqualTypeOf<SseOpenOptions>();
  expectTypeOf(sseExpectTimeout).toEqualTypeOf<number>();
  expectTypeOf(sse.open('/events', { method: 'POST', json: { stream: true } })).toEqualTypeOf<
    Promise<SseStream>
  >();
  expectTypeOf(task.name).toEqualTypeOf<string>();
});

// Options and fixtures of a project's own, on top.
test.override({ sseOptions: { baseURL: 'http://127.0.0.1:3000' }, sseExpectTimeout: 2_000 });
// @ts-expect-error: sseExpectTimeout is a number of milliseconds
test.override({ sseExpectTimeout: '2s' });
// @ts-expect-error: the deadline is a fixture of its own; sseOptions are open()'s options, as in Playwright
test.override({ sseOptions: { expectTimeout: 2_000 } });
const api = test.extend<{ db: string }>({ db: 'postgres://' });
api('extended', ({ sse, db }) => {
  expectTypeOf(sse).toEqualTypeOf<SseClient>();
  expectTypeOf(db).toEqualTypeOf<string>();
});
expectTypeOf<SseFixtures['sseOptions']['baseURL']>().toEqualTypeOf<string | undefined>();

// A Standard Schema (zod here) is a data expectation, under exactOptionalPropertyTypes too.
test('schemas', async ({ sse }) => {
  const stream = await sse.open('/ticker');
  await expect(stream).toReceiveEvent('price', z.object({ symbol: z.string(), price: z.number() }));
  expect(stream).toHaveReceivedEvent({ type: 'price', data: z.object({ symbol: z.literal('ACME') }) });
});
