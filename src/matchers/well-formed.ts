import { shorten } from '../util/text.ts';

/** One rule of the event-stream format broken, at a line of one connection's text. */
export interface Issue {
  /** 1-based line number in the connection's text. */
  line: number;
  problem: string;
  /** The text around it, quoted, with control characters escaped. */
  text: string;
}

/** What a scan found: the first issues (up to the limit asked), how many in all, and the lines read. */
export interface Scan {
  issues: Issue[];
  total: number;
  lines: number;
}

const FIELDS = new Set(['event', 'data', 'id', 'retry']);
const BOM = '\uFEFF';
const SHOWN = 60;
type Ending = 'LF' | 'CRLF' | 'CR';

/**
 * Scans one connection's decoded text with the WHATWG "event stream interpretation" rules, strictly:
 * reports what clients silently ignore or drop rather than what they reject (they reject nothing).
 *
 * @param text - the connection's whole text, as received.
 * @param finished - the connection is over, so its last line and block are final; when false, a
 *   trailing partial line is left alone (more may come).
 * @param limit - issues to keep; the rest are only counted.
 */
export function scanConnection(text: string, finished: boolean, limit: number): Scan {
  const issues: Issue[] = [];
  let total = 0;
  const report = (line: number, problem: string, shown: string) => {
    total++;
    if (issues.length < limit) issues.push({ line, problem, text: quote(shown) });
  };
  const endings: Partial<Record<Ending, { count: number; first: number; text: string }>> = {};
  let block: { line: number; from: number } | undefined;
  let line = 0;
  const breaks = /\r\n|\r|\n/g;
  // Spec: one leading U+FEFF is stripped; any other is part of a line.
  for (let from = text.startsWith(BOM) ? 1 : 0; ; ) {
    const match = breaks.exec(text);
    // A CR at the end of what has arrived may be the first half of a CRLF: wait for the next byte.
    const open = match === null || (!finished && match[0] === '\r' && match.index === text.length - 1);
    if (open && (!finished || from === text.length)) break;
    const content = text.slice(from, open ? text.length : match?.index);
    line++;
    if (!open && match) {
      const kind: Ending = match[0] === '\r\n' ? 'CRLF' : match[0] === '\r' ? 'CR' : 'LF';
      endings[kind] ??= { count: 0, first: line, text: content + match[0] };
      endings[kind].count++;
    }
    const bom = content.indexOf(BOM);
    if (bom !== -1) report(line, 'a byte order mark (U+FEFF) not at the very start', around(content, bom));
    if (content === '') block = undefined;
    else if (!content.startsWith(':')) {
      block ??= { line, from };
      checkField(content, (problem) => report(line, problem, content));
    }
    if (open || !match) break;
    from = match.index + match[0].length;
  }
  const kinds = Object.entries(endings);
  if (kinds.length > 1) {
    const [rarest, seen] = kinds.reduce((a, b) => (b[1].count < a[1].count ? b : a));
    const counts = kinds.map(([kind, { count }]) => `${kind} ×${count}`).join(', ');
    report(seen.first, `mixed line endings (${counts}); the first ${rarest} is here`, seen.text);
  }
  if (finished && block !== undefined) {
    report(
      block.line,
      'unterminated last block: the connection ended before its blank line, so clients drop it',
      text.slice(block.from),
    );
  }
  return { issues: issues.sort((a, b) => a.line - b.line), total, lines: line };
}

/** The spec's "process the field": which names and values it ignores. */
function checkField(content: string, report: (problem: string) => void): void {
  const colon = content.indexOf(':');
  const name = colon === -1 ? content : content.slice(0, colon);
  let value = colon === -1 ? '' : content.slice(colon + 1);
  if (value.startsWith(' ')) value = value.slice(1);
  if (!FIELDS.has(name)) report(`unknown field ${quote(name)} (clients ignore it)`);
  else if (name === 'retry' && !/^[0-9]+$/.test(value))
    report('retry value is not ASCII digits (clients ignore it)');
  else if (name === 'id' && value.includes('\0')) report('id contains NUL (clients ignore it)');
}

/** Up to SHOWN characters of `content` around `index`. */
function around(content: string, index: number): string {
  const start = Math.max(0, Math.min(index - SHOWN / 2, content.length - SHOWN));
  return `${start > 0 ? '…' : ''}${content.slice(start, start + SHOWN)}`;
}

/** Quoted, control characters and BOMs escaped, cut to SHOWN characters. */
function quote(text: string): string {
  // Line breaks kept: JSON.stringify escapes them, and which ending it was can be the point.
  return JSON.stringify(shorten(text, SHOWN)).replaceAll(BOM, '\\uFEFF');
}
