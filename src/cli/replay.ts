import { parseArgs } from 'node:util';
import { SseError } from '../errors/sse-error.ts';
import { loadRecording } from '../record/files.ts';
import { createSseServer } from '../server/server.ts';
import { UsageError } from './args.ts';
import { EXIT, type Output } from './watch.ts';

export const REPLAY_HELP = `Usage: npx sse-test replay <file.sse.json> [options]

Serves a recording (from npx sse-test record, or saveRecording) on 127.0.0.1 with its original
timing, connections and status, and prints its URL; Ctrl-C stops it.

Options:
      --port <n>     the port (default: a free one)
      --speed <x>    play x times faster (default 1; Infinity: everything at once)
      --loop         start each connection again from its first chunk when it is done
  -h, --help         this help

Exit codes: 0 served until stopped, 2 a command line or a file that cannot work.`;

/** `sse-test replay <file>`: the recording on a local server until the signal aborts. */
export async function replay(argv: readonly string[], output: Output, signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parseReplay(argv);
  if (values.help) {
    output.out(REPLAY_HELP);
    return EXIT.healthy;
  }
  const [file, ...extra] = positionals;
  if (file === undefined)
    throw new UsageError('replay needs a recording: npx sse-test replay ticker.sse.json');
  if (extra.length > 0) throw new UsageError(`replay takes one file; also received ${extra.join(', ')}.`);
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!(speed > 0))
    throw new UsageError(`--speed takes a number > 0 (or Infinity); received "${values.speed}".`);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`--port takes a port number; received "${values.port}".`);
  }
  let recording: Awaited<ReturnType<typeof loadRecording>>;
  try {
    recording = await loadRecording(file);
  } catch (error) {
    if (error instanceof SseError) throw new UsageError(error.message);
    throw error;
  }
  const path = URL.canParse(recording.request.url) ? new URL(recording.request.url).pathname : '/';
  const server = await createSseServer({ port });
  server.replay(path, recording, { speed, loop: values.loop === true });
  output.out(`Replaying ${file} at ${server.url}${path} (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    if (signal?.aborted) resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
  return EXIT.healthy;
}

function parseReplay(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        speed: { type: 'string' },
        loop: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\.$/, '')}. See: npx sse-test replay --help`);
  }
}
