import type { Responder } from '../../llm/responder.js';
import type { Templates } from '../../llm/templates.js';
import { asksSomething } from '../../nlu/escalation/asks-something.js';
import { restorePersonalData } from '../../nlu/redact.js';
import type { Reply, StoredMessage } from '../types.js';
import { conversationOf, type Stage, type Turn } from '../turn.js';

export interface ReplyDependencies {
  responder: Responder;
  templates: Templates;
  /** After this many unanswered turns in a row, a human takes over. */
  unansweredTurns: number;
}

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

function escalate(turn: Turn, evidence: string): void {
  turn.decision = {
    escalate: true,
    reasons: [...turn.decision.reasons, 'unanswered'],
    evidence: [...turn.decision.evidence, `unanswered: ${evidence}`],
  };
  turn.nextState = 'escalated';
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

  const answer = await deps.responder.respond({
    text: turn.redaction?.text ?? turn.inbound.text,
    language,
    intent: turn.intent ?? { label: 'other', confidence: 0, entities: {}, source: 'none' },
    sentiment: turn.sentiment ?? { label: 'neutral', score: 0, polarity: 0, model: 'none' },
    passages: turn.passages,
    history: turn.history,
  });
  if (answer) return answer;
  const unanswered = consecutiveUnanswered(turn.history) + 1;
  // Only a question or a recognised request counts as the bot failing to answer; "still
  // nothing…" is a feeling, which the sentiment rules weigh instead.
  if (isRequest(turn) && unanswered >= deps.unansweredTurns) {
    escalate(turn, `${unanswered} turns in a row without an answer`);
    return plain('escalation_ack', templates.render('replies/escalation-ack', language, {}));
  }
  return plain('no_answer', templates.render('replies/no-answer', language, {}));
}

export function replyStage(deps: ReplyDependencies): Stage {
  return {
    name: 'reply',
    async run(turn) {
      const reply = await composeReply(turn, deps);
      turn.reply = turn.redaction ? { ...reply, text: restorePersonalData(reply.text, turn.redaction.values) } : reply;
    },
  };
}
