import type { Retriever } from '../knowledge/retriever.js';
import type { Responder } from '../llm/responder.js';
import type { Templates } from '../llm/templates.js';
import type { EscalationThresholds } from '../nlu/escalation/policy.js';
import type { IntentClassifier } from '../nlu/intent/classifier.js';
import type { SentimentAnalyser } from '../nlu/sentiment/analyser.js';
import type { Store } from '../store/types.js';
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
  store: Store;
  sentiment: SentimentAnalyser;
  intent: IntentClassifier;
  retriever: Retriever;
  responder: Responder;
  templates: Templates;
  defaultLanguage: Language;
  escalation: EscalationThresholds;
  inboxLeaseMs: number;
  historyMessages: number;
  retrievalTopK: number;
  unansweredTurns: number;
  replyBudgetMs: number;
  waitingMessages?: WaitingMessages;
  statusReplyMinutes?: number;
}

/** dedupe → load conversation → analyse → decide → retrieve → reply → persist. */
export function defaultPipeline(deps: PipelineDependencies): Stage[] {
  return [
    dedupeStage(deps.store, deps.inboxLeaseMs),
    loadConversationStage(deps.store, deps.historyMessages),
    analyseStage({ sentiment: deps.sentiment, intent: deps.intent, defaultLanguage: deps.defaultLanguage }),
    decideStage(deps.escalation),
    retrieveStage(deps.retriever, deps.retrievalTopK),
    replyStage({
      responder: deps.responder,
      templates: deps.templates,
      store: deps.store,
      unansweredTurns: deps.unansweredTurns,
      replyBudgetMs: deps.replyBudgetMs,
      disabledReasons: deps.escalation.disabledReasons,
      waitingMessages: deps.waitingMessages,
      statusReplyMinutes: deps.statusReplyMinutes,
    }),
    persistStage(deps.store),
  ];
}
