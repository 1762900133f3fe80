import { addressOf, type ChannelRegistry } from '../core/channels.js';
import type { CommerceConnector } from '../core/commerce.js';
import type { Language } from '../domain/types.js';
import type { Logger } from '../logger.js';
import type { OrderAction, StaffMember, Store } from '../store/types.js';
import { orderReplies } from './conversation/order-replies.js';
import { runOrderAction } from './order-actions.js';

export interface StaffApprovalDependencies {
  store: Store;
  connector: CommerceConnector;
  channels: ChannelRegistry;
  logger: Logger;
  defaultLanguage: Language;
}

export type ApprovalResult =
  | { kind: 'done' | 'failed'; action: OrderAction; detail: string; customerTold: boolean }
  | { kind: 'declined'; action: OrderAction; customerTold: boolean }
  | { kind: 'not_pending'; action: OrderAction | null };

/**
 * Staff's one click on a prepared action (a large refund, an escalated or angry customer):
 * approve runs it through the shop's system exactly once and tells the customer what the shop
 * answered, on their own channel; decline leaves the order alone and says so.
 */
export class StaffApproval {
  constructor(private readonly deps: StaffApprovalDependencies) {}

  pending(limit = 50): Promise<OrderAction[]> {
    return this.deps.store.orderActions.listByStatus('awaiting_staff', limit);
  }

  async approve(id: string, staff: StaffMember): Promise<ApprovalResult> {
    const action = await this.deps.store.orderActions.get(id);
    if (action?.status !== 'awaiting_staff') return { kind: 'not_pending', action };
    const outcome = await runOrderAction(this.deps.connector, this.deps.store.orderActions, action, 'awaiting_staff', staff.id);
    if (!outcome) return { kind: 'not_pending', action: await this.deps.store.orderActions.get(id) };
    const updated = (await this.deps.store.orderActions.get(id))!;
    const language = await this.languageOf(action);
    const order = await this.deps.connector.getOrder(action.orderId);
    const text = !outcome.ok
      ? orderReplies.actionFailed(outcome.detail, language)
      : action.kind === 'cancel' && order
        ? orderReplies.actionDone(orderReplies.cancelled(order, outcome.refund, language), language)
        : action.kind === 'return' && outcome.returnRequest
          ? orderReplies.actionDone(orderReplies.returnCreated(outcome.returnRequest, language), language)
          : orderReplies.actionDone(outcome.detail, language);
    return { kind: outcome.ok ? 'done' : 'failed', action: updated, detail: outcome.detail, customerTold: await this.tell(action, text, staff) };
  }

  async decline(id: string, staff: StaffMember): Promise<ApprovalResult> {
    const action = await this.deps.store.orderActions.get(id);
    if (!action || !(await this.deps.store.orderActions.transition(id, 'awaiting_staff', 'declined', { decidedBy: staff.id }))) {
      return { kind: 'not_pending', action };
    }
    const language = await this.languageOf(action);
    const text =
      language === 'zh'
        ? `同事没有批准这个操作：${action.description}。订单没有改变，同事会在对话中与您联系。`
        : `A colleague did not approve this: ${action.description}. Nothing has changed; they will follow up with you here.`;
    return { kind: 'declined', action: (await this.deps.store.orderActions.get(id))!, customerTold: await this.tell(action, text, staff) };
  }

  private async languageOf(action: OrderAction): Promise<Language> {
    return (await this.deps.store.conversations.get(action.conversationId))?.language ?? this.deps.defaultLanguage;
  }

  /** Records the message in the conversation and sends it; a channel that cannot be reached is logged, not thrown. */
  private async tell(action: OrderAction, text: string, staff: StaffMember): Promise<boolean> {
    const conversation = await this.deps.store.conversations.get(action.conversationId);
    if (!conversation) return false;
    await this.deps.store.messages.append({ conversationId: conversation.id, direction: 'out', author: 'bot', text, meta: { orderAction: action.id, approvedBy: staff.id } });
    if (!this.deps.channels.has(conversation.channel)) return false;
    try {
      await this.deps.channels.send(addressOf(conversation), { text, author: 'bot' });
      return true;
    } catch (error) {
      this.deps.logger.warn({ err: error, channel: conversation.channel, action: action.id }, 'could not tell the customer what staff decided');
      return false;
    }
  }
}
