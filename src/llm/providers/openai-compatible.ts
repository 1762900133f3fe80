import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { LlmError, type ChatModel, type ChatRequest, type ChatResponse } from '../chat-model.js';

export interface OpenAiCompatibleOptions {
  apiKey?: string;
  /** Any OpenAI-compatible server: OpenAI, Azure OpenAI, Ollama, vLLM, LM Studio. */
  baseURL?: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
}

function classify(error: unknown): LlmError {
  if (error instanceof LlmError) return error;
  if (error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError) {
    return new LlmError('timeout', 'the language model did not answer in time', { cause: error });
  }
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    const kind = status === 0 || status === 429 || status >= 500 ? 'unavailable' : 'rejected';
    return new LlmError(kind, `the language model answered ${status || 'no status'}: ${error.message}`, { cause: error });
  }
  return new LlmError('unavailable', `the language model could not be reached: ${String(error)}`, { cause: error });
}

/** The `openai` SDK pointed at any compatible endpoint; its own retries use exponential backoff. */
export class OpenAiCompatibleChatModel implements ChatModel {
  readonly id: string;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiCompatibleOptions) {
    this.id = `openai-compatible:${options.model}`;
    this.client = new OpenAI({
      // Local servers (Ollama, vLLM) need no key, but the SDK insists on one.
      apiKey: options.apiKey ?? 'not-needed',
      baseURL: options.baseURL,
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries,
    });
  }

  private params(request: ChatRequest) {
    return {
      model: this.options.model,
      messages: request.messages,
      temperature: request.temperature ?? 0.2,
      ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
      ...(request.json ? { response_format: { type: 'json_object' as const } } : {}),
    };
  }

  private signal(request: ChatRequest): AbortSignal {
    const budget = AbortSignal.timeout(request.timeoutMs ?? this.options.timeoutMs);
    return request.signal ? AbortSignal.any([budget, request.signal]) : budget;
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    try {
      const completion = await this.client.chat.completions.create(this.params(request), { signal: this.signal(request) });
      const choice = completion.choices[0];
      if (!choice || typeof choice.message?.content !== 'string') {
        throw new LlmError('bad_response', 'the language model returned no message content');
      }
      return {
        text: choice.message.content,
        model: completion.model,
        finishReason: choice.finish_reason ?? null,
        usage: completion.usage ? { promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens } : null,
      };
    } catch (error) {
      throw classify(error);
    }
  }

  async *stream(request: ChatRequest): AsyncIterable<string> {
    try {
      const stream = await this.client.chat.completions.create({ ...this.params(request), stream: true }, { signal: this.signal(request) });
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta?.content;
        if (delta) yield delta;
        const finished = chunk.choices[0]?.finish_reason;
        if (finished) request.onFinish?.(finished);
      }
    } catch (error) {
      throw classify(error);
    }
  }
}
