import { open } from '../client/open.ts';
import type { SseStream } from '../client/stream.ts';
import type { SseError } from '../errors/sse-error.ts';
import { cut } from '../matchers/print.ts';
import { type RequestArgs, requestArgs } from './args.ts';
import { health } from './summary.ts';

/** Where a command writes: stdout for events, stderr never used for data. */
export interface Output {
  out: (line: string) => void;
}

/** Exit codes of the CLI, as its help documents them. */
export const EXIT = { healthy: 0, unhealthy: 1, usage: 2, noResponse: 3 } as const;

export const WATCH_HELP = `Usage: npx sse-test watch <url> [options]

Opens the stream, prints each event as it arrives (ms since the request, type, id, data),
then a summary: status, content type, time to first event, largest gap, bursts, format issues.

Options (curl's names):
  -X, --request <method>   HTTP method (default GET; POST with -d or --json)
  -H, --header <h: v>      a request header, repeatable
  -d, --data <body>        a request body, sent as is
      --json <json>        a JSON body, with content-type: application/json
  -m, --max-time <s>       stop watching after this many seconds (default: until the stream ends)
      --reconnect          reconnect as an EventSource does when the stream ends or breaks
  -k, --insecure           accept any TLS certificate
  -h, --help               this help

Exit codes: 0 a healthy event stream, 1 not healthy (not a 200 event stream, broken off, or
breaking the format), 2 a command line that cannot work, 3 no response at all.`;

/**
 * `sse-test watch <url>`: the stream live, then its health. Ctrl-C stops it and still prints the
 * summary.
 *
 * @returns The exit code.
 */
export async function watch(argv: readonly string[], output: Output, signal?: AbortSignal): Promise<number> {
  const args = requestArgs('watch', argv);
  if (args === 'help') {
    output.out(WATCH_HELP);
    return EXIT.healthy;
  }
  const stream = await openOrSay(args, output);
  if (!stream) return EXIT.noResponse;
  await follow(stream, args, output, signal);
  const { lines, healthy } = health(stream);
  output.out('');
  for (const line of lines) output.out(line);
  return healthy ? EXIT.healthy : EXIT.unhealthy;
}

/** Opens the stream, or prints why there is no response (one line) and gives undefined. */
export async function openOrSay(args: RequestArgs, output: Output): Promise<SseStream | undefined> {
  try {
    return await open(args.url, args.open);
  } catch (error) {
    output.out(`sse-test: ${(error as SseError).message}`);
    return undefined;
  }
}

/** Prints each event as it comes, until the stream stops, `--max-time` passes or the signal aborts. */
export async function follow(stream: SseStream, args: RequestArgs, output: Output, signal?: AbortSignal) {
  const stop = () => void stream.close();
  const timer = args.maxTime === undefined ? undefined : setTimeout(stop, args.maxTime);
  signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const event of stream) {
      const id = event.id === '' ? '' : ` #${event.id}`;
      output.out(
        `${String(Math.round(event.time)).padStart(7)} ms  ${event.type}${id}  ${cut(event.data, 200)}`,
      );
    }
  } catch {
    // A stream that breaks ends the loop; the summary says how.
  } finally {
    if (timer) clearTimeout(timer);
    signal?.removeEventListener('abort', stop);
  }
}
