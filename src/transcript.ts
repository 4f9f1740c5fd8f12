import { SseEvent } from './event.ts';
import type { Wakeable } from './wait.ts';

/**
 * What a stream has received, in order, with a read cursor for `next()` and the matchers. In `timing`
 * mode it keeps only arrival times, so a load of thousands of streams holds no event data.
 */
export class Transcript implements Wakeable {
  readonly events: SseEvent[] = [];
  /** Arrival time (ms since request start) of each event; kept separately only in timing mode. */
  readonly #times: number[] = [];
  /** Arrival time of each comment (`:` line), which counts as life for heartbeat checks. */
  readonly commentTimes: number[] = [];
  readonly keepEvents: boolean;
  count = 0;
  /** Index of the next event a reader will get. */
  cursor = 0;
  #listeners: Set<() => void> | undefined;

  constructor(keepEvents: boolean) {
    this.keepEvents = keepEvents;
  }

  add(type: string, data: string, id: string, retry: number | undefined, time: number): void {
    if (this.keepEvents) this.events.push(new SseEvent(type, data, id, retry, this.count, time));
    else this.#times.push(time);
    this.count++;
    if (this.#listeners) this.wake();
  }

  /** Arrival times of all events so far, in order. */
  get times(): readonly number[] {
    return this.keepEvents ? this.events.map((event) => event.time) : this.#times;
  }

  /** Tells every waiter to look again. */
  wake(): void {
    if (!this.#listeners) return;
    for (const listener of [...this.#listeners]) listener();
  }

  subscribe(listener: () => void): () => void {
    this.#listeners ??= new Set();
    this.#listeners.add(listener);
    return () => {
      this.#listeners?.delete(listener);
      if (this.#listeners?.size === 0) this.#listeners = undefined;
    };
  }
}
