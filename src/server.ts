export type { LlmProtocolName, LlmUsage } from './llm/protocol.ts';
export type {
  RecordedChunk,
  RecordedConnection,
  RecordedRequestHead,
  SseRecording,
} from './record/format.ts';
export { formatComment, formatEvent, type SseEventInit, type SseMessage } from './server/format.ts';
export type { LlmScript, LlmScriptError, LlmScriptToolCall } from './server/llm/script.ts';
export type { SseReplayOptions } from './server/replay.ts';
export type { RecordedRequest } from './server/request.ts';
export type { RouteHandler, RouteOptions } from './server/router.ts';
export { createSseServer, type SseServer, type SseServerOptions } from './server/server.ts';
export type { ChunkingOptions, HeaderValue, SseWriter } from './server/writer.ts';
