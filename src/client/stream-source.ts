/**
 * What feeds a stream (the network for `open()`; a page or a replay the same way): it calls the
 * stream's `opened`, `connected`, `received`, `disconnected` and `stop` as things happen, and gives
 * the stream these two hooks.
 */
export interface StreamSource {
  /** Lets go of the connection (socket, route); resolves once it is released. */
  release(): Promise<void>;
  /** The stream stopped: drop timers and listeners. */
  stopped(): void;
}
