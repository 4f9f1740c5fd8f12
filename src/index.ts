export { SseError, type SseErrorContext, type SseErrorType } from './errors.ts';
export { SseEvent } from './event.ts';
export { open } from './open.ts';
export type { SseOpenOptions } from './request.ts';
export { SseStream, type SseStreamState } from './stream.ts';
export type { SseTiming } from './timing.ts';
export type { Dispatcher } from './transport.ts';
