import { resolve } from 'node:path';
import { BackgroundTasks } from './background-tasks.js';
import type { Config } from './config/schema.js';
import { ChannelRegistry } from './core/channels.js';
import { Engine, type TurnObserver } from './core/engine.js';
import { FailedTurnRetrier } from './core/failed-turn-retrier.js';
import { defaultPipeline, type PipelineDependencies } from './core/pipeline.js';
import type { Stage } from './core/turn.js';
import { Handoff } from './handoff/handoff.js';
import { ratingStage } from './handoff/rating.js';
import type { KnowledgeBase, KnowledgeStatus } from './knowledge/knowledge-base.js';
import { openKnowledgeBase } from './knowledge/open-knowledge-base.js';
import { Doc2Query } from './knowledge/enrichment/doc2query.js';
import { MissesService } from './knowledge/misses/misses-service.js';
import type { Retriever } from './knowledge/retriever.js';
import { MultiQueryRetriever } from './knowledge/search/multi-query-retriever.js';
import type { ChatModel } from './llm/chat-model.js';
import { createChatModel } from './llm/create-chat-model.js';
import { createResponder } from './llm/create-responder.js';
import { Templates } from './llm/templates.js';
import type { Logger } from './logger.js';
import { createIntentClassifier } from './nlu/intent/create-intent-classifier.js';
import { escalationThresholds } from './nlu/escalation/settings.js';
import { SentimentService, type SentimentStatus } from './nlu/sentiment/sentiment-service.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';
import type { Store } from './store/types.js';

/** Component status for /readyz and start-up logs: which implementation serves each job. */
export interface ComponentStatus {
  store: string;
  retriever: KnowledgeStatus;
  /** The analyser serving right now (changes once the model has loaded in the background). */
  sentiment: string;
  sentimentModel: SentimentStatus;
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
  /** The questions the bot could not answer, and turning them into knowledge. */
  misses: MissesService;
  /** Writes the questions new passages answer after each ingest; null without a model or with KB_DOC2QUERY off. */
  doc2query: Doc2Query | null;
  /** Adapters register here so the core and staff tools can write to any channel. */
  channels: ChannelRegistry;
  templates: Templates;
  /** Scores every message; the model loads in the background (`sentiment.ready()`). */
  sentiment: SentimentService;
  /** The staff side of escalations; a staff surface (Slack) attaches its desk at start-up. */
  handoff: Handoff;
  components: ComponentStatus;
  /** Work adapters finish after a request (late replies); drained before the store closes. */
  background: BackgroundTasks;
  /** Runs again turns that failed part-way and delivers their replies (the server sweeps it on a timer). */
  retrier: FailedTurnRetrier;
  /** Runs `hook` on close, before the store closes (adapters stop their connections here). */
  onClose(hook: () => Promise<void>): void;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  observer?: TurnObserver;
  /** Lets tests and extensions wrap or replace stages of the default pipeline. */
  customiseStages?: (stages: Stage[], deps: PipelineDependencies) => Stage[];
  /** Wraps the language model provider (inside redaction and the circuit breaker), e.g. to time its calls. */
  wrapModelProvider?: (provider: ChatModel) => ChatModel;
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
  const sentiment = SentimentService.start(config, logger);
  const chatModel = createChatModel(config, logger, { wrapProvider: options.wrapModelProvider });
  const retriever: Retriever =
    chatModel && config.KB_MULTI_QUERY
      ? new MultiQueryRetriever(knowledge, chatModel, { queries: config.KB_MULTI_QUERY_QUERIES, timeoutMs: config.KB_MULTI_QUERY_TIMEOUT_MS, clearAt: config.KB_MULTI_QUERY_BELOW }, logger)
      : knowledge;
  const misses = new MissesService(knowledge, store.misses, { listLimit: config.KB_MISSES_LIST_LIMIT, groupSimilarity: config.KB_MISSES_GROUP_SIMILARITY });
  const intent = await createIntentClassifier(config, chatModel, logger);
  const responder = createResponder(config, chatModel, templates, logger);

