import { beforeEach, describe, expect, it } from 'vitest';
import { open } from '../../src/index.ts';
import { llm } from '../../src/llm.ts';
import type { SseServer } from '../../src/server.ts';
import { startServer } from '../support/server.ts';
import type { Message } from './streams.ts';
import * as streams from './streams.ts';

// llm(stream) over the providers' documented streams, served with a pause before each event so the
// timings have something to measure: every number is checked against the events' own times.
let server: SseServer;
beforeEach(async () => {
  server = await startServer();
});

async function served(messages: readonly Message[], pause = 5) {
  const path = `/s${Math.random().toString(36).slice(2)}`;
  server.route(path, async (sse) => {
    for (const { event, data } of messages) {
      await sse.sleep(pause);
      await sse.send(event === undefined ? { data } : { event, data });
    }
  });
  const stream = await open(`${server.url}${path}`);
  await stream.closed;
  return stream;
}

describe('llm(stream): the answer', () => {
  it('reads an OpenAI chat stream: text, finish reason, usage, the terminal [DONE]', async () => {
    const stream = await served(streams.openaiChatText);
    const answer = llm(stream);
    expect(answer.protocol?.name).toBe('openaiChat');
    expect(answer.text).toBe('Hello!');
    expect(answer.finishReason).toBe('stop');
    expect(answer.usage).toMatchObject({ inputTokens: 9, outputTokens: 12 });
    expect(answer.complete).toBe(true);
  });

  it('assembles tool calls from their deltas', async () => {
    const answer = llm(await served(streams.openaiChatTool));
    expect(answer.toolCalls).toHaveLength(1);
    const [call] = answer.toolCalls;
    expect(call?.name).toBeTruthy();
    expect(() => JSON.parse(call?.arguments ?? '')).not.toThrow();
    expect(answer.finishReason).toBe('tool_calls');
  });

  it('keeps Anthropic’s input tokens when message_delta reports only output tokens', async () => {
    const answer = llm(await served(streams.anthropicText), 'anthropic');
    expect(answer.text).toBe('Hello!');
    expect(answer.finishReason).toBe('end_turn');
    expect(answer.usage?.outputTokens).toBe(15);
    expect(answer.usage?.inputTokens).toBeGreaterThan(0);
  });

  it('reads reasoning apart from the answer', async () => {
    const answer = llm(await served(streams.anthropicTool));
    expect(answer.reasoning.length).toBeGreaterThan(0);
    expect(answer.text).not.toContain(answer.reasoning);
  });

  it('reads Gemini, whose stream has no terminal event but a finish reason', async () => {
    const answer = llm(await served(streams.geminiText));
    expect(answer.protocol?.name).toBe('gemini');
    expect(answer.finishReason).toBe('STOP');
    expect(answer.text.length).toBeGreaterThan(0);
  });

  it('is live: what it says grows with the stream, read only once per event', async () => {
    const path = '/live';
    let release = () => {};
    const rest = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.route(path, async (sse) => {
      const [role, hello, bang, ...tail] = streams.openaiChatText;
      for (const message of [role, hello]) await sse.send({ data: message?.data });
      await rest;
      for (const message of [bang, ...tail]) await sse.send({ data: message?.data });
    });
    const stream = await open(`${server.url}${path}`);
    await expect.poll(() => llm(stream).text).toBe('Hello');
    expect(llm(stream).finishReason).toBeUndefined();
    expect(llm(stream)).toBe(llm(stream));
    release();
    await stream.closed;
    expect(llm(stream).text).toBe('Hello!');
  });

  it('says which protocols it knows when given another name', async () => {
    const stream = await served(streams.openaiChatText);
    expect(() => llm(stream, 'cohere' as never)).toThrow(
      "Unknown LLM protocol \"cohere\"; sse-test knows 'openaiResponses', 'anthropic', 'openaiChat', 'gemini', or pass a protocol object.",
    );
  });
});

describe('llm(stream): the timings, as docs/llm.md defines them', () => {
  it('times the first token by trigger: any event, content, answer', async () => {
    const stream = await served(streams.anthropicTool);
    const times = stream.events.map((event) => event.time);
    const any = llm(stream, undefined, { trigger: 'any' }).timeToFirstToken;
    const content = llm(stream, undefined, { trigger: 'content' }).timeToFirstToken;
    const answer = llm(stream).timeToFirstToken;
    expect(any).toBe(times[0]);
    // message_start and content_block_start carry nothing: thinking comes first, then the answer.
    expect(content).toBeGreaterThan(any as number);
    expect(answer).toBeGreaterThan(content as number);
  });

  it('measures gaps between content events, and TPOT over usage tokens or chunks', async () => {
    const stream = await served(streams.openaiChatText, 15);
    const answer = llm(stream);
    const [hello, bang] = [stream.events[1]?.time as number, stream.events[2]?.time as number];
    // Role chunk, finish chunk, usage chunk and [DONE] carry no content.
    expect(answer.interChunkGaps).toEqual([bang - hello]);
    expect(answer.outputTokens).toEqual({ count: 12, from: 'usage' });
    expect(answer.timePerOutputToken).toBeCloseTo((bang - hello) / 11, 6);
    expect(answer.endToEnd).toBe(stream.events.at(-1)?.time);
    expect(answer.timeToFirstToken).toBe(hello);
  });

  it('counts chunks when the stream sent no usage, and says so', async () => {
    const withoutUsage = streams.openaiChatText.filter(
      (message) => !JSON.stringify(message.data).includes('"usage":{'),
    );
    const stream = await served(withoutUsage, 15);
    const answer = llm(stream);
    expect(answer.usage).toBeUndefined();
    expect(answer.outputTokens).toEqual({ count: 2, from: 'chunks' });
    expect(answer.timePerOutputToken).toBeCloseTo(
      (stream.events[2]?.time as number) - (stream.events[1]?.time as number),
      6,
    );
  });

  it('ends a Gemini stream at the stream’s end, having no terminal event', async () => {
    const stream = await served(streams.geminiText);
    expect(llm(stream).endToEnd).toBe(stream.timing.end);
  });
});
