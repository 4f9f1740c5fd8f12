import type { SseWriter } from '../../src/server.ts';

/** One `delta` event block of exactly `size` bytes on the wire (ASCII), numbered `n`. */
export function block(n: number, size: number): string {
  const head = `event: delta\nid: ${n}\ndata: {"n":${n},"pad":"`;
  const tail = '"}\n\n';
  const pad = size - head.length - tail.length;
  if (pad < 0)
    throw new RangeError(
      `an event block needs at least ${head.length + tail.length} bytes; asked for ${size}`,
    );
  return `${head}${'x'.repeat(pad)}${tail}`;
}

/** Writes `count` blocks of `size` bytes, `every` ms apart, then ends (or stops when the client goes). */
export async function paced(sse: SseWriter, count: number, size: number, every: number): Promise<void> {
  await sse.flush();
  for (let n = 0; n < count && !sse.closed; n++) {
    if (n > 0) await sse.sleep(every);
    await sse.writeRaw(block(n, size));
  }
}
