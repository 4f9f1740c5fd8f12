/**
 * What most often holds an event stream back between the server and the client, for the messages
 * of `open()`'s timeout and of the timing matchers: one phrase, so every message names the same fixes.
 */
export const BUFFERING_CAUSES =
  'a buffering proxy (nginx: proxy_buffering off, or the response header X-Accel-Buffering: no) or compression middleware that does not flush each event (compression: res.flush() after each write)';
