import type { SseStream } from '../client/stream.ts';
import { plural } from '../errors/messages.ts';
import type { SseMatcherContext } from './context.ts';
import { formatReport } from './message.ts';
import { eventsOf, type MatcherResult } from './receiver.ts';
import { type Issue, scanConnection } from './well-formed.ts';

const LISTED = 10;

/**
 * Synchronous: passes when the raw text received so far broke no rule of the event-stream format,
 * checked strictly, line by line, on every connection: an unterminated last block on a connection
 * that is over (clients drop it), a `retry:` value that is not ASCII digits, an unknown field name,
 * an `id` containing NUL, mixed line endings (LF, CRLF, CR) within one connection, a byte order mark
 * anywhere but at the very start. Comments are fine. The message lists the first 10 issues with
 * their line numbers and text. Does not wait or move the cursor; needs `record: 'events'`.
 *
 * A stream closed by the client is not blamed for the block it was cut in.
 *
 * @example
 * await expect(stream).toEnd();
 * expect(stream).toBeWellFormed();
 */
export function toBeWellFormed(this: SseMatcherContext, stream: SseStream): MatcherResult {
  const { stream: sse, recording } = eventsOf(stream, 'toBeWellFormed');
  const raw = recording.rawText();
  const connectionOver =
    sse.state === 'ended' || (sse.state === 'errored' && sse.error?.type !== 'event-too-large');
  const lastKept = raw.length - 1;
  const found: { connection: number; issue: Issue }[] = [];
  let total = 0;
  let lines = 0;
  raw.forEach((chunks, index) => {
    const finished = index < lastKept || (index === lastKept && connectionOver);
    const scan = scanConnection(chunks.join(''), finished, LISTED - found.length);
    for (const issue of scan.issues) found.push({ connection: index + 1, issue });
    total += scan.total;
    lines += scan.lines;
  });
  const eventStream = sse.body === undefined;
  const pass = eventStream && total === 0;

  const message = () => {
    let received: string;
    const where = `${plural(lines, 'line')}${raw.length > 1 ? ` over ${plural(raw.length, 'connection')}` : ''}`;
    if (!eventStream)
      received = `not an event stream (${sse.status} ${sse.headers['content-type'] ?? 'with no content type'})`;
    else if (total === 0) received = `no issues in ${where}`;
    else {
      const listed = found.map(({ connection, issue }) => {
        const at = raw.length > 1 ? `connection ${connection}, line ${issue.line}` : `line ${issue.line}`;
        return `  ${at}: ${issue.problem}: ${issue.text}`;
      });
      if (total > found.length) listed.push(`  … and ${total - found.length} more`);
      received = [`${plural(total, 'issue')} in ${where}:`, ...listed].join('\n');
    }
    return formatReport(this, sse, {
      matcher: 'toBeWellFormed',
      expectedArg: '',
      expected: this.isNot
        ? 'an event stream that breaks a rule of the format'
        : 'a well-formed event stream',
      received,
    });
  };
  return { pass, message };
}
