export { renderChart } from './load/chart.ts';
export type { LoadClient } from './load/client.ts';
export { Counter, type CounterJSON, type CounterOptions } from './load/counter.ts';
export type {
  CounterSummary,
  Metric,
  MetricJSON,
  MetricSummary,
  RateSummary,
  SummaryOptions,
  TrendSummary,
} from './load/metric.ts';
export { LoadMetrics, type LoadMetricsJSON } from './load/metrics.ts';
export { Rate, type RateJSON } from './load/rate.ts';
export type { SamplesJSON } from './load/samples.ts';
export type { ParsedThreshold, Threshold, ThresholdOperator, Thresholds } from './load/threshold-parse.ts';
export type { ThresholdResult } from './load/thresholds.ts';
export { Trend, type TrendJSON, type TrendOptions } from './load/trend.ts';
