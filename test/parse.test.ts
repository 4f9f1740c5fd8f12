import { describe, expect, it } from 'vitest';
import { EventStreamDecoder } from './support/event-stream-decoder.ts';

// Rules quoted from WHATWG HTML 9.2.5 "Parsing an event stream" and 9.2.6 "Interpreting an event stream".

interface Dispatched {
  type: string;
  data: string;
  id: string;
  retry: number | undefined;
}

type DecoderOptions = ConstructorParameters<typeof EventStreamDecoder>[1];
type Chunk = string | Uint8Array;

const encoder = new TextEncoder();

/** Concatenates text (encoded as UTF-8) and raw byte values into one chunk. */
function bytes(...parts: Array<string | number>): Uint8Array {
  return Uint8Array.from(
    parts.flatMap((part) => (typeof part === 'string' ? [...encoder.encode(part)] : [part])),
  );
}

/** Every byte of the input as its own chunk. */
function byteByByte(...parts: Array<string | number>): Uint8Array[] {
  return [...bytes(...parts)].map((byte) => Uint8Array.of(byte));
}

function record(options?: DecoderOptions) {
  const got = {
    events: [] as Dispatched[],
    comments: [] as string[],
    tooLarge: [] as number[],
  };
  const decoder = new EventStreamDecoder(
    {
      onEvent: (type, data, id, retry) => got.events.push({ type, data, id, retry }),
      onComment: (text) => got.comments.push(text),
      onTooLarge: (limit) => got.tooLarge.push(limit),
    },
    options,
  );
  const push = (...chunks: Chunk[]) => {
    for (const chunk of chunks) decoder.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
  };
  return { decoder, got, push };
}

/** Feeds the chunks as one connection's body, then ends it. */
function decode(chunks: Chunk[], options?: DecoderOptions) {
  const { decoder, got, push } = record(options);
  push(...chunks);
  decoder.end();
  return { ...got, lastEventId: decoder.lastEventId, retry: decoder.retry };
}

function dataOf(chunks: Chunk[]): string[] {
  return decode(chunks).events.map((event) => event.data);
}

function message(data: string, fields: Partial<Dispatched> = {}): Dispatched {
  return { type: 'message', data, id: '', retry: undefined, ...fields };
}

describe('byte order mark', () => {
  it('strips one leading UTF-8 BOM', () => {
    expect(decode([bytes(0xef, 0xbb, 0xbf, 'data: x\n\n')]).events).toEqual([message('x')]);
  });

  it('strips only one BOM: a second one starts the field name, which is then unknown', () => {
    const result = decode([bytes(0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 'data: x\n\n')]);
    expect(result.events).toEqual([]);
  });

  it('strips only one BOM when the first is split across chunks (Node 24 TextDecoder strips both)', () => {
    expect(decode([bytes(0xef), bytes(0xbb, 0xbf, 0xef, 0xbb, 0xbf, 'data: x\n\n')]).events).toEqual([]);
    expect(decode([bytes(0xef, 0xbb), bytes(0xbf, 0xef, 0xbb, 0xbf, 'data: x\n\n')]).events).toEqual([]);
  });

  it('strips a BOM split across chunks', () => {
    expect(dataOf([bytes(0xef), bytes(0xbb), bytes(0xbf, 'data: x\n\n')])).toEqual(['x']);
    expect(dataOf(byteByByte('\uFEFFdata: x\n\n'))).toEqual(['x']);
  });

  it('keeps a U+FEFF that is not at the start of the stream', () => {
    expect(dataOf(['data: a\uFEFFb\n\n'])).toEqual(['a\uFEFFb']);
    expect(dataOf(['data: \uFEFF\n\n'])).toEqual(['\uFEFF']);
    // At the start of a later line it belongs to the field name: "\uFEFFdata" is not "data".
    expect(dataOf(['data: a\n\n\uFEFFdata: b\n\n'])).toEqual(['a']);
  });

  it('does not take the characters "ï»¿" (U+00EF U+00BB U+00BF) for a BOM; they start the field name', () => {
    // Only U+FEFF, after UTF-8 decoding, is a BOM; "ï»¿data" is an unknown field.
    expect(dataOf(['\u00EF\u00BB\u00BFdata: x\n\n'])).toEqual([]);
  });
});

