import type { SseStream } from '../client/stream.ts';
import { llm } from '../llm/llm.ts';
import type { LlmProtocol, LlmProtocolName } from '../llm/protocol.ts';
import { LoadMetrics } from './metrics.ts';
import type { Thresholds } from './threshold-parse.ts';
import { evaluateThresholds } from './thresholds.ts';

/** The per-stream LLM trends `load({ protocol })` records; thresholds on them decide `goodput`. */
export const LLM_TRENDS = [
  'timeToFirstToken',
  'timePerOutputToken',
  'interChunkGap',
  'outputTokens',
] as const;

/** What a load run reads its LLM streams with. */
export interface LlmLoad {
  readonly protocol: LlmProtocol | LlmProtocolName;
  /** The load's thresholds on the LLM trends only: each run is judged on them for `goodput`. */
  readonly thresholds: Thresholds;
}

/** The load's thresholds that are on LLM trends, for judging each run on its own. */
export function llmThresholds(thresholds: Thresholds | undefined): Thresholds {
  const names = new Set<string>(LLM_TRENDS);
  return Object.fromEntries(Object.entries(thresholds ?? {}).filter(([name]) => names.has(name)));
}

/**
 * Records one stream's LLM metrics (see docs/llm.md) into `metrics`: the trends of
 * {@link LLM_TRENDS}, and `outputTokensPerSecond`, a counter of output tokens whose `rate` is the
 * load's token throughput.
 */
export function recordLlm(metrics: LoadMetrics, stream: SseStream, protocol: LlmLoad['protocol']): void {
  const view = llm(stream, protocol);
  if (view.timeToFirstToken !== undefined) metrics.trend('timeToFirstToken').record(view.timeToFirstToken);
  if (view.timePerOutputToken !== undefined)
    metrics.trend('timePerOutputToken').record(view.timePerOutputToken);
  for (const gap of view.interChunkGaps) metrics.trend('interChunkGap').record(gap);
  const { count } = view.outputTokens;
  metrics.trend('outputTokens', { unit: 'tokens' }).record(count);
  metrics.counter('outputTokensPerSecond', { unit: 'tokens' }).add(count);
}

/**
 * Whether one run was good: its body did not fail, it got a first token, and every LLM threshold of
 * the load holds on this run's own streams (a run that fails one counts against `goodput`).
 */
export function goodRun(streams: readonly SseStream[], load: LlmLoad, failed: boolean): boolean {
  if (failed) return false;
  const own = new LoadMetrics();
  for (const stream of streams) recordLlm(own, stream, load.protocol);
  if (own.get('timeToFirstToken') === undefined) return false;
  return evaluateThresholds(own, load.thresholds).every((result) => result.pass);
}
