import { resolve } from 'node:path';
import type { Config } from './config/schema.js';
import { ChannelRegistry } from './core/channels.js';
import { Engine, type TurnObserver } from './core/engine.js';
import { defaultPipeline, type PipelineDependencies } from './core/pipeline.js';
import type { Stage } from './core/turn.js';
import type { KnowledgeBase, KnowledgeStatus } from './knowledge/knowledge-base.js';
import { openKnowledgeBase } from './knowledge/open-knowledge-base.js';
import type { Retriever } from './knowledge/retriever.js';
import type { ChatModel } from './llm/chat-model.js';
import { createChatModel } from './llm/create-chat-model.js';
import { PassageResponder } from './llm/passage-responder.js';
import { Templates } from './llm/templates.js';
import type { Logger } from './logger.js';
import { KeywordIntentClassifier } from './nlu/intent/keyword-classifier.js';
import { LexiconSentimentAnalyser } from './nlu/sentiment/lexicon-analyser.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';
import type { Store } from './store/types.js';

/** Component status for /readyz and start-up logs: which implementation serves each job. */
export interface ComponentStatus {
  store: string;
  retriever: KnowledgeStatus;
  sentiment: string;
  intent: string;
  responder: string;
  llm: string;
}

export interface Runtime {
  config: Config;
  logger: Logger;
  store: Store;
  engine: Engine;
  retriever: Retriever;
  /** The knowledge base behind `retriever`, for admin commands and routes. */
  knowledge: KnowledgeBase;
  /** Null when no language model is configured. */
  chatModel: ChatModel | null;
  /** Adapters register here so the core and staff tools can write to any channel. */
  channels: ChannelRegistry;
  templates: Templates;
  components: ComponentStatus;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  observer?: TurnObserver;
  /** Lets tests and extensions wrap or replace stages of the default pipeline. */
  customiseStages?: (stages: Stage[], deps: PipelineDependencies) => Stage[];
}

/** The composition root: the one place that picks implementations from the configuration. */
export async function createRuntime(config: Config, logger: Logger, options: RuntimeOptions = {}): Promise<Runtime> {
  const dataDir = resolve(config.AFTERCARE_DATA_DIR);
  const templates = await Templates.load(resolve(config.PROMPTS_DIR));
  const store = SqliteStore.open(dataDir, { lockLeaseMs: config.TURN_LOCK_TIMEOUT_MS });
  const knowledge = await openKnowledgeBase(config, store.locks, logger).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const retriever: Retriever = knowledge;
  const sentiment = new LexiconSentimentAnalyser();
  const intent = new KeywordIntentClassifier();
  const responder = new PassageResponder(templates);
  const chatModel = createChatModel(config);

  const deps: PipelineDependencies = {
    store,
    sentiment,
    intent,
    retriever,
    responder,
    templates,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    escalation: {
      humanRequest: config.ESCALATE_ON_HUMAN_REQUEST,
      anger: config.ESCALATION_ANGER_THRESHOLD,
      trendTurns: config.ESCALATION_TREND_TURNS,
    },
    inboxLeaseMs: config.INBOX_LEASE_MS,
    historyMessages: config.HISTORY_TURNS * 2,
    retrievalTopK: config.RETRIEVAL_TOP_K,
    unansweredTurns: config.ESCALATION_UNANSWERED_TURNS,
  };
  const stages = defaultPipeline(deps);
  const engine = new Engine({
    store,
    stages: options.customiseStages ? options.customiseStages(stages, deps) : stages,
    logger,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    lockTimeoutMs: config.TURN_LOCK_TIMEOUT_MS,
    observer: options.observer,
  });
  const components: ComponentStatus = {
    store: `sqlite (${dataDir})`,
    get retriever() {
      return knowledge.status();
    },
    sentiment: sentiment.name,
    intent: intent.name,
    responder: responder.name,
    llm: chatModel ? chatModel.id : 'none (answers quote the best policy passage)',
  };
  logger.info({ components }, 'runtime ready');
  if (knowledge.size === 0) logger.warn({ dir: config.KNOWLEDGE_DIR }, 'the knowledge base is empty: the bot cannot answer policy questions');
  return {
    config,
    logger,
    store,
    engine,
    retriever,
    knowledge,
    chatModel,
    channels: new ChannelRegistry(),
    templates,
    components,
    close: async () => {
      await knowledge.close();
      await store.close();
    },
  };
}