describe('line endings', () => {
  it.each([
    ['LF', '\n'],
    ['CR', '\r'],
    ['CRLF', '\r\n'],
  ])('ends lines with %s', (_name, eol) => {
    expect(dataOf([`data: a${eol}data: b${eol}${eol}data: c${eol}${eol}`])).toEqual(['a\nb', 'c']);
  });

  it('accepts LF, CR and CRLF mixed in one stream; LF then CR is two line ends', () => {
    expect(dataOf(['data: a\rdata: b\r\ndata: c\n\r\ndata: d\n\r'])).toEqual(['a\nb\nc', 'd']);
  });

  it('treats a CRLF split between chunks as one line end, not an extra blank line', () => {
    expect(dataOf(['data: a\r', '\ndata: b\r\n\r\n'])).toEqual(['a\nb']);
    expect(dataOf(['data: a\r\n\r', '\ndata: b\r\n\r\n'])).toEqual(['a', 'b']);
    expect(dataOf(byteByByte('data: a\r\ndata: b\r\n\r\n'))).toEqual(['a\nb']);
  });

  it('ends the line at a CR at the end of a chunk when the next chunk does not start with LF', () => {
    expect(dataOf(['data: a\r', 'data: b\r\r'])).toEqual(['a\nb']);
    expect(dataOf(['data: a\r', '\r'])).toEqual(['a']);
  });

  it('ends a line with a CR that is the last byte of the stream', () => {
    expect(dataOf(['data: a\n\r'])).toEqual(['a']);
  });
});

describe('comments', () => {
  it('reports a line starting with ":" through onComment and dispatches nothing', () => {
    const result = decode([': hello\n:\n\n']);
    expect(result.events).toEqual([]);
    expect(result.comments).toEqual(['hello', '']);
  });

  it('drops one space after the colon, as for a field value, and no other character', () => {
    expect(decode([':no space\n:  two\n: \n']).comments).toEqual(['no space', ' two', '']);
  });

  it('ignores a comment inside an event without ending it', () => {
    expect(dataOf(['data: a\n: keep-alive\ndata: b\n\n'])).toEqual(['a\nb']);
  });
});

describe('fields', () => {
  it('removes exactly one leading space from the value', () => {
    expect(dataOf(['data:x\n\ndata: x\n\ndata:  x\n\n'])).toEqual(['x', 'x', ' x']);
    expect(decode(['event:  t\ndata\n\n']).events).toEqual([message('', { type: ' t' })]);
  });

  it('does not strip a tab or trailing spaces', () => {
    expect(dataOf(['data:\tx \n\n'])).toEqual(['\tx ']);
  });

  it('splits the field at the first colon only', () => {
    expect(dataOf(['data: a: b\n\ndata::x\n\n'])).toEqual(['a: b', ':x']);
  });

  it('takes a line with no colon as a field name with an empty value', () => {
    expect(dataOf(['data\n\n'])).toEqual(['']);
    expect(dataOf(['data\ndata\n\n'])).toEqual(['\n']);
  });

  it('compares field names case-sensitively: other spellings are unknown fields, ignored', () => {
    expect(decode(['Data: x\nDATA: y\nEvent: e\n\n']).events).toEqual([]);
  });

  it('takes only the exact names: one letter or one character of length off is an unknown field', () => {
    const near = ['dat', 'datas', 'xata', 'dxta', 'daxa', 'datx', 'ev', 'events', 'evenx', 'xvent'];
    near.push('i', 'idx', 'xd', 'ix', 'retr', 'retryx', 'xetry', 'rxtry', 'retrx');
    for (const name of near) {
      const result = decode([`${name}: 5\ndata: x\n\n`]);
      expect({ name, ...result }).toMatchObject({
        name,
        events: [message('x')],
        lastEventId: '',
        retry: undefined,
      });
    }
  });

  it('ignores unknown fields inside an event', () => {
    expect(dataOf(['foo: bar\ndata: x\nbaz\n\n'])).toEqual(['x']);
  });
});

