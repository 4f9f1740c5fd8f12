import { SseError } from './sse-error.ts';

/** `llm()` or a matcher was given a protocol name sse-test does not know. */
export function unknownProtocol(name: string, known: readonly string[]): SseError {
  return new SseError(
    'invalid-option',
    `Unknown LLM protocol ${JSON.stringify(name)}; sse-test knows ${known.map((k) => `'${k}'`).join(', ')}, or pass a protocol object.`,
  );
}
