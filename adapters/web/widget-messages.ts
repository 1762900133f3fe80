import type { Conversation, StoredMessage } from '../../src/domain/types.js';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import type { Templates } from '../../src/llm/templates.js';
import type { ChannelContext } from '../channel-adapter.js';
import type { HandoffStatus, WidgetCitation, WidgetMessage } from './widget/protocol.js';

const excerptLength = 420;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The "Source: …" line the reply templates end an answer with, as patterns built from the
 * templates themselves: the widget lists sources as expandable citations instead.
 */
function sourceLinePatterns(templates: Templates): RegExp[] {
  const patterns: RegExp[] = [];
  for (const language of ['en', 'zh'] as const) {
    const answer = templates.render('replies/answer', language, { answer: '\u0000', citations: '\u0001' });
    const quoted = templates.render('replies/answer-from-passage', language, { passage: '\u0000', citation: '\u0001' });
    for (const rendered of [answer, quoted]) {
      const suffix = rendered.split('\u0000')[1];
      if (suffix?.includes('\u0001')) patterns.push(new RegExp(`${escapeRegExp(suffix).replace('\u0001', '[^\\n]+')}$`));
    }
  }
  return patterns;
}

/** Turns stored messages into what the widget shows. */
export class WidgetMessages {
  private readonly sourceLines: RegExp[];
  private excerpts: { version: string | null; bySection: Map<string, string> } = { version: null, bySection: new Map() };

  constructor(
    private readonly knowledge: KnowledgeBase,
    templates: Templates,
  ) {
    this.sourceLines = sourceLinePatterns(templates);
  }

  private excerpt(source: string, section: string | undefined, language: string | null): string | undefined {
    if (this.excerpts.version !== this.knowledge.version) {
      const bySection = new Map<string, string>();
      for (const chunk of this.knowledge.chunks()) {
        // A section's first chunk, per language and in any language (a section split by size starts there).
        const key = `${chunk.source}\u0000${chunk.section ?? ''}`;
        if (!bySection.has(`${key}\u0000${chunk.language}`)) bySection.set(`${key}\u0000${chunk.language}`, chunk.text);
        if (!bySection.has(key)) bySection.set(key, chunk.text);
      }
      this.excerpts = { version: this.knowledge.version, bySection };
    }
    const key = `${source}\u0000${section ?? ''}`;
    const text = this.excerpts.bySection.get(`${key}\u0000${language}`) ?? this.excerpts.bySection.get(key);
    if (!text) return undefined;
    return text.length > excerptLength ? `${text.slice(0, excerptLength).trimEnd()}…` : text;
  }

  toWidget(message: StoredMessage): WidgetMessage {
    const meta = message.meta ?? {};
    const author = message.author === 'bot' && meta.kind === 'handoff_notice' ? 'system' : message.author;
    const stored = Array.isArray(meta.citations) ? (meta.citations as Array<{ source: string; section?: string }>) : [];
    const citations: WidgetCitation[] = stored.map(({ source, section }) => {
      const excerpt = this.excerpt(source, section, message.language);
      return { source, ...(section ? { section } : {}), ...(excerpt ? { excerpt } : {}) };
    });
    let text = message.text;
    if (citations.length > 0) {
      const pattern = this.sourceLines.find((p) => p.test(text));
      if (pattern) text = text.replace(pattern, '').trimEnd();
    }
    return {
      id: message.id,
      author,
      ...(author === 'staff' && typeof meta.staffName === 'string' ? { authorName: meta.staffName } : {}),
      text,
      ...(citations.length > 0 ? { citations } : {}),
      at: message.createdAt.toISOString(),
    };
  }
}

/** Who has the conversation, as the widget says it; "unstaffed" when nobody could answer here (no staff desk). */
export async function handoffStatus(channel: Pick<ChannelContext<unknown>, 'store' | 'handoff'>, conversation: Conversation | null): Promise<HandoffStatus> {
  const { store } = channel;
  if (!conversation) return { state: 'bot' };
  if (conversation.state === 'escalated') return (await channel.handoff.staffDeskAvailable()) ? { state: 'waiting' } : { state: 'unstaffed' };
  if (conversation.state !== 'human') return { state: 'bot' };
  const escalation = await store.escalations.open(conversation.id);
  return escalation?.assigneeName ? { state: 'with_staff', staffName: escalation.assigneeName } : { state: 'with_staff' };
}
