import type { ServerResponse } from 'node:http';
import type { HeaderValue } from './writer.ts';

/** A response body ready to send, with the content type its shape implies (if any). */
export interface EncodedBody {
  readonly bytes: Uint8Array;
  readonly contentType: string | undefined;
}

/**
 * Encodes a `respond()` body: a string as UTF-8 text, bytes as they are, anything else as JSON.
 *
 * @example
 * encodeBody({ error: 'x' }).contentType; // 'application/json; charset=utf-8'
 */
function encodeBody(body: string | Uint8Array | object | undefined): EncodedBody {
  if (body === undefined) return { bytes: new Uint8Array(0), contentType: undefined };
  if (typeof body === 'string') return { bytes: Buffer.from(body), contentType: 'text/plain; charset=utf-8' };
  if (body instanceof Uint8Array) return { bytes: body, contentType: 'application/octet-stream' };
  return { bytes: Buffer.from(JSON.stringify(body)), contentType: 'application/json; charset=utf-8' };
}

/**
 * Sends a complete response and ends it; its content type replaces the one set before, other headers
 * already set (such as the user's own) stay.
 *
 * @param res - A response whose headers are not sent yet.
 * @param status - The status code.
 * @param body - The body; see {@link encodeBody}.
 * @param headers - Extra headers; a `content-type` here wins over the body's.
 *
 * @example
 * reply(res, 404, 'no route for GET /x');
 */
export function reply(
  res: ServerResponse,
  status: number,
  body?: string | Uint8Array | object,
  headers: Readonly<Record<string, HeaderValue>> = {},
): void {
  const encoded = encodeBody(body);
  res.statusCode = status;
  res.removeHeader('content-type');
  if (encoded.contentType !== undefined) res.setHeader('content-type', encoded.contentType);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  // RFC 9110: no Content-Length on 1xx and 204 answers; a 304 repeats the resource's, which has none here.
  if (status >= 200 && status !== 204 && status !== 304)
    res.setHeader('content-length', encoded.bytes.length);
  res.end(encoded.bytes);
}
