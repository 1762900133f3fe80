import { RedactionSession, endsInPartialPlaceholder } from '../text/redact.js';
import type { ChatModel, ChatRequest, ChatResponse } from './chat-model.js';

/**
 * The one door text goes through on its way to a language model: every message of every
 * request (reply, summary, intent) has personal data replaced by placeholders before it
 * leaves, and the model's answer gets the customer's own values back. Outermost decorator,
 * so nothing reaches a provider (or its logs) unredacted.
 */
export class RedactingChatModel implements ChatModel {
  readonly id: string;

  constructor(private readonly inner: ChatModel) {
    this.id = inner.id;
  }

  private redacted(request: ChatRequest): { request: ChatRequest; session: RedactionSession } {
    const session = new RedactionSession();
    const messages = request.messages.map((message) => ({ ...message, content: session.redact(message.content) }));
    return { request: { ...request, messages }, session };
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    const { request: safe, session } = this.redacted(request);
    const response = await this.inner.complete(safe);
    return { ...response, text: session.restore(response.text) };
  }

  async *stream(request: ChatRequest): AsyncIterable<string> {
    const { request: safe, session } = this.redacted(request);
    // A placeholder can arrive split over deltas ("[PHO", "NE_1]"): hold the tail until it closes.
    let pending = '';
    for await (const delta of this.inner.stream(safe)) {
      pending += delta;
      const cut = endsInPartialPlaceholder(pending) ? pending.lastIndexOf('[') : pending.length;
      if (cut > 0) {
        yield session.restore(pending.slice(0, cut));
        pending = pending.slice(cut);
      }
    }
    if (pending) yield session.restore(pending);
  }
}
