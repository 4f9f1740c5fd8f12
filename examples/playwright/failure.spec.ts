import { stripVTControlCharacters } from 'node:util';
import { expect, test } from 'sse-test/playwright';

// What a failure looks like: the message (quoted in the README) says what was expected, what came,
// the deadline, and lists the stream's events with the nearest candidate marked and why it missed.
test('a failure lists the stream, the nearest candidate marked', async ({ sse }) => {
  const stream = await sse.open('/ticker');
  const failure = await expect(stream)
    .toReceiveEvent('quote', { symbol: 'ACME' }, { within: 500 })
    .catch((error: Error) => error);

  const message = stripVTControlCharacters(String(failure?.message));
  expect(message).toContain('Expected: event "quote" with data {"symbol": "ACME"}');
  expect(message).toContain('Timeout:  500 ms');
  expect(message).toMatch(
    /> #2 +\d+ ms {2}price id=3 {2}\{"symbol":"ACME","price":103\} {3}← nearest: type is "price"/,
  );
});
