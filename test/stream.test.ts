import { describe, expect, it } from 'vitest';
import { open, type SseEvent } from '../src/index.ts';
import { startServer } from './support/server.ts';

describe('reading a stream', () => {
  it('next() returns events that arrived before it was called, then waits for new ones', async () => {
    const server = await startServer();
    server.route('/ticks', async (sse) => {
      await sse.send('a');
      await sse.send('b');
      await sse.sleep(50);
      await sse.send('c');
    });
    const stream = await open(`${server.url}/ticks`);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await stream.next()).data).toBe('a');
    expect((await stream.next()).data).toBe('b');
    expect((await stream.next({ within: 2_000 })).data).toBe('c');
    await expect(stream.next()).rejects.toMatchObject({
      type: 'stream-stopped',
      message: `No more events: the stream from ${server.url}/ticks is ended after 3 events.`,
    });
  });

  it('next({ within }) rejects with timeout and leaves the cursor where it was', async () => {
    const server = await startServer();
    server.route('/late', async (sse) => {
      await sse.sleep(150);
      await sse.send('late');
    });
    const stream = await open(`${server.url}/late`);
    await expect(stream.next({ within: 30 })).rejects.toMatchObject({
      type: 'timeout',
      message: `No event from ${server.url}/late within 30 ms (0 events received so far, stream open).`,
    });
    expect((await stream.next({ within: 2_000 })).data).toBe('late');
    await stream.close();
  });

  it('iterates with for await until the server ends the stream', async () => {
    const server = await startServer();
    server.route('/three', async (sse) => {
      for (const n of [1, 2, 3]) await sse.send({ id: String(n), data: { n } });
    });
    const seen: SseEvent[] = [];
    for await (const event of await open(`${server.url}/three`)) seen.push(event);
    expect(seen.map((e) => e.json())).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(seen.map((e) => e.id)).toEqual(['1', '2', '3']);
  });

  it('iteration throws the error of a stream that broke', async () => {
    const server = await startServer();
    server.route('/reset', async (sse) => {
      await sse.send('one');
      await sse.sleep(20);
      sse.destroy();
    });
    const stream = await open(`${server.url}/reset`);
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const event of stream) seen.push(event.data);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['one']);
    expect(failure).toMatchObject({ type: 'stream-error' });
    expect(stream.state).toBe('errored');
    expect(stream.error?.message).toMatch(new RegExp(`^The stream from ${server.url}/reset broke: `));
  });

  it('cut() closes mid-body after every byte written: nothing sent is lost, the stream breaks', async () => {
    const server = await startServer();
    server.route('/cut', async (sse) => {
      void sse.send('one');
      void sse.send('two');
      await sse.cut();
      expect(sse.closed).toBe(true);
      expect(await sse.send('three')).toBe(false);
    });
    // No pause between the writes and the cut: a reset there loses bytes now and then, a cut never.
    for (let round = 0; round < 10; round++) {
      const stream = await open(`${server.url}/cut`);
      expect(await stream.closed).toBe('errored');
      expect(stream.error?.message).toMatch(/broke: other side closed/);
      expect(stream.events.map((event) => event.data)).toEqual(['one', 'two']);
    }
  });

  it('close() is idempotent, settles closed and stops the server side', async () => {
    const server = await startServer();
    let serverSawClose: (() => void) | undefined;
    const closedOnServer = new Promise<void>((resolve) => {
      serverSawClose = resolve;
    });
    server.route('/forever', async (sse) => {
      sse.signal.addEventListener('abort', () => serverSawClose?.());
      await sse.sleep(60_000);
    });
    const stream = await open(`${server.url}/forever`);
    await Promise.all([stream.close(), stream.close()]);
    expect(stream.state).toBe('closed');
    expect(await stream.closed).toBe('closed');
    await closedOnServer;
    await stream.close();
  });

  it('await using closes the stream at the end of the block', async () => {
    const server = await startServer();
    server.route('/forever', (sse) => sse.sleep(60_000));
    let kept: Awaited<ReturnType<typeof open>> | undefined;
    {
      await using stream = await open(`${server.url}/forever`);
      kept = stream;
      expect(stream.state).toBe('open');
    }
    expect(kept.state).toBe('closed');
  });

  it('keeps a BOM in the recorded text of the connection that sent it, and only that one', async () => {
    const server = await startServer();
    server.route('/bom', async (sse) => {
      if (server.requests.length === 1) return sse.writeRaw('\uFEFFdata: a\n\n');
      if (server.requests.length === 2) return sse.writeRaw('data: b\n\n');
      return sse.respond(204);
    });
    const stream = await open(`${server.url}/bom`, { reconnect: { delay: 5 } });
    expect(await stream.closed).toBe('ended');
    expect(stream.events.map((event) => event.data)).toEqual(['a', 'b']);
    expect(stream.recording.rawText().map((chunks) => chunks.join(''))).toEqual([
      '\uFEFFdata: a\n\n',
      'data: b\n\n',
    ]);
  });

  it("record: 'timing' counts events and their times but keeps no data", async () => {
    const server = await startServer();
    server.route('/many', async (sse) => {
      for (let n = 0; n < 5; n++) await sse.send(`event ${n}`);
    });
    const stream = await open(`${server.url}/many`, { record: 'timing' });
    await stream.closed;
    expect(stream.events).toEqual([]);
    expect(stream.eventCount).toBe(5);
    expect(stream.recording.times).toHaveLength(5);
    expect(stream.timing.firstEvent).toBe(stream.recording.times[0]);
    await expect(stream.next()).rejects.toMatchObject({ type: 'not-recorded' });
  });

  it('errors with event-too-large when one event outgrows maxEventSize', async () => {
    const server = await startServer();
    server.route('/huge', async (sse) => {
      await sse.send('small');
      await sse.writeRaw(`data: ${'x'.repeat(5_000)}`);
      await sse.sleep(60_000);
    });
    const stream = await open(`${server.url}/huge`, { maxEventSize: 1_000 });
    expect(await stream.closed).toBe('errored');
    expect(stream.events.map((e) => e.data)).toEqual(['small']);
    expect(stream.error).toMatchObject({ type: 'event-too-large' });
    expect(stream.error?.message).toBe(
      `An event from ${server.url}/huge has more than maxEventSize (1000 bytes) of data, after 1 event. Raise maxEventSize if such events are expected.`,
    );
  });

  it('shows no event from beyond an oversized one that came in the same chunk', async () => {
    const server = await startServer();
    server.route('/huge', (sse) =>
      sse.writeRaw(`data: small\n\ndata: ${'x'.repeat(5_000)}\n\ndata: after\n\n`),
    );
    const stream = await open(`${server.url}/huge`, { maxEventSize: 1_000 });
    expect(await stream.closed).toBe('errored');
    expect(stream.eventCount).toBe(1);
    expect(stream.events.map((e) => e.data)).toEqual(['small']);
  });

  it('json() names the event and quotes the data around the parse failure', async () => {
    const server = await startServer();
    server.route('/bad', (sse) => sse.send({ event: 'delta', data: '{"text": "hi",}' }));
    const stream = await open(`${server.url}/bad`);
    const event = await stream.next({ within: 2_000 });
    expect(() => event.json()).toThrow(
      /^Event #0 \(delta\) data is not JSON: .*Received data: "\{\\"text\\": \\"hi\\",\}"$/,
    );
  });
});

describe('timing', () => {
  it('orders headers <= first byte <= first event <= end and stamps each event when it arrived', async () => {
    const server = await startServer();
    server.route('/paced', async (sse) => {
      await sse.send('early');
      await sse.sleep(120);
      await sse.send('late');
    });
    const stream = await open(`${server.url}/paced`);
    await stream.closed;
    const { headers, firstByte, firstEvent, end } = stream.timing;
    expect(headers).toBeGreaterThan(0);
    expect(firstByte).toBeGreaterThanOrEqual(headers as number);
    expect(firstEvent).toBe(stream.events[0]?.time);
    expect(firstEvent).toBeGreaterThanOrEqual(firstByte as number);
    expect(end).toBeGreaterThanOrEqual(stream.events[1]?.time as number);
    const gap = (stream.events[1]?.time as number) - (stream.events[0]?.time as number);
    // A generous window: the server slept 120 ms between the two events.
    expect(gap).toBeGreaterThan(100);
    expect(gap).toBeLessThan(2_000);
    expect(stream.timing.connections).toBe(1);
  });
});