describe('data', () => {
  it('joins data lines with LF and removes one trailing LF', () => {
    expect(dataOf(['data: a\ndata: b\n\n'])).toEqual(['a\nb']);
    expect(dataOf(['data: a\ndata:\n\n'])).toEqual(['a\n']);
  });

  it('dispatches an event with empty data for a lone "data:"', () => {
    expect(decode(['data:\n\n']).events).toEqual([message('')]);
  });

  it('dispatches nothing for a block without data, or for extra blank lines', () => {
    expect(dataOf(['event: e\n\n\n\n: c\n\nfoo: bar\n\n'])).toEqual([]);
    expect(dataOf(['\n\ndata: a\n\n\n\ndata: b\n\n'])).toEqual(['a', 'b']);
  });
});

describe('event type', () => {
  it('types the event with the "event" field, the last one in the block winning', () => {
    expect(decode(['event: a\nevent: b\ndata: x\n\n']).events).toEqual([message('x', { type: 'b' })]);
  });

  it('resets the type to "message" after each dispatch', () => {
    expect(decode(['event: add\ndata: 1\n\ndata: 2\n\n']).events).toEqual([
      message('1', { type: 'add' }),
      message('2'),
    ]);
  });

  it('resets the type also after a block without data', () => {
    expect(decode(['event: add\n\ndata: 2\n\n']).events).toEqual([message('2')]);
  });

  it('uses "message" for an empty "event:"', () => {
    expect(decode(['event: add\nevent:\ndata: x\n\n']).events).toEqual([message('x')]);
  });
});

describe('last event ID', () => {
  it('keeps the id in force across later events until changed', () => {
    expect(decode(['id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\n']).events).toEqual([
      message('a', { id: '1' }),
      message('b', { id: '1' }),
      message('c', { id: '2' }),
    ]);
  });

  it('applies an id that comes after the data in the same block', () => {
    expect(decode(['data: a\nid: 7\n\n']).events).toEqual([message('a', { id: '7' })]);
  });

  it('starts from the lastEventId option', () => {
    expect(decode(['data: a\n\n'], { lastEventId: '41' }).events).toEqual([message('a', { id: '41' })]);
  });

  it('resets the last event ID to "" with an empty "id:" or a bare "id"', () => {
    expect(decode(['id: 1\n\nid:\ndata: a\n\n']).events).toEqual([message('a')]);
    expect(decode(['id: 1\n\nid\ndata: a\n\n']).events).toEqual([message('a')]);
  });

  it('removes one leading space from the id and keeps the rest', () => {
    expect(decode(['id:  7 \n\n']).lastEventId).toBe(' 7 ');
  });

  it('ignores an id containing U+0000 NULL', () => {
    const result = decode(['id: 1\n\nid: a\0b\ndata: x\n\n']);
    expect(result.events).toEqual([message('x', { id: '1' })]);
    expect(result.lastEventId).toBe('1');
  });

  it('updates lastEventId from an id-only block without dispatching an event', () => {
    const { decoder, got, push } = record();
    push('id: 5\n\n');
    expect(decoder.lastEventId).toBe('5');
    expect(got.events).toEqual([]);
  });

  it('does not set lastEventId before the block ends', () => {
    const { decoder, push } = record();
    push('id: 5\n');
    expect(decoder.lastEventId).toBe('');
    push('\n');
    expect(decoder.lastEventId).toBe('5');
  });

  it('does not change lastEventId for an id in the unterminated block at end()', () => {
    const result = decode(['id: 1\ndata: a\n\nid: 2\ndata: b\n']);
    expect(result.events).toEqual([message('a', { id: '1' })]);
    expect(result.lastEventId).toBe('1');
  });
});

