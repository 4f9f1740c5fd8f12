import type { SseStream } from '../client/stream.ts';
import { plural } from '../errors/messages.ts';
import { cut } from '../matchers/print.ts';
import { APART } from '../matchers/to-stream-incrementally.ts';
import { scanConnection } from '../matchers/well-formed.ts';
import { redactUrl } from '../util/redact.ts';

/** What `watch` found: the lines to print, and whether the stream was healthy. */
export interface Health {
  readonly lines: string[];
  readonly healthy: boolean;
}

const ms = (value: number | undefined) => (value === undefined ? '–' : `${Math.round(value)} ms`);

/**
 * A stream's health, for the end of `watch`: status and content type, time to first event, the
 * largest gap, bursts (reads off the wire more than 1 ms apart: one burst means it was buffered),
 * and the first rules of the format it broke. Healthy: a 200 event stream that broke no rule and
 * did not break off.
 */
export function health(stream: SseStream): Health {
  const type = stream.headers['content-type'] ?? '(none)';
  const { timing, recording } = stream;
  const times = recording.times;
  let largest = 0;
  let bursts = 0;
  for (let i = 0; i < times.length; i++) {
    const gap = i === 0 ? Number.POSITIVE_INFINITY : (times[i] as number) - (times[i - 1] as number);
    if (i > 0) largest = Math.max(largest, gap);
    if (gap > APART) bursts++;
  }
  const isStream = stream.ok;
  const issues = isStream
    ? recording.rawText().flatMap((chunks, i, all) => {
        const finished = i < all.length - 1 || stream.state !== 'open';
        return scanConnection(chunks.join(''), finished, 3).issues.map(
          (issue) => `connection ${i + 1}, line ${issue.line}: ${issue.problem} (${issue.text})`,
        );
      })
    : [];
  const problems: string[] = [];
  if (!isStream) problems.push(`not an event stream: ${stream.status} ${type}`);
  if (stream.state === 'errored') problems.push(`it broke: ${stream.error?.message ?? 'unknown error'}`);
  if (issues.length > 0) problems.push(`${plural(issues.length, 'format issue')}`);
  const lines = [
    `${redactUrl(stream.url)}: ${stream.status} ${type}, ${stream.state} after ${ms(timing.end ?? timing.headers)}`,
    `  headers ${ms(timing.headers)}, first event ${ms(timing.firstEvent)}, ${plural(recording.count, 'event')}, ${plural(recording.commentTimes.length, 'comment')}, ${plural(timing.connections, 'connection')}`,
    `  largest gap ${recording.count > 1 ? ms(largest) : '–'}, ${plural(bursts, 'burst')}${bursts === 1 && recording.count > 1 ? ' (all at once: buffered by a proxy or compression?)' : ''}`,
    ...issues.map((issue) => `  ${issue}`),
    problems.length === 0 ? '  healthy' : `  not healthy: ${problems.join('; ')}`,
  ];
  if (stream.body !== undefined) lines.splice(2, 0, `  body: ${cut(stream.body, 300)}`);
  return { lines, healthy: problems.length === 0 };
}
