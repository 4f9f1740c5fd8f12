import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { load, open } from '../../src/index.ts';
import { llm } from '../../src/llm.ts';
import { createSseServer, type LlmProtocolName, type SseServer } from '../../src/server.ts';
import '../../src/vitest-setup.ts';

// The two halves of sse-test/llm held to each other: what the scripted model writes, our protocols
// must accept and read back exactly (the SDK tests prove the providers' readers accept it too).
let server: SseServer;
beforeEach(async () => {
  server = await createSseServer();
});
afterEach(() => server.close());

const protocols: LlmProtocolName[] = ['openaiChat', 'openaiResponses', 'anthropic', 'gemini'];
const finish: Record<LlmProtocolName, string> = {
  openaiChat: 'stop',
  openaiResponses: 'completed',
  anthropic: 'end_turn',
  gemini: 'STOP',
};

describe.each(protocols)('%s: the scripted model, read by our protocol', (protocol) => {
  it('follows the protocol and reads back the text, the finish reason and the usage', async () => {
    server.route('/m', (sse) =>
      sse.llm(protocol, {
        text: 'Hello big world',
        tokenDelay: 10,
        usage: { inputTokens: 7, outputTokens: 3 },
      }),
    );
    const stream = await open(`${server.url}/m`, { method: 'POST', json: { stream: true } });
    await expect(stream).toFollowProtocol(protocol, { within: 5_000 });
    await expect(stream).toStreamText('Hello big world');
    await expect(stream).toFinishWith(finish[protocol]);
    await expect(stream).toReceiveFirstTokenWithin(5_000);
    const answer = llm(stream);
    expect(answer.protocol?.name).toBe(protocol);
    expect(answer.usage).toMatchObject({ inputTokens: 7, outputTokens: 3 });
    expect(answer.outputTokens).toEqual({ count: 3, from: 'usage' });
    expect(answer.interChunkGaps).toHaveLength(2);
    expect(answer.timePerOutputToken).toBeGreaterThan(0);
    expect(answer.complete).toBe(protocol !== 'gemini');
  });

  it('reads back tool calls with their arguments', async () => {
    const args = { city: 'Paris', units: 'metric' };
    server.route('/m', (sse) => sse.llm(protocol, { toolCalls: [{ name: 'weather', arguments: args }] }));
    const stream = await open(`${server.url}/m`, { method: 'POST', json: { stream: true } });
    await expect(stream).toFollowProtocol(protocol, { within: 5_000 });
    const [call] = llm(stream).toolCalls;
    expect(call?.name).toBe('weather');
    expect(JSON.parse(call?.arguments ?? '')).toEqual(args);
  });

  it('reads an in-band error as one, and the protocol still holds', async () => {
    server.route('/m', (sse) => sse.llm(protocol, { text: 'Hello big world', error: { after: 1 } }));
    const stream = await open(`${server.url}/m`, { method: 'POST', json: { stream: true } });
    await expect(stream).toFollowProtocol(protocol, { within: 5_000 });
    const answer = llm(stream);
    expect(answer.text).toBe('Hello');
    expect(answer.error?.message).toBeTruthy();
  });
});

describe('load({ protocol }): the LLM trends and goodput', () => {
  it('records each stream’s LLM metrics, and counts in goodput the runs that meet every LLM threshold', async () => {
    let served = 0;
    server.route('/m', (sse) =>
      // Every fifth answer starts late: those runs miss the TTFT threshold and count against goodput.
      sse.llm('openaiChat', {
        text: 'one two three four',
        firstTokenDelay: served++ % 5 === 4 ? 400 : 0,
        tokenDelay: 5,
      }),
    );
    const report = await load(
      {
        streams: 20,
        protocol: 'openaiChat',
        open: { baseURL: server.url },
        thresholds: { timeToFirstToken: ['max<300'], outputTokens: ['min>=4'] },
        progress: false,
      },
      async ({ sse }) => {
        const stream = await sse.open('/m', { method: 'POST', json: { stream: true } });
        await stream.closed;
      },
    );
    const { metrics } = report;
    expect(metrics.get('timeToFirstToken')).toMatchObject({ count: 20 });
    expect(metrics.get('outputTokens')).toMatchObject({ count: 20, min: 4, max: 4 });
    expect(metrics.get('interChunkGap')).toMatchObject({ count: 60 });
    expect(metrics.get('timePerOutputToken')).toMatchObject({ count: 20 });
    expect(metrics.get('outputTokensPerSecond')).toMatchObject({ count: 80 });
    expect(metrics.get('goodput')).toMatchObject({ rate: 16 / 20 });
    // The load's own threshold on the whole run fails: some runs were late.
    expect(report.passed).toBe(false);
  });
});