describe('retry', () => {
  it('sets the reconnection time from a value of ASCII digits only, in force for later events', () => {
    const result = decode(['retry: 3000\ndata: a\n\nretry: 007\ndata: b\n\n']);
    expect(result.events).toEqual([message('a', { retry: 3000 }), message('b', { retry: 7 })]);
    expect(result.retry).toBe(7);
  });

  it('sets the reconnection time as soon as the line ends, without a dispatch', () => {
    expect(decode(['retry: 1500\n']).retry).toBe(1500);
  });

  it.each(['1a', '-1', '1.5', '+1', ' 1', '1 ', '1e3', '\u0661', ''])(
    'ignores "retry: %s" as not only ASCII digits',
    (value) => {
      const line = `retry: ${value}`;
      const result = decode([`retry: 10\n${line}\ndata: x\n\n`]);
      expect(result.retry).toBe(10);
      expect(result.events).toEqual([message('x', { retry: 10 })]);
    },
  );

  it('ignores a bare "retry" and "retry:" with no value', () => {
    expect(decode(['retry\nretry:\n']).retry).toBeUndefined();
  });
});

describe('end of the stream', () => {
  it('discards the unterminated last block at end()', () => {
    expect(dataOf(['data: a\n\ndata: b\n'])).toEqual(['a']);
    expect(dataOf(['data: a\n\ndata: b'])).toEqual(['a']);
  });

  it('discards an unterminated last line, whatever its field', () => {
    expect(decode(['retry: 5']).retry).toBeUndefined();
    expect(decode(['id: 5\n\nid: 6']).lastEventId).toBe('5');
  });
});

