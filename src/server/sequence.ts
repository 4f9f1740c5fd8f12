/**
 * Runs async tasks one at a time, in call order; a task that arrives while nothing runs starts
 * synchronously, so an unhindered write reaches the socket before the caller's next line.
 *
 * @example
 * const sequence = new Sequence();
 * void sequence.run(async () => write('a'));
 * void sequence.run(async () => write('b')); // after 'a', even if 'a' waits
 */
export class Sequence {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  /** Starts `task` once every earlier task has settled; its result (or rejection) is returned. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#pending === 0 ? task() : this.#tail.then(task);
    this.#pending++;
    const settle = (): void => {
      this.#pending--;
    };
    // Handling the rejection here also keeps an ignored result from becoming an unhandled rejection.
    this.#tail = result.then(settle, settle);
    return result;
  }
}
