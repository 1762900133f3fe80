import type { CommerceConnector, OrderDetail, ReturnRequest } from '../../core/commerce.js';
import { CommerceError } from '../../core/commerce.js';
import { persistStage } from '../../core/stages/persist.js';
import { conversationOf, isWithStaff, type Stage, type Turn } from '../../core/turn.js';
import type { Citation, Language } from '../../domain/types.js';
import type { Retriever } from '../../core/ports/retriever.js';
import type { Logger } from '../../logger.js';
import type { OrderAction, Store } from '../../store/types.js';
import { linkedCustomer } from '../customer-identity.js';
import { rememberOrderConversation } from '../late-parcel-notices.js';
import { latenessOf, type LateThresholds } from '../late-parcels.js';
import { runOrderAction } from '../order-actions.js';
import { OrderAccess, type AccessLimits } from './order-access.js';
import { orderReplies } from './order-replies.js';
import { confirmationOf, readOrderRequest, returnReasonOf, type OrderRequest } from './order-request.js';
import { ruleBySection } from './policy-passages.js';
import { formatMoney } from '../money.js';

export interface OrderStageOptions {
  connector: CommerceConnector;
  store: Store;
  retriever: Retriever;
  logger: Logger;
  access: AccessLimits;
  late: LateThresholds;
  lateRuleSections: readonly string[];
  /** Refunds above this (minor units) are prepared for staff instead of done at the customer's word. */
  refundApprovalAboveMinor: number;
  /** Runs on an answer just before it is committed (e.g. to add a product suggestion). */
  beforeCommit?: (turn: Turn) => Promise<void>;
}

/** What the bot remembers of the order a conversation is about, between turns. */
interface OrderSession {
  orderId: string | null;
  verified: string[];
  awaitingIdentityFor: string | null;
  /** What the customer asked before they were asked to prove the order is theirs. */
  requestedKind?: OrderRequest['kind'];
}

const sessionTtlMs = 24 * 3_600_000;
/** Where a conversation's order state (the order it is about, what was proved) is kept between turns. */
export const orderSessionKeyPrefix = 'orders:session:';
export const orderSessionKey = (conversationId: string) => `${orderSessionKeyPrefix}${conversationId}`;

/** Read with the conversation when the turn opened it (the runtime asks for `orderSessionKeyPrefix`). */
function loadSession(turn: Turn): OrderSession {
  const stored = turn.memory.values.get(orderSessionKey(conversationOf(turn).id));
  return stored ? (JSON.parse(stored) as OrderSession) : { orderId: null, verified: [], awaitingIdentityFor: null };
}

async function saveSession(store: Store, turn: Turn, session: OrderSession): Promise<void> {
  const key = orderSessionKey(conversationOf(turn).id);
  const value = JSON.stringify(session);
  await store.keyValues.set(key, value, new Date(Date.now() + sessionTtlMs));
  turn.memory.values.set(key, value);
}

const orderCitation = (order: OrderDetail): Citation => {
  const f = order.fulfilments[0];
  return f ? { source: `order ${order.id}`, section: `${f.carrier} ${f.trackingNumber}` } : { source: `order ${order.id}` };
};

/**
 * Order lookup and after-sales actions through the shop's own system. It runs after the
 * decide stage; a message about one order (its number, or "cancel it" once an order is being
 * discussed) is answered here from the shop's record and committed, and every other message
 * goes on to the policy answer. The order is shown only after the customer proved it is theirs;
 * an action is described exactly and carried out only after the customer says yes, or goes to
 * staff to approve when the refund is large or the customer is escalated.
 */
