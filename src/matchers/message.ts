import { matcherHint } from 'jest-matcher-utils';
import type { SseEvent } from '../client/event.ts';
import type { SseStream } from '../client/stream.ts';
import { plural } from '../errors/messages.ts';
import { redactText } from '../util/redact.ts';
import type { SseMatcherContext } from './context.ts';
import { cut } from './print.ts';

/** The parts of a failure message, in the one layout every matcher uses. */
export interface Report {
  /** Matcher name, such as `toReceiveEvent`. */
  matcher: string;
  /** The hint's argument placeholder, default `expected`. */
  expectedArg?: string;
  expected: string;
  received: string;
  /** The deadline line (ms waited, and what was asked when the test's time cut it shorter). */
  timeout?: { ms: number; asked?: number | undefined } | undefined;
  /**
   * Which event to mark as the nearest candidate, and why it did not match; `label` replaces the
   * word `nearest` when the mark means something else (`violation`, `matched`), and `diff` (the
   * expect family's diff of its data) is shown under the events.
   */
  nearest?:
    | { index: number; reasons: readonly string[]; label?: string; diff?: string | undefined }
    | undefined;
}

const SHOWN = 12;

/**
 * Formats a failure: hint line (honouring `.not`), Expected, Received, Timeout, then the stream
 * (status, content type, and its last events with the read cursor and the nearest candidate marked).
 * Credentials in URLs are redacted (see `redactText`).
 */
export function formatReport(context: SseMatcherContext, stream: SseStream, report: Report): string {
  const hint = matcherHint(report.matcher, 'stream', report.expectedArg ?? 'expected', {
    isNot: context.isNot ?? false,
    promise: context.promise ?? '',
  });
  const lines = [hint, '', `Expected: ${report.expected}`, `Received: ${report.received}`];
  if (report.timeout) {
    const { ms, asked } = report.timeout;
    lines.push(
      `Timeout:  ${Math.round(ms)} ms${asked === undefined ? '' : ` (of ${asked} ms asked: all the test had left)`}`,
    );
  }
  lines.push('', ...describeStream(stream, report.nearest));
  const { nearest } = report;
  if (nearest?.diff !== undefined) lines.push('', `Data of #${nearest.index}, the nearest:`, nearest.diff);
  // Failure messages land in CI logs and HTML reports: the stream's URL, and any URL a received
  // value quotes, must not carry its token there.
  return redactText(lines.join('\n'));
}

/** The stream's summary line and its recent events, or the start of a non-SSE body. */
function describeStream(stream: SseStream, nearest?: Report['nearest']): string[] {
  const type = stream.headers['content-type'] ?? '(no content type)';
  const head = `Stream: ${stream.url} → ${stream.status} ${type}, ${stream.state}`;
  if (stream.body !== undefined) {
    return [`${head}; not an event stream. Body:`, `  ${cut(stream.body, 300) || '(empty)'}`];
  }
  const { events } = stream;
  if (stream.recording.count === 0) return [`${head}; no events`];
  if (!stream.recording.keepEvents)
    return [`${head}; ${plural(stream.recording.count, 'event')} (record: 'timing' keeps no data)`];
  const cursor = stream.cursor;
  const at = cursor < events.length ? `#${cursor}` : `#${cursor}, past the last event`;
  const lines = [`${head}; ${plural(events.length, 'event')}, read cursor at ${at}:`];
  const shown = rowsShown(events.length, cursor, nearest?.index);
  let hidden = 0;
  for (const event of events) {
    if (!shown(event.index)) {
      hidden++;
      continue;
    }
    if (hidden > 0) lines.push(`  … ${plural(hidden, lines.length === 1 ? 'earlier event' : 'event')}`);
    hidden = 0;
    lines.push(formatEvent(event, cursor, nearest));
  }
  if (hidden > 0) lines.push(`  … ${plural(hidden, 'later event')}`);
  return lines;
}

/**
 * Which rows the list shows: the last {@link SHOWN} events, or as many around the marked one, and
 * the read cursor's row, which the header names. A gap of one event shows the event instead of a
 * line that says it is hidden.
 */
function rowsShown(count: number, cursor: number, marked: number | undefined): (index: number) => boolean {
  const start = Math.max(0, Math.min(count - SHOWN, marked === undefined ? count : marked - SHOWN / 2));
  const inWindow = (index: number) => index >= start && index < start + SHOWN;
  const kept = (index: number) => inWindow(index) || index === cursor;
  return (index) =>
    kept(index) || ((index === 0 || kept(index - 1)) && (index === count - 1 || kept(index + 1)));
}

function formatEvent(event: SseEvent, cursor: number, nearest: Report['nearest']): string {
  const marked = nearest?.index === event.index;
  const mark = marked ? '>' : event.index === cursor ? '·' : ' ';
  const time = `${event.time.toFixed(0)} ms`.padStart(8);
  const id = event.id === '' ? '' : ` id=${cut(event.id, 12)}`;
  const line = `${mark} #${String(event.index).padEnd(3)} ${time}  ${cut(event.type, 16)}${id}  ${event.data === '' ? '""' : cut(event.data, 60)}`;
  if (!marked) return line;
  const why = nearest?.reasons.length ? `: ${nearest.reasons.join(', ')}` : '';
  return `${line}   ← ${nearest?.label ?? 'nearest'}${why}`;
}
