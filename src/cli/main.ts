import { UsageError } from './args.ts';
import { record } from './record.ts';
import { replay } from './replay.ts';
import { EXIT, type Output, watch } from './watch.ts';

export const HELP = `Usage: npx sse-test <command> [options]

Commands:
  watch <url>            print a stream's events as they arrive, then its health
  record <url> -o file   the same, then write the stream as a recording (*.sse.json)
  replay <file>          serve a recording with its timing, and print its URL
  help                   this help

Run "npx sse-test <command> --help" for a command's options.`;

/**
 * The command line: picks the command and turns every failure into one line and an exit code.
 *
 * @returns The exit code (0 healthy, 1 not healthy, 2 usage, 3 no response).
 */
export async function main(argv: readonly string[], output: Output, signal?: AbortSignal): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'watch') return await watch(rest, output, signal);
    if (command === 'record') return await record(rest, output, signal);
    if (command === 'replay') return await replay(rest, output, signal);
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      output.out(HELP);
      return command === undefined ? EXIT.usage : EXIT.healthy;
    }
    throw new UsageError(
      `Unknown command "${command}". Commands: watch, record, replay. See: npx sse-test --help`,
    );
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.out(`sse-test: ${error.message}`);
    return EXIT.usage;
  }
}
