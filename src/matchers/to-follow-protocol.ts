import type { SseEvent } from '../client/event.ts';
import type { SseStream } from '../client/stream.ts';
import { plural } from '../errors/messages.ts';
import { type ContractSpec, streamContract } from '../llm/contract.ts';
import type { ContractViolation, LlmProtocolName, StreamContract } from '../llm/protocol.ts';
import { detectProtocol, llmProtocols } from '../llm/protocols/index.ts';
import { now } from '../util/clock.ts';
import { TIMED_OUT, waitFor } from '../util/wait.ts';
import type { SseMatcherContext } from './context.ts';
import { showMs, stopped, whyBroke } from './moments.ts';
import { cut } from './print.ts';
import { eventsOf, type MatcherResult, printReceived } from './receiver.ts';
import { waiting } from './waiting.ts';

/** Options of {@link toFollowProtocol}. */
export interface FollowOptions {
  /** Deadline in ms for the stream to end. Default: the runner's expect timeout (Playwright), else 5,000 (Vitest). */
  within?: number;
}

type Outcome =
  | { kind: 'violation'; violation: ContractViolation }
  | { kind: 'followed' }
  | { kind: 'undetected' }
  | { kind: 'not-sse' };

// A check reads every event so far, so on a long stream it runs at most this often (and once more
// when the stream stops), on a tick of its own: a violation is still seen within this much time.
const RECHECK_MS = 50;

/**
 * Waits for the stream to end (within the deadline, like `toEnd`), checking the events against a
 * provider's protocol (`openaiChat`, `openaiResponses`, `anthropic`, `gemini` from `sse-test/llm`,
 * or their names) or any contract with `check()`: their order, every event's schema, and the
 * terminal event. Fails as soon as the events so far break it; the message names the first
 * violating event, the rule, and what was expected there. Without an argument, the protocol is
 * detected from the first event. The read cursor does not move.
 *
 * With `.not`, passes when the stream breaks the protocol (or is no event stream at all). A stream
 * still open at the deadline, or closed by the client, with no violation so far, proves nothing:
 * that fails either way.
 *
 * @param protocol - the protocol, a contract of your own (`{ events: { price: schema }, order?, end? }`,
 *   see `streamContract`), or anything with `check()`; default: detected from the first event.
 * @example
 * const stream = await sse.open('/v1/messages', { method: 'POST', json: request });
 * await expect(stream).toFollowProtocol(anthropic);
 * await expect(stream).toFollowProtocol(); // detected: says which in a failure
 */
export async function toFollowProtocol(
  this: SseMatcherContext,
  stream: SseStream,
  protocol?: StreamContract | LlmProtocolName | ContractSpec,
  options: FollowOptions = {},
): Promise<MatcherResult> {
  const { stream: sse, recording } = eventsOf(stream, 'toFollowProtocol');
  let contract = toContract(protocol);
  const detected = contract === undefined;
  let checkedCount = -1;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let final: Outcome | undefined;

  const verdict = (events: readonly SseEvent[]): Outcome | undefined => {
    if (sse.body !== undefined) return { kind: 'not-sse' };
    if (!contract) {
      if (events.length === 0) return sse.state === 'open' ? undefined : { kind: 'undetected' };
      contract = detectProtocol(events);
      if (!contract) return { kind: 'undetected' };
    }
    // A stream that broke is over too: a missing terminal event counts. One the client closed is not blamed.
    const over = sse.state === 'ended' || sse.state === 'errored';
    const violation = contract.check(events, over);
    if (violation) return { kind: 'violation', violation };
    return sse.state === 'open' ? undefined : { kind: 'followed' };
  };

  const check = (): Outcome | undefined => {
    const events = recording.events;
    const open = sse.state === 'open';
    if (open && (events.length === checkedCount || now() - checkedAt < RECHECK_MS)) return undefined;
    checkedCount = events.length;
    checkedAt = now();
    return verdict(events);
  };

  return waiting(this, sse, {
    matcher: 'toFollowProtocol',
    within: options.within,
    check,
    wait: (ms) => waitFor(ticking(sse), check, ms),
    pass: (result) => {
      // At the deadline the throttle may have skipped the last events: one more look decides.
      final = result === TIMED_OUT ? verdict(recording.events) : result;
      if (final?.kind === 'violation' || final?.kind === 'undetected' || final?.kind === 'not-sse')
        return false;
      // Still open, or closed by the client: no violation so far, and no end seen, proves nothing.
      return final === undefined || sse.state === 'closed' ? this.isNot === true : true;
    },
    print: ({ limit, cutShort }) => {
      const events = recording.events;
      const outcome = final;
      const name = contract?.name;
      const detection = detected && name ? ' (detected from the first event)' : '';
      const follows = name
        ? `${name}${detection}`
        : `one of ${llmProtocols.map((p) => p.name).join(', ')} (detected from the first event)`;
      const expected = `${this.isNot ? 'a stream that breaks' : 'a stream that follows'} ${follows}${this.isNot ? '' : ' to its end'}`;
      const violation = outcome?.kind === 'violation' ? outcome.violation : undefined;
      return {
        expectedArg: protocol === undefined ? '' : 'protocol',
        expected,
        received: describeOutcome(sse, events, outcome, {
          limit: limit.ms,
          cutShort,
        }),
        nearest:
          violation?.index === undefined
            ? undefined
            : { index: violation.index, reasons: [violation.rule], label: 'violation' },
      };
    },
  });
}

