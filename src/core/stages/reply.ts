import type { Responder, ResponderResult } from '../../llm/responder.js';
import type { Templates } from '../../llm/templates.js';
import { asksSomething } from '../../nlu/escalation/asks-something.js';
import { soundsUpset } from '../../nlu/escalation/policy.js';
import { restorePersonalData } from '../../nlu/redact.js';
import type { Store } from '../../store/types.js';
import type { EscalationReason, Reply, StoredMessage } from '../types.js';
import { conversationOf, type Stage, type Turn } from '../turn.js';

export interface ReplyDependencies {
  responder: Responder;
  templates: Templates;
  store: Store;
  /** After this many unanswered turns in a row, a human takes over. */
  unansweredTurns: number;
  /** Most time the responder may spend on one answer (ms); a channel's deadline can shorten it. */
  replyBudgetMs: number;
  /** Reasons switched off by configuration (ESCALATION_DISABLED_REASONS): never escalated for here either. */
  disabledReasons?: readonly EscalationReason[];
}

/** Left for committing the turn and answering the channel after the reply is written. */
const deadlineReserveMs = 250;

const replyKindOf = (message: StoredMessage) => message.meta?.replyKind;

function consecutiveUnanswered(history: readonly StoredMessage[]): number {
  let count = 0;
  for (const message of [...history].reverse()) {
    if (message.direction !== 'out' || message.author !== 'bot') continue;
    if (replyKindOf(message) !== 'no_answer') break;
    count++;
  }
  return count;
}

const nonRequestIntents = new Set(['other', 'complaint', 'greeting']);

function isRequest(turn: Turn): boolean {
  return asksSomething(turn.inbound.text) || !nonRequestIntents.has(turn.intent?.label ?? 'other');
}

/** Hands the turn to staff for `reason`, unless configuration switched that reason off; says whether it did. */
function escalate(turn: Turn, deps: ReplyDependencies, reason: 'unanswered' | 'unsupported_commitment', evidence: readonly string[]): boolean {
  if (deps.disabledReasons?.includes(reason)) return false;
  turn.decision = {
    escalate: true,
    reasons: [...turn.decision.reasons, reason],
    evidence: [...turn.decision.evidence, ...evidence],
  };
  turn.nextState = 'escalated';
  return true;
}

function budgetFor(turn: Turn, configured: number): number {
  const deadline = turn.options.deadlineAt;
  return deadline === undefined ? configured : Math.min(configured, deadline - Date.now() - deadlineReserveMs);
}

async function answer(turn: Turn, deps: ReplyDependencies): Promise<ResponderResult> {
  const conversation = conversationOf(turn);
  return deps.responder.respond({
    text: turn.inbound.text,
    language: turn.language,
    intent: turn.intent ?? { label: 'other', confidence: 0, entities: {}, source: 'none' },
    sentiment: turn.sentiment ?? { label: 'neutral', score: 0, polarity: 0, model: 'none' },
    passages: turn.passages,
    history: turn.history,
    summary: await deps.store.summaries.get(conversation.id),
    budgetMs: budgetFor(turn, deps.replyBudgetMs),
    onDelta: turn.options.onReplyDelta,
  });
}

async function composeReply(turn: Turn, deps: ReplyDependencies): Promise<Reply> {
  const { templates } = deps;
  const language = turn.language;
  const state = conversationOf(turn).state;
  const plain = (kind: Reply['kind'], text: string): Reply => ({ kind, text, citations: [] });

  if (state === 'human') return plain('none', '');
  if (state === 'escalated') {
    // The first follow-up while waiting is confirmed ("added to your conversation"); after
    // that the bot stays quiet rather than answer every message with the same line.
    const lastBot = [...turn.history].reverse().find((m) => m.author === 'bot');
    const alreadyTold = lastBot !== undefined && replyKindOf(lastBot) === 'waiting_for_staff';
    return alreadyTold ? plain('none', '') : plain('waiting_for_staff', templates.render('replies/waiting-for-staff', language, {}));
  }
  if (turn.decision.escalate) return plain('escalation_ack', templates.render('replies/escalation-ack', language, {}));
  if (turn.intent?.label === 'greeting') return plain('greeting', templates.render('replies/greeting', language, {}));

  const result = await answer(turn, deps);
  turn.events.push({ type: 'reply', data: { ...result.trace } });
  if (result.summary) turn.summary = result.summary;
  if (result.escalation) escalate(turn, deps, result.escalation.reason, result.escalation.evidence);
  if (result.reply) return result.reply;
  const unanswered = consecutiveUnanswered(turn.history) + 1;
  // Only a question or a recognised request counts as the bot failing to answer; "still
  // nothing…" is a feeling, which the sentiment rules weigh instead.
  if (isRequest(turn) && unanswered >= deps.unansweredTurns) {
    // An upset customer is handed over; a calm one is offered a colleague, one word away
    // ("agent" / "人工"), rather than moved to a queue they did not ask for.
    const text = turn.redaction?.text ?? turn.inbound.text;
    const upset = soundsUpset(text, turn.sentiment);
    if (upset && escalate(turn, deps, 'unanswered', [`unanswered: ${unanswered} turns in a row without an answer, and the customer sounds upset`])) {
      return plain('escalation_ack', templates.render('replies/escalation-ack', language, {}));
    }
    return plain('no_answer', templates.render('replies/offer-colleague', language, {}));
  }
  return plain('no_answer', templates.render('replies/no-answer', language, {}));
}

export function replyStage(deps: ReplyDependencies): Stage {
  return {
    name: 'reply',
    async run(turn) {
      const reply = await composeReply(turn, deps);
      // The model's answer already has the customer's values back (the chat model's redaction
      // layer); this covers placeholders from the analyse stage's own redaction.
      turn.reply = turn.redaction ? { ...reply, text: restorePersonalData(reply.text, turn.redaction.values) } : reply;
    },
  };
}
