import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../src/client/event.ts';
import { Recording } from '../src/client/recording.ts';
import { EventStreamDecoder } from './support/event-stream-decoder.ts';

interface Dispatched {
  type: string;
  data: string;
  id: string;
  retry: number | undefined;
}

interface Outcome {
  events: Dispatched[];
  lastEventId: string;
  retry: number | undefined;
}

/**
 * WHATWG HTML 9.2.5 and 9.2.6, transcribed step by step over one connection's decoded text. The last
 * event ID buffer starts at the last event ID string, so that what a previous connection set carries on.
 */
function reference(text: string, start: { lastEventId: string; retry: number | undefined }): Outcome {
  const events: Dispatched[] = [];
  let lastEventId = start.lastEventId;
  let retry = start.retry;
  let dataBuffer = '';
  let eventTypeBuffer = '';
  let lastEventIdBuffer = lastEventId;

  // stream = [ bom ] *event; only lines ended by CRLF, LF or CR count: the rest is discarded at the end.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split(/\r\n|\r|\n/);
  lines.pop();

  for (const line of lines) {
    if (line === '') {
      // "Dispatch the event."
      lastEventId = lastEventIdBuffer;
      if (dataBuffer === '') {
        eventTypeBuffer = '';
        continue;
      }
      if (dataBuffer.endsWith('\n')) dataBuffer = dataBuffer.slice(0, -1);
      events.push({ type: eventTypeBuffer || 'message', data: dataBuffer, id: lastEventId, retry });
      dataBuffer = '';
      eventTypeBuffer = '';
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventTypeBuffer = value;
    else if (field === 'data') dataBuffer += `${value}\n`;
    else if (field === 'id' && !value.includes('\0')) lastEventIdBuffer = value;
    else if (field === 'retry' && /^[0-9]+$/.test(value)) retry = Number(value);
  }
  return { events, lastEventId, retry };
}

const initial = { lastEventId: '', retry: undefined };

function decodeChunks(chunks: Uint8Array[], decoder?: EventStreamDecoder): Outcome {
  const events: Dispatched[] = [];
  const target =
    decoder ??
    new EventStreamDecoder({ onEvent: (type, data, id, retry) => events.push({ type, data, id, retry }) });
  for (const chunk of chunks) target.push(chunk);
  target.end();
  return { events, lastEventId: target.lastEventId, retry: target.retry };
}

function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  return chunks;
}

function byteByByte(bytes: Uint8Array): Uint8Array[] {
  return [...bytes].map((byte) => Uint8Array.of(byte));
}

const encoder = new TextEncoder();

// Characters that stress the parser: separators, 1- to 4-byte UTF-8, astral (surrogate pairs), NUL, BOM.
const tricky = fc.constantFrom(' ', ':', 'a', 'Z', '0', '\t', 'é', 'ß', '€', '中', '\uFEFF', '😀', '𝄞', '\0');
const text = fc
  .oneof(fc.string({ unit: tricky, maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 8 }))
  .map((value) => value.replace(/[\r\n]/g, ''));
const space = fc.constantFrom('', ' ', '  ');
const field = (name: string, value: fc.Arbitrary<string>) =>
  fc.tuple(space, value).map(([sp, v]) => `${name}:${sp}${v}`);

