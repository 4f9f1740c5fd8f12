import { toHaveReceivedEvent } from './to-have-received-event.ts';
import { toReceiveEvent } from './to-receive-event.ts';
import { toReceiveEvents } from './to-receive-events.ts';

/** Every sse-test matcher, free of runner code: register with `expect.extend(sseMatchers)`. */
export const sseMatchers = {
  toReceiveEvent,
  toReceiveEvents,
  toHaveReceivedEvent,
};
