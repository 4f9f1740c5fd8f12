import { isUtf8 } from 'node:buffer';
import { createRequire } from 'node:module';
import { Recording } from '../client/recording.ts';
import { isEventStreamAnswer } from '../client/response.ts';
import type { SseStream } from '../client/stream.ts';
import type { SseRecording } from './format.ts';
import { chunkBytes, recordingOf } from './record.ts';

/** A HAR 1.2 log (http://www.softwareishard.com/blog/har-12-spec/) of one stream: one entry. */
export interface SseHar {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    pages: [];
    entries: [HarEntry];
  };
}

type NameValue = { name: string; value: string };

/** The entry of a stream: request, first response, timings, and every event as Chrome lists them. */
export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: [];
    headers: NameValue[];
    queryString: NameValue[];
    postData?: { mimeType: string; text: string };
    headersSize: -1;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: [];
    headers: NameValue[];
    content: { size: number; mimeType: string; text: string; encoding?: 'base64' };
    redirectURL: string;
    headersSize: -1;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  _resourceType: 'eventsource';
  /** Chrome DevTools' own shape: `time` in seconds since the epoch, `eventName`, `eventId`, `data`. */
  _eventSourceMessages: { time: number; eventName: string; eventId: string; data: string }[];
}

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * A stream (as it is now) or a recording as a HAR 1.2 log with one entry, so it opens in the tools
 * that read HAR (browser DevTools, HAR viewers): the request, the first connection's response with
 * the whole body (every connection's, in order) as its content, timings, and each event in
 * `_eventSourceMessages` as Chrome DevTools writes them (`time` in seconds since the epoch,
 * `eventName`, `eventId`, `data`). Secrets are redacted as in the recording.
 *
 * @example
 * await writeFile('chat.har', JSON.stringify(toHar(stream)));
 */
export function toHar(streamOrRecording: SseStream | SseRecording): SseHar {
  const recording = recordingOf(streamOrRecording);
  const { request, connections } = recording;
  const started = Date.parse(recording.recordedAt);
  const first = connections[0];
  const body = Buffer.concat(connections.flatMap((connection) => connection.chunks.map(chunkBytes)));
  const end = Math.max(0, ...connections.map((c) => c.end ?? c.chunks.at(-1)?.at ?? c.at));
  const wait = first?.at ?? end;
  const requestBody = request.body;
  const entry: HarEntry = {
    startedDateTime: recording.recordedAt,
    time: end,
    request: {
      method: request.method,
      url: request.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: pairs(request.headers),
      queryString: queryOf(request.url),
      ...(requestBody !== undefined && {
        postData: { mimeType: request.headers['content-type'] ?? '', text: requestBody },
      }),
      headersSize: -1,
      bodySize: requestBody === undefined ? 0 : Buffer.byteLength(requestBody),
    },
    response: {
      status: first?.status ?? 0,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: pairs(first?.headers ?? {}),
      content: {
        size: body.length,
        mimeType: first?.headers['content-type'] ?? 'x-unknown',
        ...(isUtf8(body)
          ? { text: body.toString('utf8') }
          : { text: body.toString('base64'), encoding: 'base64' }),
      },
      redirectURL: '',
      headersSize: -1,
      bodySize: body.length,
    },
    cache: {},
    timings: { send: 0, wait, receive: Math.max(0, end - wait) },
    _resourceType: 'eventsource',
    _eventSourceMessages: messagesOf(recording).map((event) => ({
      time: (started + event.time) / 1000,
      eventName: event.type,
      eventId: event.id,
      data: event.data,
    })),
  };
  return { log: { version: '1.2', creator: { name: 'sse-test', version }, pages: [], entries: [entry] } };
}

/** The events of a recording's event-stream connections, parsed as the stream parsed them. */
function messagesOf(recording: SseRecording) {
  const lastEventId = recording.connections[0]?.lastEventId;
  const parsed = new Recording({ keepEvents: true, ...(lastEventId !== undefined && { lastEventId }) });
  for (const connection of recording.connections) {
    if (!isEventStreamAnswer(connection.status, connection.headers)) continue;
    parsed.connect(connection.at, connection.lastEventId);
    for (const chunk of connection.chunks) parsed.push(chunkBytes(chunk), chunk.at);
    parsed.endConnection();
  }
  return parsed.events;
}

function pairs(headers: Readonly<Record<string, string>>): NameValue[] {
  return Object.entries(headers).map(([name, value]) => ({ name, value }));
}

function queryOf(url: string): NameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}
