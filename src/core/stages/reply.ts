import { citationOf, formatCitation } from '../../domain/citation.js';
import { restorePersonalData } from '../../text/redact.js';
import type { MessageReading, SmallTalk } from '../ports/analysis.js';
import type { Responder, ResponderResult } from '../ports/responder.js';
import type { CoreTemplateName, ReplyTemplates } from '../ports/templates.js';
import type { EscalationReason, Reply, StoredMessage } from '../../domain/types.js';
import { conversationOf, type Stage, type Turn } from '../turn.js';
import type { WaitingMessages } from '../waiting-messages.js';

export interface ReplyDependencies {
  responder: Responder;
  templates: ReplyTemplates;
  reading: MessageReading;
  /** After this many unanswered turns in a row, a human takes over. */
  unansweredTurns: number;
  /** Most time the responder may spend on one answer (ms); a channel's deadline can shorten it. */
  replyBudgetMs: number;
  /** Reasons switched off by configuration (ESCALATION_DISABLED_REASONS): never escalated for here either. */
  disabledReasons?: readonly EscalationReason[];
  /** The hand-over and waiting messages; without it, the plain templates. */
  waitingMessages?: WaitingMessages;
  /** A message written while waiting gets a status reply at most this often (0: every time). */
  statusReplyMinutes?: number;
}

/** Left for committing the turn and answering the channel after the reply is written. */
const deadlineReserveMs = 250;

const smallTalkTemplates = {
  hello: 'replies/greeting',
  thanks: 'replies/thanks',
  goodbye: 'replies/goodbye',
  acknowledge: 'replies/acknowledge',
} as const satisfies Record<SmallTalk, CoreTemplateName>;

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

function isRequest(turn: Turn, reading: MessageReading): boolean {
  return reading.asksSomething(turn.inbound.text) || !nonRequestIntents.has(turn.intent?.label ?? 'other');
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
  const { onReplyDelta } = turn.options;
  return deps.responder.respond({
    text: turn.inbound.text,
    language: turn.language,
    intent: turn.intent ?? { label: 'other', confidence: 0, entities: {}, source: 'none' },
    sentiment: turn.sentiment ?? { label: 'neutral', score: 0, polarity: 0, model: 'none' },
    passages: turn.passages,
    history: turn.history,
    summary: turn.memory.summary,
    budgetMs: budgetFor(turn, deps.replyBudgetMs),
    onDelta: onReplyDelta && ((text: string) => onReplyDelta(text, turn.language)),
    actionsDone: turn.memory.orderActions.filter((a) => a.status === 'done'),
  });
}

function escalationAck(turn: Turn, deps: ReplyDependencies): Promise<Reply> {
  return (async () => {
    const text = deps.waitingMessages
      ? await deps.waitingMessages.escalated(turn.language, turn.inbound.timestamp)
      : deps.templates.render('replies/escalation-ack', turn.language, {});
    const reply: Reply = { kind: 'escalation_ack', text, citations: [] };
    return turn.decision.reasons.includes('high_risk_topic') ? withSafetySteps(reply, turn, deps) : reply;
  })();
}

/**
 * A safety report is handed to staff, but the customer should not wait to be safe: the policy
 * passage that covers it (the best match above the retrieval threshold) is quoted with the
 * hand-over, so "stop using it, unplug it" reaches them now.
 */
function withSafetySteps(reply: Reply, turn: Turn, deps: ReplyDependencies): Reply {
  const passage = turn.passages[0];
  if (!passage) return reply;
  const citation = citationOf(passage);
  const steps = deps.templates.render('replies/safety-steps', turn.language, { steps: passage.text.trim(), citation: formatCitation(citation) });
  return { ...reply, text: `${reply.text}\n\n${steps}`, citations: [citation] };
}

/**
 * While waiting, the first follow-up is confirmed ("added to your conversation"); after that a
 * short status reply goes out at most once per `statusReplyMinutes`, so a customer who asks
 * "anyone there?" ten minutes later hears something, and one who writes five lines in a row
 * does not get five copies.
 */
async function waitingReply(turn: Turn, deps: ReplyDependencies): Promise<Reply> {
  const lastStatus = [...turn.history].reverse().find((m) => m.author === 'bot' && replyKindOf(m) === 'waiting_for_staff');
  const everyMs = (deps.statusReplyMinutes ?? Number.POSITIVE_INFINITY) * 60_000;
  if (lastStatus && turn.inbound.timestamp.getTime() - lastStatus.createdAt.getTime() < everyMs) return { kind: 'none', text: '', citations: [] };
  const text = deps.waitingMessages
    ? await deps.waitingMessages.waiting(turn.language, turn.inbound.timestamp)
    : deps.templates.render('replies/waiting-for-staff', turn.language, {});
  return { kind: 'waiting_for_staff', text, citations: [] };
}

async function composeReply(turn: Turn, deps: ReplyDependencies): Promise<Reply> {
  const { templates } = deps;
  const language = turn.language;
  const state = conversationOf(turn).state;
  const plain = (kind: Reply['kind'], text: string): Reply => ({ kind, text, citations: [] });

  if (state === 'human') return plain('none', '');
  if (state === 'escalated') return waitingReply(turn, deps);
  if (turn.decision.escalate) return escalationAck(turn, deps);
  // A social turn gets a social reply that fits it: "Thanks!" is not met with the opening greeting.
  const social = deps.reading.smallTalkOf(turn.inbound.text) ?? (turn.intent?.label === 'greeting' ? 'hello' : null);
  if (social) return plain('greeting', templates.render(smallTalkTemplates[social], language, {}));

  const result = await answer(turn, deps);
  turn.events.push({ type: 'reply', data: { ...result.trace } });
  if (result.summary) turn.summary = result.summary;
  if (result.escalation) escalate(turn, deps, result.escalation.reason, result.escalation.evidence);
  if (result.reply) return result.reply;
  const unanswered = consecutiveUnanswered(turn.history) + 1;
  // Only a question or a recognised request counts as the bot failing to answer; "still
  // nothing…" is a feeling, which the sentiment rules weigh instead.
  if (isRequest(turn, deps.reading) && unanswered >= deps.unansweredTurns) {
    // An upset customer is handed over; a calm one is offered a colleague, one word away
    // ("agent" / "人工"), rather than moved to a queue they did not ask for.
    const text = turn.redaction?.text ?? turn.inbound.text;
    const upset = deps.reading.soundsUpset(text, turn.sentiment);
    if (upset && escalate(turn, deps, 'unanswered', [`unanswered: ${unanswered} turns in a row without an answer, and the customer sounds upset`])) {
      return escalationAck(turn, deps);
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
