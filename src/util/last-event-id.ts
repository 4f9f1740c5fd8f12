import { isUtf8 } from 'node:buffer';

// The `Last-Event-ID` header on the wire. The spec sends the last event ID string UTF-8 encoded
// (HTML "reestablish the connection": "set `Last-Event-ID` to the last event ID string, UTF-8
// encoded"), but header values reach JavaScript spelled one character per byte: undici rejects a
// character above U+00FF and writes each other one as a byte, node:http reads each byte back as
// one latin1 character, and Chromium's DevTools protocol reports each byte as a windows-1252
// character. These functions cross that boundary, so that an id such as `…` or `é` goes out as
// its UTF-8 bytes and reads back as itself wherever a test looks at it.

/** A character that is not its own UTF-8 byte (any UTF-16 code unit past ASCII); most ids have none. */
const NON_ASCII = /[\u0080-\uffff]/;

/** How a header value's bytes were spelled as characters, by who read them. */
export type HeaderSpelling = 'latin1' | 'windows-1252';

/**
 * The header value that puts `id`'s UTF-8 bytes on the wire through undici: a string whose
 * characters are those bytes (`'…'` becomes `'\xE2\x80\xA6'`).
 */
export function lastEventIdHeader(id: string): string {
  return NON_ASCII.test(id) ? Buffer.from(id, 'utf8').toString('latin1') : id;
}

/**
 * The id a `Last-Event-ID` value names, from the value as it was read: by node:http (`'latin1'`,
 * the default) or by Chromium's DevTools protocol (`'windows-1252'`).
 *
 * node:http always spells bytes as latin1, so its bytes are decoded as UTF-8, an invalid sequence
 * replaced by U+FFFD as a browser decodes (an id a client sent as latin1 shows up as `'\uFFFD'`,
 * not as what it meant). Chromium's spelling is what it does today, not a promise: a value that
 * is not valid UTF-8 once spelled back into bytes is taken to be text already, and kept.
 */
export function readLastEventId(value: string, spelling: HeaderSpelling = 'latin1'): string {
  if (!NON_ASCII.test(value)) return value;
  if (spelling === 'latin1') return Buffer.from(value, 'latin1').toString('utf8');
  const bytes = windows1252Bytes(value);
  return bytes && isUtf8(bytes) ? bytes.toString('utf8') : value;
}

/** windows-1252's characters for bytes 0x80-0x9F (the rest of its bytes are their latin1 selves). */
let cp1252: Map<string, number> | undefined;

/** The bytes `text` spells in windows-1252, or undefined if a character is none of its. */
function windows1252Bytes(text: string): Buffer | undefined {
  if (!cp1252) {
    const decoder = new TextDecoder('windows-1252');
    cp1252 = new Map();
    for (let byte = 0x80; byte < 0xa0; byte++) cp1252.set(decoder.decode(Uint8Array.of(byte)), byte);
  }
  const bytes = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const byte = code < 0x100 ? code : cp1252.get(text[i] as string);
    if (byte === undefined) return undefined;
    bytes[i] = byte;
  }
  return bytes;
}
