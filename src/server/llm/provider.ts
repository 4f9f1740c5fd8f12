import { randomUUID } from 'node:crypto';
import type { Script } from './script.ts';

/** One event block as a provider writes it: `data` that is not a string goes out as JSON. */
export interface WireEvent {
  readonly event?: string | undefined;
  readonly data: unknown;
}

/**
 * A step of an answer: an event, `'piece'` just before an event that carries one piece of content
 * (the delays and `error.after` count these), or `'finish'`, where the closing events start. The
 * marks come before their event, so an event is built only once it will be sent.
 */
export type Step = WireEvent | 'piece' | 'finish';

/** An error to report, its provider's type and message filled in. */
export interface ProviderError {
  /** The HTTP status for an error answered before streaming; undefined in a stream. */
  readonly status: number | undefined;
  readonly type: string;
  readonly message: string;
}

/** One answer under way: its steps, and what replaces the rest when it fails midway. */
export interface Answer {
  readonly steps: Iterable<Step>;
  /** The events that report `error` after the steps taken so far, ending the stream. */
  failure(error: ProviderError): WireEvent[];
}

/** How one provider streams: the answer's events and its way of reporting errors. */
export interface LlmProvider {
  answer(script: Script): Answer;
  /** The provider's word for an error with this HTTP status (undefined: one in a stream). */
  errorType(status: number | undefined): string;
  /** The JSON body of an HTTP error answer. */
  errorBody(error: ProviderError): object;
}

/**
 * An id in a provider's style: its prefix and 24 random hex digits.
 *
 * @example
 * freshId('msg_'); // 'msg_3f9a…'
 */
export function freshId(prefix: string): string {
  return `${prefix}${randomUUID().replaceAll('-', '').slice(0, 24)}`;
}
