export { SseEvent } from './client/event.ts';
export { open } from './client/open.ts';
export type { SseOpenOptions } from './client/options.ts';
export { SseStream, type SseStreamState } from './client/stream.ts';
export type { SseTiming } from './client/timing.ts';
export type { Dispatcher } from './client/transport.ts';
export { SseError, type SseErrorContext, type SseErrorType } from './errors/sse-error.ts';
export type { ContractViolation, StreamContract } from './llm/protocol.ts';
export { LoadReport, type LoadReportJSON, type LoadRun } from './load/report.ts';
export { type LoadContext, type LoadOptions, load } from './load/runner.ts';
export type { SseMatcherContext } from './matchers/context.ts';
export type { DataExpectation, StandardSchema } from './matchers/data.ts';
export type { EventExpectation } from './matchers/expectation.ts';
export { sseMatchers } from './matchers/index.ts';
export type { LlmMatcherOptions } from './matchers/llm-stream.ts';
export type { MatcherResult } from './matchers/receiver.ts';
export type { AsymmetricMatcher, TextExpectation } from './matchers/text.ts';
export type { EndOptions } from './matchers/to-end.ts';
export type { FollowOptions } from './matchers/to-follow-protocol.ts';
export type { HeaderExpectation } from './matchers/to-have-header.ts';
export type { GapOptions } from './matchers/to-keep-gaps-below.ts';
export type { StreamSnapshotOptions } from './matchers/to-match-stream-snapshot.ts';
export type { ReceiveOptions } from './matchers/to-receive-event.ts';
export type { ReceiveEventsOptions } from './matchers/to-receive-events.ts';
export type { FirstTokenOptions } from './matchers/to-receive-first-token-within.ts';
export type { ReconnectOptions } from './matchers/to-reconnect.ts';
export type { StayOpenOptions } from './matchers/to-stay-open.ts';
export type { IncrementalOptions } from './matchers/to-stream-incrementally.ts';
export type { SseMatcherReceivers, SseMatchers } from './matchers/types.ts';
export { loadRecording, type SaveRecordingOptions, saveRecording } from './record/files.ts';
export type {
  RecordedChunk,
  RecordedConnection,
  RecordedRequestHead,
  SseRecording,
} from './record/format.ts';
export { type HarEntry, type SseHar, toHar } from './record/har.ts';
export {
  createSseClient,
  type SseClient,
  type SseClientOptions,
  type SseLoadOptions,
  type SseTranscript,
  type StepRunner,
} from './runners/client.ts';
export type { SnapshotTiming } from './snapshot/format.ts';
export type { SnapshotMask } from './snapshot/mask.ts';
