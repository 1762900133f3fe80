import { linkedCustomer } from '../../commerce/customer-identity.js';
import { orderSessionKey } from '../../commerce/conversation/order-stage.js';
import type { CommerceConnector, OrderDetail } from '../../core/commerce.js';
import { persistStage } from '../../core/stages/persist.js';
import { conversationOf, isWithStaff, type Stage, type Turn } from '../../core/turn.js';
import type { Logger } from '../../logger.js';
import type { CustomerDataSource } from '../../privacy/customer-data.js';
import type { Store } from '../../store/types.js';
import { purchasesOfOrders, type Purchase } from '../purchases.js';
import type { RecommendationService } from '../recommendation-service.js';
import type { Suggestion } from '../recommender.js';
import { isRecommendationOptOut, withoutOptOut } from './opt-out.js';
import { optOutAcknowledgement, suggestionText } from './suggestion-text.js';

export interface SuggestionOptions {
  store: Store;
  connector: CommerceConnector | null;
  recommendations: RecommendationService;
  logger: Logger;
  /** Customers who must have bought both products before "often bought with" is said. */
  minBoughtTogether: number;
}

/** What a conversation remembers about suggestions: whether the customer said no, and what was offered. */
interface SuggestionState {
  optedOut: boolean;
  offered: string[];
}

export const suggestionStateKeyPrefix = 'recommend:';
export const suggestionStateKey = (conversationId: string) => `${suggestionStateKeyPrefix}${conversationId}`;

/** Read with the conversation when the turn opened it (the runtime asks for `suggestionStateKeyPrefix`). */
function loadState(turn: Turn): SuggestionState {
  const stored = turn.memory.values.get(suggestionStateKey(conversationOf(turn).id));
  return stored ? (JSON.parse(stored) as SuggestionState) : { optedOut: false, offered: [] };
}

async function saveState(store: Store, turn: Turn, state: SuggestionState): Promise<void> {
  const key = suggestionStateKey(conversationOf(turn).id);
  const value = JSON.stringify(state);
  await store.keyValues.set(key, value);
  turn.memory.values.set(key, value);
}

/**
 * Records "no recommendations" / 「不要推荐」 for the rest of the conversation. A message that
 * says only that is acknowledged here; one that also asks something goes on to be answered.
 */
export function recommendationOptOutStage(store: Store): Stage {
  const persist = persistStage(store);
  return {
    name: 'recommend-opt-out',
    async run(turn) {
      if (!isRecommendationOptOut(turn.inbound.text)) return;
      const conversation = conversationOf(turn);
      await saveState(store, turn, { ...loadState(turn), optedOut: true });
      turn.events.push({ type: 'recommendation', data: { optedOut: true } });
      const rest = withoutOptOut(turn.inbound.text);
      // "…and no recommendations" after a question or an order number: the question is answered instead.
      if (turn.decision.escalate || isWithStaff(conversation.state) || /[?？\d]/.test(rest) || rest.length >= 25) return;
      turn.reply = { kind: 'answer', text: optOutAcknowledgement(turn.language), citations: [] };
      await persist.run(turn);
      turn.done = true;
    },
  };
}

/**
 * Whether this turn is one after which a suggestion fits: the bot answered from its sources or
 * from the customer's order, or finished what the customer asked it to do; nobody is unhappy,
 * nobody is being handed to staff.
 */
function fits(turn: Turn): boolean {
  const reply = turn.reply;
  if (!reply || reply.kind !== 'answer' || reply.citations.length === 0) return false;
  if (turn.decision.escalate || turn.nextState === 'escalated' || turn.nextState === 'human') return false;
  const conversation = conversationOf(turn);
  if (isWithStaff(conversation.state)) return false;
  if (turn.sentiment?.label === 'negative') return false;
  if (turn.history.some((m) => m.direction === 'in' && m.sentiment?.label === 'negative')) return false;
  const order = turn.events.find((e) => e.type === 'order')?.data as { status?: string; request?: string } | undefined;
  // An order answer fits when it settled something: a status or refund answer, or an action done.
  if (order && order.status !== 'done' && order.request !== 'status' && order.request !== 'refund') return false;
  return true;
}

