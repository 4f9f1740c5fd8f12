import { parseArgs } from 'node:util';
import type { SseOpenOptions } from '../client/options.ts';

/** A command line that cannot work: printed in one line with the fix, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What the request flags (curl's words) and `--max-time` ask for, for watch and record. */
export interface RequestArgs {
  url: string;
  open: SseOpenOptions;
  /** ms to watch before closing; undefined: until the stream ends. */
  maxTime: number | undefined;
  /** Further positionals and flags of the command (`-o` for record). */
  output: string | undefined;
}

const OPTIONS = {
  request: { type: 'string', short: 'X' },
  header: { type: 'string', short: 'H', multiple: true },
  data: { type: 'string', short: 'd' },
  json: { type: 'string' },
  'max-time': { type: 'string', short: 'm' },
  reconnect: { type: 'boolean' },
  insecure: { type: 'boolean', short: 'k' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Reads `<url> [-X method] [-H 'name: value']... [-d body | --json body] [--max-time s]
 * [--reconnect] [-k] [-o file]`, as curl spells them.
 *
 * @throws {UsageError} naming the flag and what to write instead.
 */
export function requestArgs(command: string, argv: readonly string[]): RequestArgs | 'help' {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message.replace(/\.$/, '')}. See: npx sse-test ${command} --help`,
    );
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [url, ...extra] = positionals;
  if (url === undefined)
    throw new UsageError(`${command} needs a URL: npx sse-test ${command} http://127.0.0.1:3000/events`);
  if (extra.length > 0)
    throw new UsageError(`${command} takes one URL; also received ${extra.map((e) => `"${e}"`).join(', ')}.`);
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new UsageError(`${command} needs an http: or https: URL; received "${url}".`);
  }
  if (values.data !== undefined && values.json !== undefined) {
    throw new UsageError('Give -d (a body as is) or --json (a JSON body), not both.');
  }
  const headers: Record<string, string> = {};
  for (const header of values.header ?? []) {
    const colon = header.indexOf(':');
    if (colon <= 0) throw new UsageError(`-H takes "Name: value"; received "${header}".`);
    headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
  }
  let maxTime: number | undefined;
  if (values['max-time'] !== undefined) {
    maxTime = Number(values['max-time']) * 1000;
    if (!(maxTime > 0))
      throw new UsageError(`--max-time takes seconds > 0; received "${values['max-time']}".`);
  }
  const open: SseOpenOptions = { headers };
  if (values.request !== undefined) open.method = values.request.toUpperCase();
  if (values.data !== undefined) {
    open.body = values.data;
    open.method ??= 'POST';
  }
  if (values.json !== undefined) {
    try {
      open.json = JSON.parse(values.json);
    } catch (error) {
      throw new UsageError(`--json takes JSON: ${(error as Error).message}.`);
    }
    open.method ??= 'POST';
  }
  if (values.reconnect) open.reconnect = true;
  if (values.insecure) open.ignoreHTTPSErrors = true;
  return { url, open, maxTime, output: values.output };
}
