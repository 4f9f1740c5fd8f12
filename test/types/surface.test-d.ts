import type {
  EndOptions,
  GapOptions,
  IncrementalOptions,
  LoadContext,
  LoadReport,
  LoadReportJSON,
  ReceiveOptions,
  ReconnectOptions,
  SseClient,
  SseLoadOptions,
  SseMatchers,
  SseStream,
  SseStreamState,
  SseTiming,
  SseTranscript,
  StayOpenOptions,
} from 'sse-test';
import type {
  LoadClient,
  LoadMetrics,
  LoadMetricsJSON,
  MetricSummary,
  ThresholdResult,
  Thresholds,
  Trend,
} from 'sse-test/load';
import type { SseFixtures as PlaywrightFixtures } from 'sse-test/playwright';
import type { SseFixtures as VitestFixtures } from 'sse-test/vitest';
import { expectTypeOf } from 'vitest';

// Each type a public signature uses can be named by a user, from the entry they import anyway.
// (test/surface.test.ts checks the same for every declaration of the shipped .d.ts.)
expectTypeOf<LoadContext['sse']>().toEqualTypeOf<LoadClient>();
expectTypeOf<LoadContext['metrics']>().toEqualTypeOf<LoadMetrics>();
expectTypeOf<ReturnType<LoadMetrics['trend']>>().toEqualTypeOf<Trend>();
expectTypeOf<ReturnType<LoadMetrics['summary']>>().toEqualTypeOf<Record<string, MetricSummary>>();
expectTypeOf<LoadReport['metrics']>().toEqualTypeOf<LoadMetrics>();
expectTypeOf<ReturnType<LoadReport['judge']>>().toEqualTypeOf<ThresholdResult[]>();
expectTypeOf<LoadReport['thresholds']>().toEqualTypeOf<Thresholds | undefined>();
expectTypeOf<LoadReportJSON['metrics']>().toEqualTypeOf<LoadMetricsJSON>();
expectTypeOf<SseStream['state']>().toEqualTypeOf<SseStreamState>();
expectTypeOf<SseStream['timing']>().toEqualTypeOf<SseTiming>();
expectTypeOf<Parameters<SseClient['load']>[0]>().toEqualTypeOf<SseLoadOptions>();
expectTypeOf<ReturnType<SseClient['transcripts']>>().toEqualTypeOf<SseTranscript[]>();
expectTypeOf<Parameters<SseMatchers['toEnd']>[0]>().toEqualTypeOf<EndOptions | undefined>();
expectTypeOf<Parameters<SseMatchers['toStayOpen']>[0]>().toEqualTypeOf<StayOpenOptions | undefined>();
expectTypeOf<Parameters<SseMatchers['toReconnect']>[0]>().toEqualTypeOf<ReconnectOptions | undefined>();
expectTypeOf<Parameters<SseMatchers['toKeepGapsBelow']>[1]>().toEqualTypeOf<GapOptions | undefined>();
expectTypeOf<Parameters<SseMatchers['toStreamIncrementally']>[0]>().toEqualTypeOf<
  IncrementalOptions | undefined
>();
expectTypeOf<Parameters<SseMatchers['toReceiveEvent']>[1]>().toEqualTypeOf<ReceiveOptions | undefined>();
// One type for the sseOptions fixture in both runners.
expectTypeOf<PlaywrightFixtures['sseOptions']>().toEqualTypeOf<VitestFixtures['sseOptions']>();
