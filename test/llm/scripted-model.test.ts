import Anthropic from '@anthropic-ai/sdk';
import fc from 'fast-check';
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { open, type SseEvent } from '../../src/index.ts';
import { splitWords } from '../../src/server/llm/script.ts';
import { createSseServer, type LlmProtocolName, type LlmScript, type SseServer } from '../../src/server.ts';

// The scripted model read by the providers' own SDKs over loopback: if they accept it, so will the
// code people test with it.
let server: SseServer;
beforeEach(async () => {
  server = await createSseServer();
});
afterEach(() => server.close());

const paths: Record<LlmProtocolName, string> = {
  openaiChat: '/v1/chat/completions',
  openaiResponses: '/v1/responses',
  anthropic: '/v1/messages',
  gemini: '/v1beta/models/m:streamGenerateContent',
};

function serve(protocol: LlmProtocolName, script: LlmScript): void {
  server.route(paths[protocol], (sse) => sse.llm(protocol, script), { method: 'POST' });
}

const openai = () => new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test', maxRetries: 0 });
const anthropic = () => new Anthropic({ baseURL: server.url, apiKey: 'test', maxRetries: 0 });
const messages = [{ role: 'user' as const, content: 'Hi' }];

/** Our own client's view of a scripted stream, read to its end. */
async function raw(protocol: LlmProtocolName, body: object = {}): Promise<readonly SseEvent[]> {
  await using stream = await open(`${server.url}${paths[protocol]}?alt=sse`, { method: 'POST', json: body });
  expect(await stream.closed).toBe('ended');
  return stream.events;
}

describe('openaiChat, read by the openai SDK', () => {
  it('streams the text word by word, then finish_reason and the usage chunk asked for', async () => {
    serve('openaiChat', { text: 'Hello big world', usage: { inputTokens: 7 } });
    const stream = await openai().chat.completions.create({
      model: 'gpt-test',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const deltas = chunks.map((chunk) => chunk.choices[0]?.delta.content).filter((text) => text);
    expect(deltas).toEqual(['Hello', ' big', ' world']);
    expect(chunks[0]).toMatchObject({ object: 'chat.completion.chunk', model: 'gpt-test' });
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 },
    });
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  it('leaves the usage chunk out unless asked, and ends with [DONE]', async () => {
    serve('openaiChat', { chunks: ['a', '', 'b'] });
    const events = await raw('openaiChat', { model: 'm' });
    expect(events.at(-1)?.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => event.json<{ choices: unknown[]; usage?: unknown }>());
    expect(chunks.every((chunk) => chunk.choices.length === 1 && !('usage' in chunk))).toBe(true);
    expect(
      chunks.map((chunk) => (chunk.choices[0] as { delta: { content?: string } }).delta.content),
    ).toEqual(['', 'a', '', 'b', undefined]);
  });

  it('streams tool calls as tool_calls deltas the SDK assembles', async () => {
    serve('openaiChat', {
      toolCalls: [
        { name: 'weather', arguments: { city: 'Paris', unit: 'celsius' }, id: 'call_1' },
        { name: 'time', arguments: '{"zone":"CET"}' },
      ],
    });
    const completion = await openai().chat.completions.stream({ model: 'm', messages }).finalChatCompletion();
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.tool_calls).toMatchObject([
      {
        id: 'call_1',
        type: 'function',
        function: { name: 'weather', arguments: '{"city":"Paris","unit":"celsius"}' },
      },
      {
        id: expect.stringMatching(/^call_/),
        type: 'function',
        function: { name: 'time', arguments: '{"zone":"CET"}' },
      },
    ]);
  });

  it('answers a status error with OpenAI’s error body, which the SDK throws', async () => {
    serve('openaiChat', { error: { status: 429, message: 'Slow down' } });
    const failed = openai().chat.completions.create({ model: 'm', messages, stream: true });
    await expect(failed).rejects.toMatchObject({
      status: 429,
      message: expect.stringContaining('Slow down'),
      code: 'rate_limit_exceeded',
    });
    await expect(failed).rejects.toBeInstanceOf(OpenAI.RateLimitError);
  });

  it('fails mid-stream with an error chunk the SDK throws, after the pieces before it', async () => {
    serve('openaiChat', { text: 'one two three', error: { after: 2 } });
    const stream = await openai().chat.completions.create({ model: 'm', messages, stream: true });
    let text = '';
    const reading = (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })();
    await expect(reading).rejects.toMatchObject({ type: 'server_error' });
    await expect(reading).rejects.toBeInstanceOf(OpenAI.APIError);
    expect(text).toBe('one two');
  });
});

