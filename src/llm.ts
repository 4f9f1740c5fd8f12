export { type ContractShape, type ContractSpec, streamContract } from './llm/contract.ts';
export type { JsonSchema } from './llm/json-schema.ts';
export { llm } from './llm/llm.ts';
export { type OpenApiContractOptions, type OpenApiMediaType, openApiContract } from './llm/openapi.ts';
export type { EventOrder, OrderFunction, OrderProblem } from './llm/order.ts';
export type {
  ContractViolation,
  LlmChunk,
  LlmProtocol,
  LlmProtocolName,
  LlmToolCallDelta,
  LlmUsage,
  StreamContract,
} from './llm/protocol.ts';
export {
  anthropic,
  detectProtocol,
  gemini,
  llmProtocols,
  openaiChat,
  openaiResponses,
} from './llm/protocols/index.ts';
export type { FirstTokenTrigger, LlmTokenCount, LlmToolCall, LlmView, LlmViewOptions } from './llm/view.ts';