  const deps: PipelineDependencies = {
    store,
    sentiment,
    intent,
    retriever,
    responder,
    templates,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    escalation: escalationThresholds(config),
    inboxLeaseMs: config.INBOX_LEASE_MS,
    historyMessages: config.HISTORY_TURNS * 2,
    retrievalTopK: config.RETRIEVAL_TOP_K,
    retrievalTrustIntentAt: config.RETRIEVAL_TRUST_INTENT_AT,
    unansweredTurns: config.ESCALATION_UNANSWERED_TURNS,
    replyBudgetMs: config.LLM_REPLY_BUDGET_MS,
  };
  const stages = withStageAfter(defaultPipeline(deps), 'analyse', ratingStage(store, templates));
  const engine = new Engine({
    store,
    stages: options.customiseStages ? options.customiseStages(stages, deps) : stages,
    logger,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    lockTimeoutMs: config.TURN_LOCK_TIMEOUT_MS,
    observer: options.observer,
  });
  const channels = new ChannelRegistry();
  const handoff = new Handoff({
    store,
    channels,
    templates,
    logger,
    options: {
      reminderMinutes: config.HANDOFF_REMINDER_MINUTES,
      maxReminders: config.HANDOFF_MAX_REMINDERS,
      askRating: config.HANDOFF_ASK_RATING,
      transcriptMessages: config.HANDOFF_TRANSCRIPT_MESSAGES,
      defaultLanguage: config.DEFAULT_LANGUAGE,
      lockTimeoutMs: config.TURN_LOCK_TIMEOUT_MS,
    },
  });
  engine.onTurnCommitted(handoff.onTurnCommitted);
  const closeHooks: Array<() => Promise<void>> = [];
  const components: ComponentStatus = {
    store: `sqlite (${dataDir})`,
    get retriever() {
      return knowledge.status();
    },
    get sentiment() {
      return sentiment.name;
    },
    get sentimentModel() {
      return sentiment.status;
    },
    intent: intent.name,
    responder: responder.name,
    llm: chatModel ? chatModel.id : 'none (answers quote the best policy passage)',
  };
  const background = new BackgroundTasks(logger);
  const doc2query =
    chatModel && config.KB_DOC2QUERY
      ? new Doc2Query(knowledge, chatModel, { questionsPerPassage: config.KB_DOC2QUERY_QUESTIONS, maxPassages: config.KB_DOC2QUERY_MAX_PASSAGES, timeoutMs: config.KB_DOC2QUERY_TIMEOUT_MS }, logger)
      : null;
  if (doc2query) {
    // After the upload has been answered: the model's questions arrive as a later version.
    knowledge.onChange((outcome) => {
      const documents = [...outcome.added, ...outcome.replaced];
      if (documents.length > 0) background.run('doc2query', async () => void (await doc2query.enrich(documents)));
    });
  }
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
    misses,
    doc2query,
    channels,
    templates,
    sentiment,
    handoff,
    components,
    background,
    retrier: new FailedTurnRetrier(engine, store, channels, logger, {
      maxAttempts: config.INBOX_RETRY_MAX_ATTEMPTS,
      firstDelayMs: config.INBOX_RETRY_AFTER_MS,
      batch: 50,
    }),
    onClose: (hook) => void closeHooks.push(hook),
    async close() {
      for (const hook of closeHooks.reverse()) {
        await hook().catch((error: unknown) => logger.error({ err: error }, 'close hook failed'));
      }
      await handoff.close();
      await engine.settled();
      doc2query?.close();
      await background.drain();
      await sentiment.close();
      await knowledge.close();
      await store.close();
    },
  };
}

/** Inserts `stage` after the stage named `after` (or, without one, before the persist stage). */
function withStageAfter(stages: Stage[], after: string, stage: Stage): Stage[] {
  const found = stages.findIndex((s) => s.name === after);
  const index = found >= 0 ? found + 1 : Math.max(0, stages.findIndex((s) => s.name === 'persist'));
  return [...stages.slice(0, index), stage, ...stages.slice(index)];
}
