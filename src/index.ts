export { SseEvent } from './client/event.ts';
export { open } from './client/open.ts';
export type { SseOpenOptions } from './client/options.ts';
export { SseStream, type SseStreamState } from './client/stream.ts';
export type { SseTiming } from './client/timing.ts';
export type { Dispatcher } from './client/transport.ts';
export { SseError, type SseErrorContext, type SseErrorType } from './errors/sse-error.ts';
export { renderChart } from './load/chart.ts';
export { Counter } from './load/counter.ts';
export type { MetricSummary } from './load/metric.ts';
export { LoadMetrics } from './load/metrics.ts';
export { Rate } from './load/rate.ts';
export { LoadReport, type LoadReportJSON, type LoadRun } from './load/report.ts';
export { type LoadContext, type LoadOptions, load } from './load/runner.ts';
export type { Threshold, Thresholds } from './load/threshold-parse.ts';
export { evaluateThresholds, type ThresholdResult } from './load/thresholds.ts';
export { Trend } from './load/trend.ts';
export type { DataExpectation } from './matchers/data.ts';
export type { EventExpectation, TextExpectation } from './matchers/expectation.ts';
export { sseMatchers } from './matchers/index.ts';
export type { ReceiveOptions } from './matchers/to-receive-event.ts';
export type { ReceiveEventsOptions } from './matchers/to-receive-events.ts';
export type { SseMatchers } from './matchers/types.ts';
export {
  createSseClient,
  type SseClient,
  type SseClientOptions,
  type SseLoadOptions,
  type SseTranscript,
  type StepRunner,
} from './runners/client.ts';
