import { persistStage } from '../core/stages/persist.js';
import { conversationOf, type Stage } from '../core/turn.js';
import type { Templates } from '../llm/templates.js';
import type { Store } from '../store/types.js';

const chineseDigits: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5 };

/**
 * A message that is only a 1–5 rating: "4", "5/5", "4 stars", "⭐⭐⭐", "五星", "3分". Anything
 * with more to say ("1, and I still have no refund") is a message, not a rating.
 */
export function parseRating(text: string): number | null {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[.!。！~]+$/u, '')
    .trim();
  const stars = /^(?:⭐|★){1,5}$/u.exec(t);
  if (stars) return [...t].length;
  const match = /^([1-5一二两三四五])\s*(?:\/\s*5|(?:out\s+of|of)\s+5|stars?|points?|星|分|颗星)?$/u.exec(t);
  if (!match) return null;
  const value = match[1]!;
  return chineseDigits[value] ?? Number(value);
}

/**
 * After staff resolve a conversation and ask for a rating, the customer's next message, if it
 * is a rating, is recorded and thanked instead of being answered as a question. It runs after
 * the analyse stage and commits the turn itself; any other message goes on through the pipeline.
 */
export function ratingStage(store: Store, templates: Templates): Stage {
  const persist = persistStage(store);
  return {
    name: 'rating',
    async run(turn) {
      const conversation = conversationOf(turn);
      const rating = parseRating(turn.inbound.text);
      if (rating === null) return;
      // The load stage shows a resolved conversation as back with the bot; the stored state says whether staff just closed it.
      const stored = await store.conversations.get(conversation.id);
      if (stored?.state !== 'resolved') return;
      const escalation = await store.escalations.latest(conversation.id);
      if (!escalation || escalation.status !== 'resolved' || !escalation.ratingRequestedAt || escalation.rating !== null) return;
      if (!(await store.escalations.recordRating(escalation.id, rating))) return;
      turn.events.push({ type: 'handoff_rating', data: { escalationId: escalation.id, rating } });
      turn.reply = { kind: 'rating_thanks', text: templates.render('handoff/rating-thanks', turn.language, {}), citations: [] };
      turn.nextState = 'resolved';
      await persist.run(turn);
      turn.done = true;
    },
  };
}
