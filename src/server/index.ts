export { formatComment, formatEvent, type SseEventInit, type SseMessage } from './format.ts';
export type { RecordedRequest } from './request.ts';
export type { RouteHandler, RouteOptions } from './router.ts';
export { createSseServer, type SseServer, type SseServerOptions } from './server.ts';
export type { ChunkingOptions, HeaderValue, SseWriter } from './writer.ts';
