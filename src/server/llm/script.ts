import type { LlmUsage } from '../../llm/protocol.ts';
import type { RecordedRequest } from '../request.ts';

/** A tool call the scripted model makes. */
export interface LlmScriptToolCall {
  /** The function's name. */
  name: string;
  /**
   * Its arguments: an object (sent as JSON) or JSON text, streamed in pieces of 8 characters
   * (Gemini sends them whole, as an object).
   */
  arguments: object | string;
  /** The call's id; default a fresh one in the provider's style (`call_…`, `toolu_…`; Gemini: none). */
  id?: string | undefined;
}

/**
 * How the scripted model fails. With `status`: an HTTP error with the provider's JSON error body,
 * before any event. Without: the error comes in the stream, as the provider reports one there
 * (OpenAI chat an `{ error }` chunk and no `[DONE]`, Responses `response.failed`, Anthropic an
 * `error` event, Gemini a chunk holding only `error`), and the stream ends.
 *
 * @example
 * sse.llm('anthropic', { error: { status: 529 } }); // 529, error.type 'overloaded_error'
 * sse.llm('openaiChat', { text: 'Once upon a time', error: { after: 2 } }); // 'Once', ' upon', error
 */
export interface LlmScriptError {
  /** Answer this HTTP status (429, 529, ...) instead of streaming; not with `after`. */
  status?: number | undefined;
  /**
   * The provider's word for the error (Anthropic's `error.type`, OpenAI's `type` and `code`,
   * Gemini's `status`); default from `status` (`'rate_limit_error'`, `'rate_limit_exceeded'`,
   * `'RESOURCE_EXHAUSTED'`...), and in a stream `'overloaded_error'`, `'server_error'`, `'INTERNAL'`.
   */
  type?: string | undefined;
  /** The error's message; default `'The scripted model failed: <type>.'`. */
  message?: string | undefined;
  /**
   * In a stream: how many pieces go out before the error takes the next one's place (and its
   * delay); default all, so the error replaces the closing events.
   */
  after?: number | undefined;
}

/**
 * What `sse.llm()` answers. A piece is the unit of streaming: one event carrying a word of text or
 * reasoning, or a piece of a tool call's arguments (Gemini: a whole call). Each counts as one output
 * token unless `usage` says otherwise. Reasoning comes first, then the text, then the tool calls.
 *
 * @example
 * await sse.llm('openaiResponses', {
 *   reasoning: 'The user wants a greeting.',
 *   text: 'Hello there!',
 *   firstTokenDelay: 300,
 *   tokenDelay: 20,
 *   usage: { inputTokens: 12 },
 * });
 */
export interface LlmScript {
  /**
   * The answer, cut into words, each with the whitespace before it (`'Hello big world'` streams as
   * `'Hello'`, `' big'`, `' world'`); default `''`.
   */
  text?: string | undefined;
  /** The answer's pieces as given, instead of `text` (`''` sends a chunk with empty content). */
  chunks?: readonly string[] | undefined;
  /**
   * Reasoning ("thinking") text, cut like `text`: Anthropic's thinking block, Responses' reasoning
   * summary, Gemini's `thought: true` parts. OpenAI chat has no standard field, so there it is only
   * counted, in `completion_tokens_details.reasoning_tokens`.
   */
  reasoning?: string | undefined;
  /** Tool calls, after the text; they change the default finish reason where the provider does. */
  toolCalls?: readonly LlmScriptToolCall[] | undefined;
  /** Milliseconds before the first piece; default `0`. The opening events go out at once. */
  firstTokenDelay?: number | undefined;
  /** Milliseconds before each later piece; default `0`. */
  tokenDelay?: number | undefined;
  /**
   * Token counts to report; default `inputTokens` 0, `outputTokens` the number of pieces,
   * `reasoningTokens` the reasoning pieces, `totalTokens` input + output. OpenAI chat sends its usage
   * chunk when the request asks (`stream_options.include_usage`) or `usage` is given here.
   */
  usage?: LlmUsage | undefined;
  /**
   * Why generation stopped, in the provider's words; default `'stop'` (`'tool_calls'` after tool
   * calls) for OpenAI chat, `'completed'` for Responses (its terminal status: `'incomplete'` sends
   * `response.incomplete`), `'end_turn'` (`'tool_use'`) for Anthropic, `'STOP'` for Gemini.
   */
  finishReason?: string | undefined;
  /** Fail instead of finishing; see {@link LlmScriptError}. */
  error?: LlmScriptError | undefined;
  /**
   * The model name reported; default the request body's `model` (Gemini: the one in the path), else
   * `'scripted-model'`.
   */
  model?: string | undefined;
  /** The answer's id (`chatcmpl-…`, `resp_…`, `msg_…`, Gemini's `responseId`); default a fresh one. */
  id?: string | undefined;
}

