import { saveRecording } from '../record/files.ts';
import { requestArgs, UsageError } from './args.ts';
import { EXIT, follow, type Output, openOrSay } from './watch.ts';

export const RECORD_HELP = `Usage: npx sse-test record <url> -o <file.sse.json> [options]

Opens the stream, prints its events as watch does, and when it ends (or --max-time passes, or
Ctrl-C) writes it as a recording: every chunk of every connection with its arrival time, secrets
redacted. Replay it with: npx sse-test replay <file>

Options: the same as watch (-X, -H, -d, --json, -m/--max-time, --reconnect, -k), and
  -o, --output <file>      where to write the recording (required)

Exit codes: 0 recorded, 2 a command line that cannot work, 3 no response at all.`;

/** `sse-test record <url> -o file`: the stream, recorded to a file. */
export async function record(argv: readonly string[], output: Output, signal?: AbortSignal): Promise<number> {
  const args = requestArgs('record', argv);
  if (args === 'help') {
    output.out(RECORD_HELP);
    return EXIT.healthy;
  }
  if (args.output === undefined) {
    throw new UsageError('record needs a file to write: npx sse-test record <url> -o ticker.sse.json');
  }
  const stream = await openOrSay(args, output);
  if (!stream) return EXIT.noResponse;
  await follow(stream, args, output, signal);
  await saveRecording(args.output, stream);
  output.out(
    `Recorded ${stream.recording.count} events over ${stream.timing.connections} connection(s) to ${args.output}`,
  );
  return EXIT.healthy;
}
