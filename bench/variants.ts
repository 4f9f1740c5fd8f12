import { TextDecoder } from 'node:util';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { request } from 'undici';
import { open, SseEvent, sseMatchers } from '../src/index.ts';

/**
 * `ours`: sse-test's `open()` (default `record: 'events'`), recording without reading; `ours-timing`:
 * the same with `record: 'timing'` (a diagnostic: what recording costs); `ours-for-await`,
 * `ours-next`, `ours-matcher`: ours with a reader taking every event, as users do, through
 * `for await`, a `next()` loop or `toReceiveEvent` in a loop; `floor`: bare `undici.request` +
 * eventsource-parser calling back per event;
 * `floor-record`: the floor keeping an `SseEvent` per event as ours does (a diagnostic: what any
 * recording client pays); `node-http`: `http.get` + the same parser.
 */
export type Variant =
  | 'ours'
  | 'ours-timing'
  | 'ours-for-await'
  | 'ours-next'
  | 'ours-matcher'
  | 'floor'
  | 'floor-record'
  | 'node-http';

/** How an `ours-*` reader takes each event. */
type Reader = 'for-await' | 'next' | 'matcher';

/** One open stream, whichever client opened it. */
export interface Handle {
  /** Resolves once at least one event has been received. */
  firstEvent(): Promise<void>;
  /** Resolves once the body has ended (or broken). */
  ended(): Promise<void>;
  /** Events received so far. */
  count(): number;
  /** Stops the stream; resolves once the client let go of it. */
  close(): Promise<void>;
}

/** Called per event only where a scenario needs each event (the latency probe). */
export type OnEvent = (data: string) => void;

/** Opens a stream; resolves once its response headers have arrived. */
export function openStream(variant: Variant, url: string, onEvent?: OnEvent): Promise<Handle> {
  if (variant === 'ours') return openOurs(url, 'events', onEvent);
  if (variant === 'ours-timing') return openOurs(url, 'timing', onEvent);
  if (variant === 'ours-for-await') return openReader(url, 'for-await');
  if (variant === 'ours-next') return openReader(url, 'next');
  if (variant === 'ours-matcher') return openReader(url, 'matcher');
  if (variant === 'floor') return openFloor(url, onEvent, false);
  if (variant === 'floor-record') return openFloor(url, onEvent, true);
  return openNodeHttp(url, onEvent);
}

async function openOurs(url: string, record: 'events' | 'timing', onEvent?: OnEvent): Promise<Handle> {
  const stream = await open(url, record === 'events' ? {} : { record });
  if (onEvent) {
    void (async () => {
      for await (const event of stream) onEvent(event.data);
    })().catch(() => {});
  }
  return {
    firstEvent: async () => {
      if (stream.eventCount > 0) return;
      if (record === 'events') await stream.next({ within: 60_000 });
      else throw new Error("firstEvent() needs record: 'events'");
    },
    ended: async () => {
      await stream.closed;
    },
    count: () => stream.eventCount,
    close: () => stream.close(),
  };
}

/**
 * Ours with a reader that takes every event as it comes and looks at its data, the way a test does;
 * `ended()` resolves once the reader has taken the last one.
 */
async function openReader(url: string, reader: Reader): Promise<Handle> {
  const stream = await open(url);
  let read = 0;
  let first!: () => void;
  const firstEvent = new Promise<void>((resolve) => {
    first = resolve;
  });
  let sink = 0;
  const loop = (async () => {
    if (reader === 'for-await') {
      for await (const event of stream) {
        sink += event.data.length;
        if (read++ === 0) first();
      }
    } else if (reader === 'next') {
      while (true) {
        const event = await stream.next().catch(() => undefined);
        if (!event) break;
        sink += event.data.length;
        if (read++ === 0) first();
      }
    } else {
      const context = { isNot: false, promise: '' };
      while (true) {
        const result = await sseMatchers.toReceiveEvent.call(context, stream, 'message', undefined, {
          within: 60_000,
        });
        if (!result.pass) break;
        if (read++ === 0) first();
      }
    }
  })();
  return {
    firstEvent: () => firstEvent,
    ended: async () => {
      await loop;
      if (sink < 0) throw new Error('unreachable');
    },
    count: () => read,
    close: () => stream.close(),
  };
}

/** TextDecoder + eventsource-parser, counting events and resolving `first` on the first one. */
function countingParser(onEvent: OnEvent | undefined, keep?: (message: EventSourceMessage) => void) {
  let count = 0;
  let resolveFirst!: () => void;
  const first = new Promise<void>((resolve) => {
    resolveFirst = resolve;
  });
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const parser = createParser({
    onEvent: (message) => {
      if (count++ === 0) resolveFirst();
      keep?.(message);
      onEvent?.(message.data);
    },
  });
  return {
    feed: (chunk: Uint8Array) => parser.feed(decoder.decode(chunk, { stream: true })),
    first,
    count: () => count,
  };
}

async function openFloor(url: string, onEvent: OnEvent | undefined, record: boolean): Promise<Handle> {
  const start = performance.now();
  const controller = new AbortController();
  const { body } = await request(url, {
    signal: controller.signal,
    headers: { accept: 'text/event-stream' },
  });
  const events: SseEvent[] = [];
  let arrival = 0;
  const keep = (message: EventSourceMessage) =>
    events.push(
      new SseEvent(message.event ?? 'message', message.data, '', undefined, events.length, arrival),
    );
  const parser = countingParser(onEvent, record ? keep : undefined);
  const loop = (async () => {
    for await (const chunk of body) {
      if (record) arrival = performance.now() - start;
      parser.feed(chunk);
    }
  })().catch(() => {});
  return {
    firstEvent: () => parser.first,
    ended: () => loop,
    count: parser.count,
    close: () => {
      controller.abort();
      return loop;
    },
  };
}

// Loaded only by the node-http variant: importing node:http installs Node's bundled undici as the
// global dispatcher before the undici package can install its own, and the floor must be undici 8.
let http: Promise<{ get: typeof import('node:http').get; agent: import('node:http').Agent }> | undefined;

async function openNodeHttp(url: string, onEvent?: OnEvent): Promise<Handle> {
  http ??= import('node:http').then(({ Agent, get }) => ({
    get,
    agent: new Agent({ maxSockets: Number.POSITIVE_INFINITY }),
  }));
  const { get, agent } = await http;
  return new Promise((resolve, reject) => {
    const req = get(url, { agent, headers: { accept: 'text/event-stream' } }, (res) => {
      const parser = countingParser(onEvent);
      const ended = new Promise<void>((done) => res.once('close', done));
      res.on('data', parser.feed);
      res.on('error', () => {});
      resolve({
        firstEvent: () => parser.first,
        ended: () => ended,
        count: parser.count,
        close: () => {
          req.destroy();
          return ended;
        },
      });
    });
    req.on('error', reject);
  });
}