/** A tool call ready to stream. */
export interface ScriptedToolCall {
  readonly name: string;
  readonly id: string | undefined;
  /** The arguments' JSON text. */
  readonly arguments: string;
  readonly pieces: readonly string[];
}

/** A script checked, cut into pieces and counted: what every provider streams from. */
export interface Script {
  readonly text: readonly string[];
  readonly reasoning: readonly string[];
  readonly toolCalls: readonly ScriptedToolCall[];
  readonly firstTokenDelay: number;
  readonly tokenDelay: number;
  readonly usage: {
    readonly inputTokens: number;
    readonly outputTokens: number;
    readonly reasoningTokens: number | undefined;
    readonly totalTokens: number;
  };
  /** Whether `usage` was given (OpenAI chat then sends its usage chunk unasked). */
  readonly usageGiven: boolean;
  readonly finishReason: string | undefined;
  readonly error: (LlmScriptError & { readonly after: number }) | undefined;
  readonly model: string;
  readonly id: string | undefined;
  /** The request's JSON body, or undefined. */
  readonly body: Record<string, unknown> | undefined;
}

const argumentPiece = 8;

/**
 * Cuts text into words, each with the whitespace before it; trailing whitespace stays with the last
 * word, so the pieces always join back to the text.
 *
 * @example
 * splitWords('Hello big world'); // ['Hello', ' big', ' world']
 */
export function splitWords(text: string): string[] {
  return text.match(/\s*\S+(?:\s+$)?/g) ?? (text === '' ? [] : [text]);
}

/**
 * Checks `sse.llm()` options and resolves what does not depend on the provider.
 *
 * @throws {TypeError | RangeError} On misuse, naming the option.
 */
export function resolveScript(options: LlmScript, request: RecordedRequest): Script {
  if (options.text !== undefined && options.chunks !== undefined) {
    throw new TypeError('llm(): pass text or chunks, not both.');
  }
  const text = options.chunks !== undefined ? [...options.chunks] : splitWords(options.text ?? '');
  const reasoning = splitWords(options.reasoning ?? '');
  const toolCalls = (options.toolCalls ?? []).map(toolCall);
  const counted =
    text.length + reasoning.length + toolCalls.reduce((sum, call) => sum + call.pieces.length, 0);
  const inputTokens = options.usage?.inputTokens ?? 0;
  const outputTokens = options.usage?.outputTokens ?? counted;
  const body = jsonBody(request.body);
  return {
    text,
    reasoning,
    toolCalls,
    firstTokenDelay: milliseconds('firstTokenDelay', options.firstTokenDelay),
    tokenDelay: milliseconds('tokenDelay', options.tokenDelay),
    usage: {
      inputTokens,
      outputTokens,
      reasoningTokens:
        options.usage?.reasoningTokens ?? (reasoning.length > 0 ? reasoning.length : undefined),
      totalTokens: options.usage?.totalTokens ?? inputTokens + outputTokens,
    },
    usageGiven: options.usage !== undefined,
    finishReason: options.finishReason,
    error: scriptError(options.error),
    model: options.model ?? modelOf(body, request.path),
    id: options.id,
    body,
  };
}

function toolCall(call: LlmScriptToolCall, index: number): ScriptedToolCall {
  let json: string;
  if (typeof call.arguments === 'string') {
    try {
      JSON.parse(call.arguments);
    } catch {
      throw new TypeError(`llm(): toolCalls[${index}].arguments is not JSON text; pass an object or JSON.`);
    }
    json = call.arguments;
  } else {
    json = JSON.stringify(call.arguments);
  }
  const points = Array.from(json);
  const pieces: string[] = [];
  for (let at = 0; at < points.length; at += argumentPiece) {
    pieces.push(points.slice(at, at + argumentPiece).join(''));
  }
  return { name: call.name, id: call.id, arguments: json, pieces };
}

function milliseconds(name: string, value: number | undefined): number {
  if (value === undefined) return 0;
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`llm(): ${name} must be 0 or more ms, got ${value}.`);
  return value;
}

function scriptError(error: LlmScriptError | undefined): Script['error'] {
  if (error === undefined) return undefined;
  if (error.status !== undefined && error.after !== undefined) {
    throw new TypeError(
      'llm(): error.status answers before streaming, error.after fails mid-stream; pass one.',
    );
  }
  const after = error.after ?? Number.POSITIVE_INFINITY;
  if (!(after >= 0)) throw new RangeError(`llm(): error.after must be 0 or more pieces, got ${error.after}.`);
  return { ...error, after };
}

function jsonBody(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function modelOf(body: Record<string, unknown> | undefined, path: string): string {
  if (typeof body?.model === 'string') return body.model;
  // Gemini names the model in the path: /v1beta/models/{model}:streamGenerateContent.
  return /\/models\/([^/:]+):/.exec(path)?.[1] ?? 'scripted-model';
}
