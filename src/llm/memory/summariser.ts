import type { ConversationSummary, Language } from '../../domain/types.js';
import type { ChatModel } from '../chat-model.js';
import { asDataLine } from '../prompt/untrusted-text.js';
import type { Templates } from '../templates.js';
import { memoryText, speakerOf, type MemoryPlan } from './conversation-memory.js';
import type { TokenCounter } from './token-counter.js';

/** Folds older turns into the conversation's running summary with one model call. */
export class ConversationSummariser {
  constructor(
    private readonly model: ChatModel,
    private readonly templates: Templates,
    private readonly counter: TokenCounter,
    private readonly summaryTokens: number,
  ) {}

  async summarise(fold: NonNullable<MemoryPlan['fold']>, language: Language, options: { timeoutMs: number; signal?: AbortSignal }): Promise<ConversationSummary> {
    const turns = fold.messages.map((m) => `${speakerOf(m)}: ${asDataLine(memoryText(m))}`).join('\n');
    const prompt = this.templates.render('llm/summary', language, {
      summary: fold.previous ? asDataLine(fold.previous) : '',
      turns,
    });
    const response = await this.model.complete({
      messages: [{ role: 'user', content: prompt }],
      temperature: 0,
      maxTokens: this.summaryTokens,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    });
    const text = this.counter.truncate(response.text.replace(/\s+/g, ' ').trim(), this.summaryTokens);
    return { text, throughMessageId: fold.throughMessageId };
  }
}
