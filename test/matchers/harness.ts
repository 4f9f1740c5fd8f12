import type { SseOpenOptions, SseStream } from '../../src/index.ts';
import type { SseServer } from '../../src/server.ts';

/** Either runner's `expect`, with the sse-test matchers installed. */
// biome-ignore lint/suspicious/noExplicitAny: both runners' expect types, used the same way
export type AnyExpect = (actual: unknown) => any;

/**
 * One matcher scenario, run by both runners (test/matchers.test.ts for Vitest,
 * test/playwright/matchers.spec.ts for Playwright) so the two stay the same.
 */
export interface MatcherCase {
  /** What the case shows, as a test title. */
  name: string;
  /** Scripts the embedded server; the stream under test is `open(server.url + (path ?? '/s'))`. */
  serve: (server: SseServer) => void;
  path?: string;
  open?: SseOpenOptions;
  /** The assertion, with the runner's `expect`. */
  assert: (expect: AnyExpect, stream: SseStream) => unknown;
  /** For a case that must fail: its message, pinned, after `normalize()`. */
  fails?: string;
}

/**
 * What on a `Received:` line is measured, so differs from run to run: moments since `open()` (`at`,
 * `from`, `to` 80 ms), a time since the call (`80 ms after the call`), a measured gap (`the longest
 * was 80 ms`) and the time waited for a first event (`no event after 80 ms`). Everything else on
 * the line stays: a window, a budget, a count or an index the matcher printed wrong must fail the
 * pinned case. A new message with another measured phrase fails its case until it is added here.
 */
const MEASURED = [
  /(?<=\b(?:at|from|to) )\d+(?:\.\d+)? ms\b/g,
  /\b\d+(?:\.\d+)? ms(?= after the call)/g,
  /(?<=\blongest was )\d+(?:\.\d+)? ms\b/g,
  /(?<=\bno (?:event|token) after )\d+(?:\.\d+)? ms\b/g,
];

/**
 * Makes a failure message comparable across runs: no colours, the server URL as `<url>`, event
 * arrival times and the measured times on `Received:` lines (see {@link MEASURED}) as `<t>`.
 */
export function normalize(message: string, url: string): string {
  return (
    message
      // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC
      .replace(/\x1b\[[0-9;]*m/g, '')
      .replaceAll(url, '<url>')
      .replace(/^([ >·] #\d+)\s+\d+ ms/gm, '$1 <t> ms')
      .replace(/^Received: .*$/m, (received) =>
        MEASURED.reduce((line, measured) => line.replace(measured, '<t> ms'), received),
      )
      .trimEnd()
  );
}

/** A load summary with its measured numbers as `<n>`, and its table's columns closed up. */
export function maskSummary(text: string): string {
  return text
    .replace(/\d+(?:\.\d+)?(?= ms\b| s\b|\/s\b)/g, '<n>')
    .replace(/ {3,}/g, '  ')
    .replace(/ +$/gm, '');
}

/** Resolves after `ms`. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