function toContract(
  protocol: StreamContract | LlmProtocolName | ContractSpec | undefined,
): StreamContract | undefined {
  if (protocol === undefined) return undefined;
  if (typeof protocol === 'string') {
    const known = llmProtocols.find((p) => p.name === protocol);
    if (known) return known;
  } else if (typeof (protocol as Partial<StreamContract> | null)?.check === 'function') {
    return protocol as StreamContract;
  } else if (typeof (protocol as Partial<ContractSpec> | null)?.events === 'object') {
    return streamContract(protocol as ContractSpec);
  }
  throw new TypeError(
    `toFollowProtocol() expects a protocol (${llmProtocols.map((p) => p.name).join(', ')}: the objects from sse-test/llm or their names), a contract { events: { type: schema }, order?, end? }, or anything with check(events, ended); received ${printReceived(protocol)}.`,
  );
}

/** The stream's wake-ups plus a tick, so a check skipped by the throttle runs again soon. */
function ticking(stream: SseStream): { subscribe(wake: () => void): () => void } {
  return {
    subscribe(wake) {
      const unsubscribe = stream.subscribe(wake);
      const timer = setInterval(wake, RECHECK_MS);
      timer.unref();
      return () => {
        unsubscribe();
        clearInterval(timer);
      };
    },
  };
}

function describeOutcome(
  sse: SseStream,
  events: readonly SseEvent[],
  outcome: Outcome | undefined,
  wait: { limit: number; cutShort: boolean },
): string {
  const broke = sse.state === 'errored' ? [`  stream:   broke: ${whyBroke(sse.error)}`] : [];
  switch (outcome?.kind) {
    case 'not-sse':
      return `not an event stream (${sse.status} ${sse.headers['content-type'] ?? 'with no content type'})`;
    case 'undetected': {
      const first = events[0];
      if (!first) return `no event to detect a protocol from; the stream ${stopped(sse)}`;
      return `no protocol matched the first event: #0 ${cut(first.type, 30)} ${cut(first.data, 80) || '""'}`;
    }
    case 'violation': {
      const { index, rule, expected, received } = outcome.violation;
      const event = index === undefined ? undefined : events[index];
      const head = event
        ? [
            `event #${event.index} breaks the rule: ${rule}`,
            `  event:    #${event.index} ${cut(event.type, 30)} ${cut(event.data, 100) || '""'}`,
          ]
        : [`the end of the stream breaks the rule: ${rule}`];
      return [
        ...head,
        `  expected: ${expected}`,
        ...(received ? [`  received: ${received}`] : []),
        ...broke,
      ].join('\n');
    }
    default: {
      const clean = `no violation in ${plural(events.length, 'event')}`;
      if (outcome?.kind === 'followed' && sse.state !== 'closed')
        return `${clean}; then the stream ${stopped(sse)}`;
      if (sse.state === 'closed') return `${clean}, but the stream ${stopped(sse)} before its end`;
      const short = wait.cutShort ? ', all the test had left: too short a window to tell' : '';
      return `${clean}, but the stream was still open after ${showMs(wait.limit)}${short}`;
    }
  }
}
