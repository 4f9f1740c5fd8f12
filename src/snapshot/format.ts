import type { SseEvent } from '../client/event.ts';
import { applyMask, type MaskMiss, type SnapshotMask } from './mask.ts';

/** One event as a stream snapshot keeps it. */
export interface SnapshotEntry {
  type: string;
  id: string;
  /** The data, pretty-printed when it is JSON. */
  data: string;
  /** Milliseconds since the previous event (the first: since the request); kept with `timing: { tolerance }`. */
  gap?: number;
}

/** How a snapshot treats time: `'order'` ignores it; `{ tolerance }` compares each gap within that many ms. */
export type SnapshotTiming = 'order' | { tolerance: number };

const HEADER = '# sse-test stream snapshot v1';

/** The entries of a stream's events: data masked, JSON pretty-printed, gaps kept when timing asks. */
export function toEntries(
  events: readonly SseEvent[],
  mask: SnapshotMask | undefined,
  timing: SnapshotTiming,
): { entries: SnapshotEntry[]; misses: (MaskMiss & { index: number })[] } {
  const misses: (MaskMiss & { index: number })[] = [];
  let previous = 0;
  const entries = events.map((event) => {
    let data = event.data;
    const parsed = jsonData(data);
    if (parsed !== undefined) {
      for (const miss of applyMask(parsed, mask)) misses.push({ ...miss, index: event.index });
      data = JSON.stringify(parsed, null, 2);
    }
    const entry: SnapshotEntry = { type: event.type, id: event.id, data };
    if (timing !== 'order') entry.gap = Math.round(event.time - previous);
    previous = event.time;
    return entry;
  });
  return { entries, misses };
}

/**
 * The data as JSON when it is an object or an array, else `undefined`: only those are worth
 * pretty-printing and comparing by value; `42` or `"x"` stay text as sent.
 */
export function jsonData(text: string): object | undefined {
  if (!/^\s*[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text) as object;
  } catch {
    return undefined;
  }
}

/**
 * The file's text: a header, then one block per event: `#<n> <type>[ id=<id>][ +<gap> ms]` and
 * the data's lines indented by two spaces, blocks separated by one empty line.
 */
export function renderSnapshot(entries: readonly SnapshotEntry[]): string {
  const blocks = entries.map((entry, index) => {
    const id = entry.id === '' ? '' : ` id=${quote(entry.id)}`;
    const gap = entry.gap === undefined ? '' : ` +${entry.gap} ms`;
    const lines = entry.data.split('\n').map((line) => `  ${line}`);
    return [`#${index} ${quote(entry.type)}${id}${gap}`, ...lines].join('\n');
  });
  return `${[HEADER, ...blocks].join('\n\n')}\n`;
}

// A bare word reads best; anything with spaces, quotes or `=` is written as a JSON string.
function quote(word: string): string {
  return /^[^\s"=#]+$/.test(word) ? word : JSON.stringify(word);
}

function unquote(word: string): string {
  return word.startsWith('"') ? (JSON.parse(word) as string) : word;
}

const BLOCK = /^#(\d+) ("(?:[^"\\]|\\.)*"|[^\s"=#]+)(?: id=("(?:[^"\\]|\\.)*"|[^\s"=#]+))?(?: \+(\d+) ms)?$/;

/** Reads a snapshot file back, or says which line is not one (a hand edit gone wrong). */
export function parseSnapshot(text: string): { entries: SnapshotEntry[] } | { problem: string } {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[0] !== HEADER) return { problem: `the first line is not "${HEADER}"` };
  const entries: SnapshotEntry[] = [];
  let data: string[] | undefined;
  const close = () => {
    const entry = entries.at(-1);
    if (!entry || !data) return;
    // One empty line separates blocks (and the file ends with a newline): it is not data.
    if (data.at(-1) === '') data.pop();
    entry.data = data.join('\n');
  };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const block = BLOCK.exec(line);
    if (block) {
      close();
      const entry: SnapshotEntry = {
        type: unquote(block[2] as string),
        id: block[3] ? unquote(block[3]) : '',
        data: '',
      };
      if (block[4] !== undefined) entry.gap = Number(block[4]);
      entries.push(entry);
      data = [];
      continue;
    }
    if (!data) {
      if (line === '') continue;
      return {
        problem: `line ${i + 1} is neither an event header (#<n> <type>) nor data: ${JSON.stringify(line.slice(0, 80))}`,
      };
    }
    // Editors strip trailing spaces: an empty line inside a block is an empty data line.
    data.push(line.startsWith('  ') ? line.slice(2) : line);
  }
  close();
  return { entries };
}