describe('openaiResponses, read by the openai SDK', () => {
  it('streams reasoning, text and a function call into the final response with usage', async () => {
    serve('openaiResponses', {
      reasoning: 'Think first',
      text: 'It is sunny.',
      toolCalls: [{ name: 'weather', arguments: { city: 'Paris' }, id: 'call_w' }],
      usage: { inputTokens: 5, outputTokens: 9, reasoningTokens: 2 },
    });
    const stream = openai().responses.stream({ model: 'gpt-test', input: 'Hi' });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
    const response = await stream.finalResponse();
    expect(deltas).toEqual(['It', ' is', ' sunny.']);
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe('It is sunny.');
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(response.output[0]).toMatchObject({ summary: [{ type: 'summary_text', text: 'Think first' }] });
    expect(response.output[2]).toMatchObject({
      name: 'weather',
      call_id: 'call_w',
      arguments: '{"city":"Paris"}',
    });
    expect(response.usage).toMatchObject({
      input_tokens: 5,
      output_tokens: 9,
      total_tokens: 14,
      output_tokens_details: { reasoning_tokens: 2 },
    });
  });

  it('names each event after its type, with sequence numbers counting up from 0', async () => {
    serve('openaiResponses', { text: 'a b', finishReason: 'incomplete' });
    const events = await raw('openaiResponses');
    const data = events.map((event) => event.json<{ type: string; sequence_number: number }>());
    expect(events.map((event) => event.type)).toEqual(data.map((item) => item.type));
    expect(data.map((item) => item.sequence_number)).toEqual(data.map((_, index) => index));
    expect(data[0]?.type).toBe('response.created');
    expect(data.at(-1)).toMatchObject({
      type: 'response.incomplete',
      response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
    });
  });

  it('fails mid-stream with response.failed, its error reported to the SDK', async () => {
    serve('openaiResponses', { text: 'a b c', error: { after: 1, message: 'Boom' } });
    const stream = await openai().responses.create({ model: 'm', input: 'Hi', stream: true });
    const types: string[] = [];
    let last: unknown;
    for await (const event of stream) {
      types.push(event.type);
      last = event;
    }
    expect(types.filter((type) => type === 'response.output_text.delta')).toHaveLength(1);
    expect(last).toMatchObject({
      type: 'response.failed',
      response: { status: 'failed', error: { code: 'server_error', message: 'Boom' } },
    });
  });
});

describe('anthropic, read by the @anthropic-ai/sdk', () => {
  it('streams thinking, text and a tool_use block into the final message', async () => {
    serve('anthropic', {
      reasoning: 'Let me see',
      text: 'Checking the weather.',
      toolCalls: [{ name: 'weather', arguments: { city: 'Paris' } }],
      usage: { inputTokens: 11 },
    });
    const stream = anthropic().messages.stream({ model: 'claude-test', max_tokens: 100, messages });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const message = await stream.finalMessage();
    expect(texts).toEqual(['Checking', ' the', ' weather.']);
    expect(message.model).toBe('claude-test');
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toMatchObject([
      { type: 'thinking', thinking: 'Let me see', signature: expect.any(String) },
      { type: 'text', text: 'Checking the weather.' },
      { type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'weather', input: { city: 'Paris' } },
    ]);
    // 3 thinking + 3 text words, and '{"city":"Paris"}' in two 8-character pieces.
    expect(message.usage).toMatchObject({ input_tokens: 11, output_tokens: 8 });
  });

  it('names each event after its type and ends with message_stop', async () => {
    serve('anthropic', { text: 'Hi', finishReason: 'max_tokens' });
    const events = await raw('anthropic');
    expect(events.map((event) => event.type)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events.every((event) => event.json<{ type: string }>().type === event.type)).toBe(true);
    expect(events[5]?.json()).toMatchObject({
      delta: { stop_reason: 'max_tokens' },
      usage: { output_tokens: 1 },
    });
  });

  it('answers a status error with Anthropic’s error body, which the SDK throws', async () => {
    serve('anthropic', { error: { status: 529 } });
    const failed = anthropic().messages.create({ model: 'm', max_tokens: 10, messages, stream: true });
    await expect(failed).rejects.toMatchObject({
      status: 529,
      error: { type: 'error', error: { type: 'overloaded_error' } },
    });
    await expect(failed).rejects.toBeInstanceOf(Anthropic.APIError);
  });

  it('fails mid-stream with an error event the SDK throws', async () => {
    serve('anthropic', { text: 'one two three', error: { after: 1, message: 'Overloaded' } });
    const stream = anthropic().messages.stream({ model: 'm', max_tokens: 10, messages });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    await expect(stream.finalMessage()).rejects.toMatchObject({
      error: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    });
    expect(texts).toEqual(['one']);
  });
});

