import { toBeEventStream } from './to-be-event-stream.ts';
import { toBeWellFormed } from './to-be-well-formed.ts';
import { toEnd } from './to-end.ts';
import { toFinishWith } from './to-finish-with.ts';
import { toFollowProtocol } from './to-follow-protocol.ts';
import { toHaveHeader } from './to-have-header.ts';
import { toHaveReceivedEvent } from './to-have-received-event.ts';
import { toHaveStatus } from './to-have-status.ts';
import { toKeepGapsBelow } from './to-keep-gaps-below.ts';
import { toMatchStreamSnapshot } from './to-match-stream-snapshot.ts';
import { toMeetThresholds } from './to-meet-thresholds.ts';
import { toReceiveEvent } from './to-receive-event.ts';
import { toReceiveEvents } from './to-receive-events.ts';
import { toReceiveFirstEventWithin } from './to-receive-first-event-within.ts';
import { toReceiveFirstTokenWithin } from './to-receive-first-token-within.ts';
import { toReconnect } from './to-reconnect.ts';
import { toStayOpen } from './to-stay-open.ts';
import { toStreamIncrementally } from './to-stream-incrementally.ts';
import { toStreamText } from './to-stream-text.ts';

/**
 * Every sse-test matcher, free of runner code: register with `expect.extend(sseMatchers)`. The line
 * on each is what an editor shows on `expect(stream).toX`; the runners' typings are mapped from here
 * (see `SseMatchers`), so a matcher added here is typed everywhere.
 */
export const sseMatchers = {
  /** Waits for the first matching event after the read cursor; see {@link toReceiveEvent}. */
  toReceiveEvent,
  /** Waits for events matching each item, in order; see {@link toReceiveEvents}. */
  toReceiveEvents,
  /** Whether any event so far matches, now; see {@link toHaveReceivedEvent}. */
  toHaveReceivedEvent,
  /** The response status is `code`; see {@link toHaveStatus}. */
  toHaveStatus,
  /** The response has header `name` (any case), with a matching value if given; see {@link toHaveHeader}. */
  toHaveHeader,
  /** 200 with content type `text/event-stream`; see {@link toBeEventStream}. */
  toBeEventStream,
  /** The first event came within `ms` of the request; see {@link toReceiveFirstEventWithin}. */
  toReceiveFirstEventWithin,
  /** No silence longer than `ms` (events and comments count) for a window; see {@link toKeepGapsBelow}. */
  toKeepGapsBelow,
  /** Waits for the server to end the stream cleanly; see {@link toEnd}. */
  toEnd,
  /** The stream stays open for a window; see {@link toStayOpen}. */
  toStayOpen,
  /** Waits for a reconnection after the call; see {@link toReconnect}. */
  toReconnect,
  /** Events arrived in several bursts, not all at once; see {@link toStreamIncrementally}. */
  toStreamIncrementally,
  /** The raw text so far broke no rule of the format; see {@link toBeWellFormed}. */
  toBeWellFormed,
  /** Waits for the end; order and schemas follow an LLM protocol or contract; see {@link toFollowProtocol}. */
  toFollowProtocol,
  /** Every k6-style threshold holds on a load report; see {@link toMeetThresholds}. */
  toMeetThresholds,
  /** Waits for an LLM stream's answer text to be (or match) `expected`; see {@link toStreamText}. */
  toStreamText,
  /** Waits for an LLM stream's finish reason; see {@link toFinishWith}. */
  toFinishWith,
  /** An LLM stream's first token came within `ms` of the request; see {@link toReceiveFirstTokenWithin}. */
  toReceiveFirstTokenWithin,
  /** Waits for the end; the events match a `.sse.txt` snapshot file; see {@link toMatchStreamSnapshot}. */
  toMatchStreamSnapshot,
};