const line = fc.oneof(
  { weight: 6, arbitrary: field('data', text) },
  { weight: 2, arbitrary: field('event', fc.constantFrom('', 'add', 'remove', 'message', 'ü', ':x')) },
  {
    weight: 2,
    arbitrary: field(
      'id',
      fc.oneof(
        text,
        fc.tuple(text, text).map(([a, b]) => `${a}\0${b}`),
      ),
    ),
  },
  {
    weight: 2,
    arbitrary: field(
      'retry',
      fc.oneof(
        fc.nat({ max: 100_000 }).map(String),
        fc.constantFrom('', '007', '1a', '-1', '1.5', '+3', '1e3', '\u0663', ' 1'),
      ),
    ),
  },
  { weight: 1, arbitrary: text.map((comment) => `:${comment}`) },
  {
    weight: 2,
    // Names one letter or one length away from a real one, which a parser comparing codes must refuse.
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          ...['Data', 'DATA', 'foo', 'ID', ' data', 'data ', 'événement', '\uFEFFdata'],
          ...['dat', 'datas', 'xata', 'dxta', 'daxa', 'datx', 'ev', 'events', 'evenx', 'xvent'],
          ...['i', 'idx', 'xd', 'ix', 'retr', 'retryx', 'xetry', 'rxtry', 'retrx'],
        ),
        fc.oneof(text, fc.nat({ max: 999 }).map(String)),
      )
      .map(([name, value]) => `${name}:${value}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('data', 'event', 'id', 'retry', 'foo', 'Data') },
  { weight: 1, arbitrary: fc.constant('') },
);
const eol = fc.constantFrom('\n', '\r', '\r\n');
const terminatedLine = fc.tuple(line, eol).map(([l, end]) => l + end);
// A blank line ends the block; after a CR line end, a LF "blank line" joins it as CRLF instead, as on the wire.
const block = fc
  .tuple(fc.array(terminatedLine, { minLength: 1, maxLength: 5 }), eol)
  .map(([lines, end]) => lines.join('') + end);

/** A decoded event stream: optional BOM(s), blocks ended by a blank line, then loose lines and maybe an unterminated one. */
const stream = fc
  .record({
    bom: fc.constantFrom('', '', '', '\uFEFF', '\uFEFF\uFEFF'),
    blocks: fc.array(block, { maxLength: 8 }),
    unfinished: fc.array(terminatedLine, { maxLength: 3 }),
    tail: fc.oneof(fc.constant(''), line),
  })
  .map(({ bom, blocks, unfinished, tail }) => bom + blocks.join('') + unfinished.join('') + tail);

describe('EventStreamDecoder against the spec algorithm', () => {
  it('gives the spec events and last event ID for the whole buffer at once', () => {
    fc.assert(
      fc.property(stream, (source) => {
        expect(decodeChunks([encoder.encode(source)])).toEqual(reference(source, initial));
      }),
    );
  });

  it('gives the same events however the bytes are cut into chunks', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 20 }), (source, cuts) => {
        const bytes = encoder.encode(source);
        expect(decodeChunks(splitAt(bytes, cuts))).toEqual(reference(source, initial));
      }),
    );
  });

  it('gives the same events fed byte by byte (splits inside characters and between CR and LF)', () => {
    fc.assert(
      fc.property(stream, (source) => {
        expect(decodeChunks(byteByByte(encoder.encode(source)))).toEqual(reference(source, initial));
      }),
    );
  });

  it('carries lastEventId and retry from one connection to the next', () => {
    fc.assert(
      fc.property(stream, stream, (first, second) => {
        const events: Dispatched[] = [];
        const decoder = new EventStreamDecoder({
          onEvent: (type, data, id, retry) => events.push({ type, data, id, retry }),
        });
        decodeChunks([encoder.encode(first)], decoder);
        const result = decodeChunks(byteByByte(encoder.encode(second)), decoder);
        const one = reference(first, initial);
        const two = reference(second, one);
        expect({ ...result, events }).toEqual({ ...two, events: [...one.events, ...two.events] });
      }),
    );
  });
});

describe('EventStreamDecoder on invalid UTF-8', () => {
  const invalid = fc.constantFrom(
    [0xff],
    [0x80],
    [0xc0, 0xaf],
    [0xc3],
    [0xe2, 0x82],
    [0xed, 0xa0, 0x80],
    [0xf0, 0x9f, 0x98],
    [0xf4, 0x90, 0x80, 0x80],
    [0xef, 0xbb],
  );
  const segment = fc.oneof(
    text.map((value) => [...encoder.encode(value)]),
    invalid,
  );
  const dataLine = fc
    .tuple(eol, fc.array(segment, { maxLength: 4 }), fc.boolean())
    .map(([end, segments, blank]) => [
      ...encoder.encode('data: '),
      ...segments.flat(),
      ...encoder.encode(blank ? end + end : end),
    ]);
  const bytes = fc
    .tuple(
      fc.option(invalid, { nil: [] }),
      fc.array(dataLine, { maxLength: 10 }),
      fc.array(segment, { maxLength: 2 }),
    )
    .map(([prefix, lines, tail]) => Uint8Array.from([...prefix, ...lines.flat(), ...tail.flat()]));

  it('replaces invalid sequences as TextDecoder does, however the bytes are split', () => {
    fc.assert(
      fc.property(bytes, fc.array(fc.nat(), { maxLength: 20 }), (input, cuts) => {
        const expected = reference(new TextDecoder('utf-8', { ignoreBOM: true }).decode(input), initial);
        expect(decodeChunks([input])).toEqual(expected);
        expect(decodeChunks(splitAt(input, cuts))).toEqual(expected);
        expect(decodeChunks(byteByByte(input))).toEqual(expected);
      }),
    );
  });
});

describe('Recording against the spec algorithm', () => {
  it('records the spec’s events over several connections, however split, whenever read', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(stream, fc.array(fc.nat(), { maxLength: 8 })), { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat({ max: 40 }), { maxLength: 5 }),
        (connections, reads) => {
          const recording = new Recording({ keepEvents: true, lastEventId: 'start' });
          const expected: Dispatched[] = [];
          let state: { lastEventId: string; retry: number | undefined } = {
            lastEventId: 'start',
            retry: undefined,
          };
          let pushed = 0;
          const early: Dispatched[] = [];
          for (const [source, cuts] of connections) {
            const bytes = encoder.encode(source);
            const outcome = reference(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), state);
            expected.push(...outcome.events);
            state = outcome;
            recording.connect(pushed);
            for (const chunk of splitAt(bytes, cuts)) {
              recording.push(chunk, ++pushed);
              // Read in the middle, one event at a time (built, not kept) or all (kept), as readers do.
              if (reads.includes(pushed)) {
                if (pushed % 2 === 0) {
                  for (let i = early.length; i < recording.count; i++) {
                    const { type, data, id, retry } = recording.event(i) as SseEvent;
                    early.push({ type, data, id, retry });
                  }
                } else expect(recording.events).toHaveLength(recording.count);
              }
            }
            recording.endConnection();
          }
          const events = recording.events;
          expect(events.map(({ type, data, id, retry }) => ({ type, data, id, retry }))).toEqual(expected);
          expect(early).toEqual(expected.slice(0, early.length));
          expect(events.map((event) => event.time)).toEqual([...recording.times]);
          expect(events.map((event) => event.index)).toEqual(events.map((_, i) => i));
          expect(recording.lastEventId).toBe(state.lastEventId);
          expect(recording.retry).toBe(state.retry);
        },
      ),
    );
  });
});

describe('Recording of big chunks, which keeps ASCII ones as bytes', () => {
  it('records the spec’s events from chunks of kilobytes, ASCII or not, however split', () => {
    fc.assert(
      fc.property(
        stream,
        fc.integer({ min: 40, max: 120 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (source, times, cuts) => {
          const bytes = encoder.encode(source.replace(/^\uFEFF+/, '').repeat(times));
          const expected = reference(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), initial);
          const recording = new Recording({ keepEvents: true });
          recording.connect(0);
          let time = 0;
          for (const chunk of splitAt(bytes, cuts)) recording.push(Buffer.from(chunk), ++time);
          recording.endConnection();
          const read = Array.from({ length: recording.count }, (_, i) => recording.event(i) as SseEvent);
          const simple = ({ type, data, id, retry }: SseEvent) => ({ type, data, id, retry });
          expect(read.map(simple)).toEqual(expected.events);
          expect(recording.events.map(simple)).toEqual(expected.events);
          expect(recording.rawText()[0]?.join('')).toBe(
            new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