describe('gemini, read by our own client', () => {
  it('sends data-only events, each a full response, the last with finishReason and usage', async () => {
    serve('gemini', {
      reasoning: 'Hmm',
      text: 'Bonjour tout le monde',
      toolCalls: [{ name: 'weather', arguments: '{"city":"Paris"}' }],
    });
    const events = await raw('gemini');
    expect(events.every((event) => event.type === 'message')).toBe(true);
    const responses = events.map((event) =>
      event.json<{ candidates: { content: { parts: object[]; role: string } }[]; modelVersion: string }>(),
    );
    for (const response of responses) {
      expect(response).toMatchObject({
        candidates: [{ content: { role: 'model' }, index: 0 }],
        modelVersion: 'm',
      });
    }
    expect(responses.map((response) => response.candidates[0]?.content.parts[0])).toEqual([
      { text: 'Hmm', thought: true },
      { text: 'Bonjour' },
      { text: ' tout' },
      { text: ' le' },
      { text: ' monde' },
      { functionCall: { name: 'weather', args: { city: 'Paris' } } },
      { text: '' },
    ]);
    expect(responses.at(-1)).toMatchObject({
      candidates: [{ finishReason: 'STOP' }],
      // 1 thought + 4 words + 2 argument pieces; candidates leave the thought out.
      usageMetadata: {
        promptTokenCount: 0,
        candidatesTokenCount: 6,
        thoughtsTokenCount: 1,
        totalTokenCount: 7,
      },
    });
    expect(responses.slice(0, -1).some((response) => 'usageMetadata' in response)).toBe(false);
  });

  it('answers errors with google.rpc status bodies, before or inside the stream', async () => {
    serve('gemini', { error: { status: 429 } });
    const refused = await fetch(`${server.url}${paths.gemini}?alt=sse`, { method: 'POST' });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED' } });
    serve('gemini', { text: 'a b', error: { after: 1, type: 'UNAVAILABLE' } });
    const events = await raw('gemini');
    expect(events).toHaveLength(2);
    expect(events[1]?.json()).toEqual({
      error: { code: 503, status: 'UNAVAILABLE', message: 'The scripted model failed: UNAVAILABLE.' },
    });
  });
});

describe('timing and lifecycle', () => {
  it('holds the first piece back for firstTokenDelay and spaces the rest by tokenDelay', async () => {
    serve('anthropic', { text: 'a b c', firstTokenDelay: 150, tokenDelay: 40 });
    const events = await raw('anthropic');
    const deltas = events.filter((event) => event.type === 'content_block_delta');
    const start = events[0]?.time ?? 0;
    expect(start).toBeLessThan(deltas[0]?.time ?? 0);
    // Generous windows: timers never fire early, but a busy machine can make them late.
    expect((deltas[0]?.time ?? 0) - start).toBeGreaterThanOrEqual(140);
    expect((deltas[2]?.time ?? 0) - (deltas[0]?.time ?? 0)).toBeGreaterThanOrEqual(70);
  });

  it('stops writing when the client goes away', async () => {
    let finished!: (ms: number) => void;
    const done = new Promise<number>((resolve) => {
      finished = resolve;
    });
    server.route('/v1/chat/completions', async (sse) => {
      const started = performance.now();
      await sse.llm('openaiChat', { text: 'word '.repeat(200), tokenDelay: 50 });
      finished(performance.now() - started);
    });
    const stream = await open(`${server.url}/v1/chat/completions`, { method: 'POST' });
    await stream.next();
    await stream.next();
    await stream.close();
    // The whole answer would take 10 s.
    expect(await done).toBeLessThan(2_000);
  });

  it('refuses misuse at the call, naming the option', async () => {
    const reasons: string[] = [];
    server.route('/x', (sse) => {
      const calls = [
        () => sse.llm('openaiChat', { text: 'a', chunks: ['a'] }),
        () => sse.llm('nope' as LlmProtocolName),
        () => sse.llm('gemini', { toolCalls: [{ name: 'f', arguments: '{' }] }),
        () => sse.llm('anthropic', { tokenDelay: -1 }),
        () => sse.llm('anthropic', { error: { status: 500, after: 1 } }),
      ];
      for (const call of calls) {
        try {
          void call();
          reasons.push('returned');
        } catch (error) {
          reasons.push(String(error));
        }
      }
    });
    await fetch(`${server.url}/x`);
    expect(reasons).toEqual([
      'TypeError: llm(): pass text or chunks, not both.',
      "TypeError: llm(): unknown protocol \"nope\"; use one of 'openaiChat', 'openaiResponses', 'anthropic', 'gemini'.",
      'TypeError: llm(): toolCalls[0].arguments is not JSON text; pass an object or JSON.',
      'RangeError: llm(): tokenDelay must be 0 or more ms, got -1.',
      'TypeError: llm(): error.status answers before streaming, error.after fails mid-stream; pass one.',
    ]);
  });
});

describe('splitWords', () => {
  it('cuts before each word, keeping the whitespace, so the pieces join back to the text', () => {
    expect(splitWords(' Hello  big\nworld ')).toEqual([' Hello', '  big', '\nworld ']);
    expect(splitWords('   ')).toEqual(['   ']);
    expect(splitWords('')).toEqual([]);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'é', ' ', '\n', '\t', '😀') }), (text) => {
        const pieces = splitWords(text);
        expect(pieces.join('')).toBe(text);
        expect(pieces.slice(0, -1).every((piece) => /^\s*\S+$/.test(piece))).toBe(true);
      }),
    );
  });
});