describe('UTF-8 decoding', () => {
  it.each([
    ['a 0xFF byte', [0xff]],
    ['a lone continuation byte', [0x80]],
    ['an overlong encoding', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
  ])('replaces %s with U+FFFD', (_name, invalid) => {
    expect(dataOf([bytes('data: a', ...invalid, 'b\n\n')])).toEqual([`a${'\uFFFD'.repeat(invalid.length)}b`]);
  });

  it('replaces a multi-byte sequence cut short by a line end with one U+FFFD', () => {
    expect(dataOf([bytes('data: ', 0xe2, 0x82, '\n\n')])).toEqual(['\uFFFD']);
    expect(dataOf([bytes('data: ', 0xf0, 0x9f, 0x98), bytes('\n\n')])).toEqual(['\uFFFD']);
  });

  it('flushes a multi-byte sequence truncated at the end of the stream without dispatching it', () => {
    expect(decode([bytes('data: a\n\ndata: ', 0xf0, 0x9f)]).events).toEqual([message('a')]);
  });

  it.each([
    ['2-byte', 'é'],
    ['3-byte', '€'],
    ['4-byte (astral)', '😀'],
  ])('decodes a %s character split across chunks', (_name, char) => {
    const all = bytes(`data: ${char}\n\n`);
    const start = 'data: '.length;
    for (let cut = start + 1; cut < start + encoder.encode(char).length; cut++) {
      expect(dataOf([all.subarray(0, cut), all.subarray(cut)])).toEqual([char]);
    }
    expect(dataOf(byteByByte(`data: ${char}\n\n`))).toEqual([char]);
  });
});

describe('restart()', () => {
  it('keeps lastEventId and retry but forgets the partial block', () => {
    const { decoder, got, push } = record();
    push('id: 1\nretry: 50\ndata: a\n\ndata: partial\nid: 2\nevent: e\nretry: 60');
    decoder.restart();
    push('data: b\n\n');
    expect(got.events).toEqual([message('a', { id: '1', retry: 50 }), message('b', { id: '1', retry: 50 })]);
    expect(decoder.lastEventId).toBe('1');
    expect(decoder.retry).toBe(50);
  });

  it('forgets a partial line', () => {
    const { decoder, got, push } = record();
    push('data: a\n\ndat');
    decoder.restart();
    push('a: b\n\n');
    expect(got.events.map((event) => event.data)).toEqual(['a']);
  });

  it('forgets a partial UTF-8 sequence', () => {
    const { decoder, got, push } = record();
    push(bytes(0xe2, 0x82));
    decoder.restart();
    push('data: b\n\n');
    expect(got.events).toEqual([message('b')]);
  });

  it('strips a leading BOM again on the next connection', () => {
    const { decoder, got, push } = record();
    push('\uFEFFdata: a\n\n');
    decoder.restart();
    push(bytes(0xef, 0xbb), bytes(0xbf, 'data: b\n\n'));
    decoder.end();
    push('\uFEFFdata: c\n\n');
    expect(got.events.map((event) => event.data)).toEqual(['a', 'b', 'c']);
  });
});

describe('maxEventSize', () => {
  const limit = 16;

  it('reports onTooLarge once and dispatches nothing more until restart()', () => {
    const { decoder, got, push } = record({ maxEventSize: limit });
    push('data: ok\n\n', `data: ${'x'.repeat(40)}\n`, '\n', 'data: after\n\n', `data: ${'y'.repeat(40)}\n`);
    expect(got.tooLarge).toEqual([limit]);
    expect(got.events.map((event) => event.data)).toEqual(['ok']);
    decoder.restart();
    push('data: again\n\n');
    expect(got.events.map((event) => event.data)).toEqual(['ok', 'again']);
    expect(got.tooLarge).toEqual([limit]);
  });

  it('reports an event growing over many small chunks', () => {
    const result = decode([...byteByByte('data: '), ...Array.from({ length: 40 }, () => 'x'), '\n\n'], {
      maxEventSize: limit,
    });
    expect(result.tooLarge).toEqual([limit]);
    expect(result.events).toEqual([]);
  });

  it('passes an event just under the limit', () => {
    const data = 'x'.repeat(limit - 1);
    const result = decode([`data: ${data}\n\n`], { maxEventSize: limit });
    expect(result.tooLarge).toEqual([]);
    expect(result.events).toEqual([message(data)]);
  });

  it('passes an event just under the limit however its bytes are split', () => {
    const data = 'x'.repeat(limit - 1);
    const result = decode(byteByByte(`data: ${data}\n\n`), { maxEventSize: limit });
    expect(result.tooLarge).toEqual([]);
    expect(result.events).toEqual([message(data)]);
  });

  it('passes an event of exactly the limit, and measures UTF-8 bytes: é counts two', () => {
    for (const data of ['x'.repeat(limit), 'é'.repeat(limit / 2)]) {
      const result = decode([`data: ${data}\n\n`], { maxEventSize: limit });
      expect(result.tooLarge, data).toEqual([]);
      expect(result.events).toEqual([message(data)]);
    }
    const over = decode([`data: ${'é'.repeat(limit / 2 + 1)}\n\n`], { maxEventSize: limit });
    expect(over.tooLarge).toEqual([limit]);
    expect(over.events).toEqual([]);
  });

  it('stops at the data line that outgrows the limit, before any blank line, counting the joining LF', () => {
    // 7 + LF + 8 = 16 fits; 7 + LF + 9 = 17 does not, and is known as soon as its line ends.
    const fits = record({ maxEventSize: limit });
    fits.push(`data: ${'x'.repeat(7)}\ndata: ${'y'.repeat(8)}\n`);
    expect(fits.got.tooLarge).toEqual([]);
    fits.push('\n');
    expect(fits.got.events).toEqual([message(`${'x'.repeat(7)}\n${'y'.repeat(8)}`)]);

    const over = record({ maxEventSize: limit });
    over.push(`data: ${'x'.repeat(7)}\ndata: ${'y'.repeat(9)}\n`);
    expect(over.got.tooLarge).toEqual([limit]);
    const single = record({ maxEventSize: limit });
    single.push(`data: ${'x'.repeat(limit + 1)}\n`);
    expect(single.got.tooLarge).toEqual([limit]);
  });

  it('stops a line without end past twice the limit plus 1 KiB, counting the data before it', () => {
    const bound = 2 * limit + 1024;
    const alone = record({ maxEventSize: limit });
    alone.push(`data: ${'x'.repeat(bound - 'data: '.length)}`);
    expect(alone.got.tooLarge).toEqual([]);
    alone.push('x');
    expect(alone.got.tooLarge).toEqual([limit]);

    const after = record({ maxEventSize: limit });
    after.push(`data: ${'y'.repeat(limit)}\n`, `data: ${'x'.repeat(bound - limit - 'data: '.length + 1)}`);
    expect(after.got.tooLarge).toEqual([limit]);
  });

  it('reports an event over the limit that arrives whole in one chunk', () => {
    const result = decode([`data: ${'x'.repeat(40)}\n\n`], { maxEventSize: limit });
    expect(result.tooLarge).toEqual([limit]);
    expect(result.events).toEqual([]);
  });
});
