import type { EscalationPolicy, IntentClassifier, MessageReading, SentimentAnalyser } from './ports/analysis.js';
import type { Responder } from './ports/responder.js';
import type { Retriever } from './ports/retriever.js';
import type { TurnStore } from './ports/store.js';
import type { ReplyTemplates } from './ports/templates.js';
import { analyseStage } from './stages/analyse.js';
import { decideStage } from './stages/decide.js';
import { dedupeStage } from './stages/dedupe.js';
import { loadConversationStage } from './stages/load-conversation.js';
import { persistStage } from './stages/persist.js';
import { replyStage } from './stages/reply.js';
import { retrieveStage } from './stages/retrieve.js';
import type { Stage } from './turn.js';
import type { Language } from '../domain/types.js';
import type { WaitingMessages } from './waiting-messages.js';

export interface PipelineDependencies {
  store: TurnStore;
  sentiment: SentimentAnalyser;
  intent: IntentClassifier;
  /** How the turn's message reads (small talk, a question, upset, a hazard). */
  reading: MessageReading;
  retriever: Retriever;
  responder: Responder;
  templates: ReplyTemplates;
  defaultLanguage: Language;
  escalation: EscalationPolicy;
  inboxLeaseMs: number;
  historyMessages: number;
  /** Key-value entries kept per conversation that stages read on every turn (see `ConversationReading`). */
  conversationValuePrefixes?: readonly string[];
  retrievalTopK: number;
  unansweredTurns: number;
  replyBudgetMs: number;
  waitingMessages?: WaitingMessages;
  statusReplyMinutes?: number;
}

/** Enough for the reply's check that it claims only what the shop did. */
const orderActionsRead = 50;

/** dedupe → load conversation → analyse → decide → retrieve → reply → persist. */
export function defaultPipeline(deps: PipelineDependencies): Stage[] {
  return [
    dedupeStage(deps.store, deps.inboxLeaseMs),
    loadConversationStage(deps.store, {
      historyMessages: deps.historyMessages,
      orderActions: orderActionsRead,
      valuePrefixes: deps.conversationValuePrefixes ?? [],
    }),
    analyseStage({ sentiment: deps.sentiment, intent: deps.intent, defaultLanguage: deps.defaultLanguage, prepareSearch: deps.retriever.prepare?.bind(deps.retriever) }),
    decideStage(deps.escalation),
    retrieveStage(deps.retriever, deps.retrievalTopK, deps.reading),
    replyStage({
      responder: deps.responder,
      templates: deps.templates,
      reading: deps.reading,
      unansweredTurns: deps.unansweredTurns,
      replyBudgetMs: deps.replyBudgetMs,
      disabledReasons: deps.escalation.disabledReasons,
      waitingMessages: deps.waitingMessages,
      statusReplyMinutes: deps.statusReplyMinutes,
    }),
    persistStage(deps.store),
  ];
}
