import { toBeEventStream } from './to-be-event-stream.ts';
import { toBeWellFormed } from './to-be-well-formed.ts';
import { toEnd } from './to-end.ts';
import { toHaveHeader } from './to-have-header.ts';
import { toHaveReceivedEvent } from './to-have-received-event.ts';
import { toHaveStatus } from './to-have-status.ts';
import { toKeepGapsBelow } from './to-keep-gaps-below.ts';
import { toMeetThresholds } from './to-meet-thresholds.ts';
import { toReceiveEvent } from './to-receive-event.ts';
import { toReceiveEvents } from './to-receive-events.ts';
import { toReceiveFirstEventWithin } from './to-receive-first-event-within.ts';
import { toReconnect } from './to-reconnect.ts';
import { toStayOpen } from './to-stay-open.ts';
import { toStreamIncrementally } from './to-stream-incrementally.ts';

/** Every sse-test matcher, free of runner code: register with `expect.extend(sseMatchers)`. */
export const sseMatchers = {
  toReceiveEvent,
  toReceiveEvents,
  toHaveReceivedEvent,
  toHaveStatus,
  toHaveHeader,
  toBeEventStream,
  toReceiveFirstEventWithin,
  toKeepGapsBelow,
  toEnd,
  toStayOpen,
  toReconnect,
  toStreamIncrementally,
  toBeWellFormed,
  toMeetThresholds,
};
