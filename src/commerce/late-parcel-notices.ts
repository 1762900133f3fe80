import { addressOf, type ChannelRegistry } from '../core/channels.js';
import type { CommerceConnector } from '../core/commerce.js';
import type { Language } from '../domain/types.js';
import type { Retriever } from '../core/ports/retriever.js';
import type { Logger } from '../logger.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import type { Store } from '../store/types.js';
import { orderReplies } from './conversation/order-replies.js';
import { ruleBySection } from './conversation/policy-passages.js';
import { latenessOf, type LateThresholds } from './late-parcels.js';

const lastConversationKey = (orderId: string) => `orders:last-conversation:${orderId}`;

/** Remembers where the customer last talked about an order, so news about it goes there. */
export async function rememberOrderConversation(store: Store, orderId: string, conversationId: string): Promise<void> {
  await store.keyValues.set(lastConversationKey(orderId), conversationId, new Date(Date.now() + 90 * 24 * 3_600_000));
}

export interface LateNoticeDependencies {
  store: Store;
  db: SqliteDatabase;
  connector: CommerceConnector;
  channels: ChannelRegistry;
  retriever: Retriever;
  logger: Logger;
  late: LateThresholds;
  lateRuleSections: readonly string[];
  defaultLanguage: Language;
}

/**
 * Proactive messages from the shop's fulfilment events (a Shopify fulfillments/update webhook,
 * the demo shop's own tracking): when a parcel has become late past the policy's threshold,
 * the customer hears it on the channel where they last asked about the order, once per order,
 * with the rule that says what happens now. A customer who never asked about it is not written to.
 */
export class LateParcelNotices {
  constructor(private readonly deps: LateNoticeDependencies) {}

  /** Checks each order as if its tracking had just been updated (the demo shop's own events, on a timer). */
  async sweep(orderIds: readonly string[], now = new Date()): Promise<number> {
    let sent = 0;
    for (const id of orderIds) if ((await this.onFulfilmentEvent(id, now)) === 'sent') sent++;
    return sent;
  }

  async onFulfilmentEvent(orderId: string, now = new Date()): Promise<'sent' | 'not_late' | 'no_conversation' | 'already_sent' | 'unknown_order' | 'undeliverable'> {
    const { store, db, connector, channels, logger } = this.deps;
    const order = await connector.getOrder(orderId);
    if (!order) return 'unknown_order';
    const lateness = latenessOf(order, this.deps.late, now);
    if (!lateness) return 'not_late';
    const conversationId = (await store.keyValues.get(lastConversationKey(order.id)))?.value;
    const conversation = conversationId ? await store.conversations.get(conversationId) : null;
    if (!conversation) return 'no_conversation';
    // Claimed before sending: two processes (or a webhook retried) send it once.
    const claimed = db
      .prepare('INSERT OR IGNORE INTO order_notices (order_id, kind, conversation_id, sent_at) VALUES (?, ?, ?, ?)')
      .run(order.id, 'late', conversation.id, now.getTime());
    if (claimed.changes === 0) return 'already_sent';
    const language = conversation.language ?? this.deps.defaultLanguage;
    const rule = await ruleBySection(this.deps.retriever, this.deps.lateRuleSections, language);
    const text = orderReplies.status(order, language, rule ? { why: orderReplies.lateWhy(lateness.kind, lateness.businessDays, language), rule: rule.text.trim() } : null);
    const citations = [{ source: `order ${order.id}` }, ...(rule ? [{ source: rule.source, ...(rule.section ? { section: rule.section } : {}) }] : [])];
    await store.messages.append({ conversationId: conversation.id, direction: 'out', author: 'bot', text, meta: { replyKind: 'answer', citations, proactive: 'late_parcel' } });
    if (!channels.has(conversation.channel)) return 'undeliverable';
    try {
      await channels.send(addressOf(conversation), { text, author: 'bot', citations });
      return 'sent';
    } catch (error) {
      logger.warn({ err: error, channel: conversation.channel, orderId: order.id }, 'late parcel notice could not be delivered');
      return 'undeliverable';
    }
  }
}