export function orderStage(options: OrderStageOptions): Stage {
  const { connector, store, logger } = options;
  const access = new OrderAccess(connector, store.rateLimits, options.access);
  const persist = persistStage(store);

  async function answer(turn: Turn, text: string, citations: Citation[] = [], event?: Record<string, unknown>): Promise<void> {
    turn.reply = { kind: 'answer', text, citations };
    if (event) turn.events.push({ type: 'order', data: event });
    await options.beforeCommit?.(turn);
    await persist.run(turn);
    turn.done = true;
  }

  function withSources(text: string, citations: readonly Citation[], language: Language): string {
    if (citations.length === 0) return text;
    const list = citations.map((c) => (c.section ? `${c.source} § ${c.section}` : c.source)).join(language === 'zh' ? '；' : '; ');
    return `${text}\n\n${language === 'zh' ? '来源：' : 'Source: '}${list}`;
  }

  async function confirmPending(turn: Turn, pending: OrderAction): Promise<boolean> {
    const language = turn.language;
    const said = confirmationOf(turn.inbound.text);
    if (said === null) {
      // A new question instead of an answer: the offer lapses rather than wait to be confirmed later by surprise.
      await store.orderActions.transition(pending.id, 'proposed', 'expired');
      return false;
    }
    if (said === 'no') {
      await store.orderActions.transition(pending.id, 'proposed', 'declined', { decidedBy: 'customer' });
      await answer(turn, orderReplies.declined(language), [], { action: pending.kind, orderId: pending.orderId, status: 'declined' });
      return true;
    }
    if (turn.decision.escalate) {
      await store.orderActions.transition(pending.id, 'proposed', 'awaiting_staff', { decidedBy: 'customer' });
      turn.decision = { ...turn.decision, evidence: [...turn.decision.evidence, `order action awaiting staff approval: ${pending.description}`] };
      return false;
    }
    const outcome = await runOrderAction(connector, store.orderActions, pending, 'proposed', 'customer');
    if (!outcome) return false;
    const order = await connector.getOrder(pending.orderId);
    let text: string;
    if (!outcome.ok) text = orderReplies.actionFailed(outcome.detail, language);
    else if (pending.kind === 'cancel' && order) text = orderReplies.actionDone(orderReplies.cancelled(order, outcome.refund, language), language);
    else if (pending.kind === 'return' && outcome.returnRequest) text = orderReplies.actionDone(orderReplies.returnCreated(outcome.returnRequest, language), language);
    else text = orderReplies.actionDone(outcome.detail, language);
    const citations = order ? [orderCitation(order)] : [];
    await answer(turn, withSources(text, citations, language), citations, { action: pending.kind, orderId: pending.orderId, status: outcome.ok ? 'done' : 'failed' });
    return true;
  }

  async function statusReply(turn: Turn, order: OrderDetail): Promise<void> {
    const language = turn.language;
    const lateness = latenessOf(order, options.late);
    const citations = [orderCitation(order)];
    let late = null;
    if (lateness) {
      const rule = await ruleBySection(options.retriever, options.lateRuleSections, language);
      if (rule) {
        late = { why: orderReplies.lateWhy(lateness.kind, lateness.businessDays, language), rule: rule.text.trim() };
        citations.push(rule.section ? { source: rule.source, section: rule.section } : { source: rule.source });
      }
    }
    const text = withSources(orderReplies.status(order, language, late), citations, language);
    await answer(turn, text, citations, { request: 'status', orderId: order.id, late: lateness?.kind ?? null });
  }

  async function propose(turn: Turn, order: OrderDetail, kind: 'cancel' | 'return', description: string, params: Record<string, unknown>, customerText: string): Promise<void> {
    const conversation = conversationOf(turn);
    const language = turn.language;
    const refundMinor = kind === 'cancel' ? order.total.minor : 0;
    const alreadyEscalating = turn.decision.escalate;
    if (alreadyEscalating || refundMinor > options.refundApprovalAboveMinor) {
      const action = await store.orderActions.create({ conversationId: conversation.id, orderId: order.id, kind, description, params, status: 'awaiting_staff' });
      turn.events.push({ type: 'order', data: { action: kind, orderId: order.id, status: 'awaiting_staff' } });
      if (alreadyEscalating) {
        // An angry or escalated customer hears the usual hand-over; staff find the action prepared for them.
        turn.decision = { ...turn.decision, evidence: [...turn.decision.evidence, `order action awaiting staff approval (${action.id}): ${description}`] };
        return;
      }
      turn.decision = {
        escalate: true,
        reasons: turn.decision.reasons.length > 0 ? turn.decision.reasons : ['high_risk_topic'],
        evidence: [...turn.decision.evidence, `order action awaiting staff approval (${action.id}): ${description}`],
      };
      turn.nextState = 'escalated';
      await answer(turn, orderReplies.staffApproval(description, language), [orderCitation(order)], { action: kind, orderId: order.id, status: 'awaiting_staff' });
      return;
    }
    await store.orderActions.create({ conversationId: conversation.id, orderId: order.id, kind, description, params, status: 'proposed' });
    await answer(turn, customerText, [orderCitation(order)], { action: kind, orderId: order.id, status: 'proposed' });
  }

  async function act(turn: Turn, order: OrderDetail, request: OrderRequest): Promise<void> {
    const language = turn.language;
    if (request.kind === 'cancel') {
      if (order.status !== 'paid' && order.status !== 'packing') return answer(turn, orderReplies.cannotCancel(order, language), [orderCitation(order)]);
      const description = `cancel order ${order.id} and refund ${formatMoney(order.total, 'en')}`;
      return propose(turn, order, 'cancel', description, { reason: 'customer request', refundMinor: order.total.minor }, orderReplies.proposeCancel(order, language));
    }
    if (request.kind === 'return') {
      if (order.status !== 'delivered') return answer(turn, orderReplies.cannotReturn(order, language), [orderCitation(order)]);
      const lower = turn.inbound.text.toLowerCase();
      const named = order.items.filter((i) =>
        i.title
          .toLowerCase()
          .split(/\s+/)
          .some((w) => w.length > 3 && lower.includes(w)),
      );
      const items: ReturnRequest['items'] = (named.length > 0 ? named : order.items).map((i) => ({ lineId: i.lineId, title: i.title, quantity: i.quantity }));
      const reason = returnReasonOf(turn.inbound.text);
      const description = `create a return request for order ${order.id} (${items.map((i) => `${i.quantity} × ${i.title}`).join(', ')}; reason: ${reason})`;
      const lines = items.map((i) => ({ lineId: i.lineId, quantity: i.quantity }));
      return propose(turn, order, 'return', description, { lines, reason }, orderReplies.proposeReturn(order, items, reason, language));
    }
    if (request.kind === 'refund') {
      const text = withSources(orderReplies.refunds(order, order.refunds, language), [orderCitation(order)], language);
      return answer(turn, text, [orderCitation(order)], { request: 'refund', orderId: order.id });
    }
    return statusReply(turn, order);
  }

  async function handle(turn: Turn): Promise<void> {
    const conversation = conversationOf(turn);
    const language = turn.language;
    // The turn read the conversation's latest actions when it opened it; only an offer awaiting
    // the customer's yes is read in full.
    const offered = turn.memory.orderActions.some((a) => a.status === 'proposed');
    const pending = offered ? (await store.orderActions.listForConversation(conversation.id, 20)).find((a) => a.status === 'proposed') : undefined;
    if (pending && (await confirmPending(turn, pending))) return;

    const session = loadSession(turn);
    const request = readOrderRequest(turn.inbound.text, turn.intent?.label ?? null);
    const hasContact = request.email !== null || request.phone !== null;
    let orderId = request.orderId;
    if (!orderId && hasContact && session.awaitingIdentityFor) orderId = session.awaitingIdentityFor;
    // "Cancel it" / "退货" follows the order the conversation is about, once it was verified.
    if (!orderId && request.kind && session.orderId && session.verified.includes(session.orderId)) orderId = session.orderId;
    if (!orderId) return;
    // "Is store credit instant for order 1001?" asks about policy, not about the order: the policy answers it.
    if (!request.kind && !request.bareReference && session.awaitingIdentityFor !== orderId) return;
    const kind = request.kind ?? (session.awaitingIdentityFor === orderId ? session.requestedKind : null) ?? 'status';
    const effective: OrderRequest = { ...request, orderId, kind };
    // Staff take an escalating conversation over; only an action they will need is prepared for them.
    const escalating = turn.decision.escalate;
    if (escalating && kind !== 'cancel' && kind !== 'return') return;

    let order: OrderDetail | null = null;
    if (session.verified.includes(orderId)) order = await connector.getOrder(orderId);
    if (!order) {
      const customerId = await linkedCustomer(store.keyValues, turn.inbound.channel, turn.inbound.conversationKey);
      const linked = customerId ? await access.withLinkedCustomer(orderId, customerId) : null;
      if (linked?.kind === 'granted') order = linked.order;
      else if (escalating && !hasContact) return;
      else if (!hasContact) {
        await saveSession(store, turn, { ...session, awaitingIdentityFor: orderId, requestedKind: request.kind ?? 'status' });
        return answer(turn, orderReplies.askIdentity(orderId, language), [], { request: 'identify', verified: false });
      } else {
        const result = await access.withContact(conversation.id, orderId, request);
        if (result.kind === 'rate_limited') return answer(turn, orderReplies.tooManyAttempts(language), [], { request: 'identify', verified: false, limited: true });
        if (result.kind === 'denied') {
          await saveSession(store, turn, { ...session, awaitingIdentityFor: null });
          return answer(turn, orderReplies.notFound(orderId, language), [], { request: 'identify', verified: false });
        }
        order = result.order;
      }
      session.verified = [...new Set([...session.verified, order.id])].slice(-10);
    }
    await saveSession(store, turn, { ...session, orderId: order.id, awaitingIdentityFor: null, requestedKind: null });
    await rememberOrderConversation(store, order.id, conversation.id);
    // The intent asked for before the identity check ("where is it?" then the e-mail) is the one to answer.
    await act(turn, order, effective);
  }

  return {
    name: 'orders',
    async run(turn) {
      if (isWithStaff(conversationOf(turn).state)) return;
      try {
        await handle(turn);
      } catch (error) {
        if (!(error instanceof CommerceError)) throw error;
        logger.warn({ err: error, connector: connector.name }, 'the shop system failed');
        await answer(turn, orderReplies.unavailable(turn.language), [], { request: 'unavailable' });
      }
    },
  };
}
