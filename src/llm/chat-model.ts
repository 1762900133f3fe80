/**
 * One interface for every language model provider, in the manner of the Vercel AI SDK:
 * the reply stage, the intent classifier and the summariser depend on this, never on a
 * vendor SDK. Each provider is a small file under `providers/`.
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  /** Ask for a JSON object reply where the server supports it. */
  json?: boolean;
  /** Overall budget for this call, retries included. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Streaming: told why the model stopped (`length`: cut at `maxTokens`, mid-sentence perhaps). */
  onFinish?: (reason: string) => void;
}

export interface ChatResponse {
  text: string;
  model: string;
  finishReason: string | null;
  usage: { promptTokens: number; completionTokens: number } | null;
}

export interface ChatModel {
  /** Provider and model, e.g. `openai-compatible:gpt-4o-mini`, for logs, /readyz and outcomes. */
  readonly id: string;
  complete(request: ChatRequest): Promise<ChatResponse>;
  /** Yields text deltas as they arrive, for channels that can show partial replies. */
  stream(request: ChatRequest): AsyncIterable<string>;
}

export type LlmErrorKind = 'timeout' | 'unavailable' | 'rejected' | 'bad_response' | 'circuit_open';

/** Every provider failure, classified so callers can choose between retrying and falling back. */
export class LlmError extends Error {
  override readonly name = 'LlmError';
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
