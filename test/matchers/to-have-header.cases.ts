import { expect as vitestExpect } from 'vitest';
import type { SseServer } from '../../src/server.ts';
import type { MatcherCase } from './harness.ts';

const unbuffered = (value: string) => (server: SseServer) =>
  server.route('/s', async (sse) => {
    sse.header('X-Accel-Buffering', value);
    await sse.sleep(60_000);
  });

export const cases: MatcherCase[] = [
  {
    name: 'toHaveHeader matches names in any case, and values as strings, RegExps or asymmetric matchers',
    serve: unbuffered('no'),
    assert: (expect, stream) => {
      expect(stream).toHaveHeader('X-ACCEL-BUFFERING');
      expect(stream).toHaveHeader('x-accel-buffering', 'no');
      expect(stream).toHaveHeader('Cache-Control', /no-cache/);
      expect(stream).toHaveHeader('content-type', vitestExpect.stringContaining('text/event-stream'));
    },
  },
  {
    name: 'toHaveHeader fails with the value received',
    serve: unbuffered('yes'),
    assert: (expect, stream) => expect(stream).toHaveHeader('X-Accel-Buffering', 'no'),
    fails: `expect(stream).toHaveHeader(name, value)

Expected: header "x-accel-buffering": "no"
Received: "x-accel-buffering": "yes"

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; no events`,
  },
  {
    name: 'toHaveHeader fails on a missing header, listing the headers received',
    serve: unbuffered('no'),
    assert: (expect, stream) => expect(stream).toHaveHeader('x-request-id', /^[0-9a-f-]+$/),
    fails: `expect(stream).toHaveHeader(name, value)

Expected: header "x-request-id" matching /^[0-9a-f-]+$/
Received: no "x-request-id" header; the response has content-type, cache-control, connection, x-accel-buffering, date, transfer-encoding

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; no events`,
  },
  {
    name: '.not.toHaveHeader passes when the header is absent',
    serve: unbuffered('no'),
    assert: (expect, stream) => expect(stream).not.toHaveHeader('content-encoding'),
  },
  {
    name: '.not.toHaveHeader fails when the header is there',
    serve: unbuffered('no'),
    assert: (expect, stream) => expect(stream).not.toHaveHeader('x-accel-buffering'),
    fails: `expect(stream).not.toHaveHeader(name)

Expected: no header "x-accel-buffering"
Received: "x-accel-buffering": "no"

Stream: <url>/s → 200 text/event-stream; charset=utf-8, open; no events`,
  },
];