/** The claim must hold for this shop's data; otherwise the next suggestion is tried. */
function supported(suggestion: Suggestion, minBoughtTogether: number): boolean {
  return suggestion.reason.kind !== 'bought_with' || suggestion.reason.customers >= minBoughtTogether;
}

/**
 * Appends at most one short product suggestion to a reply that fits (see `fits`), once per
 * conversation, never after the customer opted out. It runs just before the turn is committed:
 * as a stage before the final persist, and from the order stage before it commits its answer.
 */
export function suggestionOffer(options: SuggestionOptions): (turn: Turn) => Promise<void> {
  const { store, connector, recommendations, logger } = options;

  async function customerOrders(turn: Turn): Promise<OrderDetail[]> {
    if (!connector) return [];
    const session = turn.memory.values.get(orderSessionKey(conversationOf(turn).id));
    const verified = session ? (JSON.parse(session) as { orderId: string | null; verified: string[] }) : null;
    let customerId: string | null = null;
    if (verified?.orderId && verified.verified.includes(verified.orderId)) customerId = (await connector.getOrder(verified.orderId))?.owner.customerId ?? null;
    customerId ??= await linkedCustomer(store.keyValues, turn.inbound.channel, turn.inbound.conversationKey);
    if (!customerId) return [];
    const summaries = await connector.findOrders({ customerId }, 10);
    return (await Promise.all(summaries.map((s) => connector.getOrder(s.id)))).filter((o): o is OrderDetail => o !== null);
  }

  return async (turn) => {
    const model = recommendations.current;
    if (!model || !fits(turn)) return;
    const state = loadState(turn);
    if (state.optedOut || state.offered.length > 0) return;
    let history: Purchase[] = [];
    try {
      history = purchasesOfOrders(await customerOrders(turn));
    } catch (error) {
      // A suggestion is never worth a failed answer: without the history, the popular fallback.
      logger.warn({ err: error }, 'order history for a suggestion unavailable');
    }
    const latest = history.reduce((max, p) => Math.max(max, p.at.getTime()), 0);
    const candidates = model.recommend(history, { limit: 10, includeOwned: false, now: latest > 0 ? new Date(latest) : undefined, exclude: new Set(state.offered) });
    const suggestion = candidates.find((s) => supported(s, options.minBoughtTogether));
    if (!suggestion || !turn.reply) return;
    turn.reply = { ...turn.reply, text: `${turn.reply.text}\n\n${suggestionText(suggestion, turn.language)}` };
    turn.events.push({ type: 'recommendation', data: { sku: suggestion.sku, reason: suggestion.reason.kind, personalised: history.length > 0 } });
    await saveState(store, turn, { ...state, offered: [...state.offered, suggestion.sku] });
  };
}

/** What a conversation remembers about suggestions joins exports and erasures of the customer's data. */
export function suggestionStateData(store: Store): CustomerDataSource {
  return {
    name: 'recommendations',
    export: async ({ conversations }) =>
      (await Promise.all(conversations.map((c) => store.keyValues.get(suggestionStateKey(c.id))))).flatMap((entry) => (entry ? [JSON.parse(entry.value) as unknown] : [])),
    erase: async ({ conversations }) => {
      let erased = 0;
      for (const conversation of conversations) {
        const entry = await store.keyValues.get(suggestionStateKey(conversation.id));
        if (entry && (await store.keyValues.deleteIf(suggestionStateKey(conversation.id), entry.value))) erased++;
      }
      return erased;
    },
  };
}

export function suggestionStage(offer: (turn: Turn) => Promise<void>): Stage {
  return { name: 'suggest', run: offer };
}
