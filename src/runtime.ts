import { join, resolve } from 'node:path';
import { BackgroundTasks } from './background-tasks.js';
import type { Config } from './config/schema.js';
import { ChannelRegistry } from './core/channels.js';
import { Engine, type TurnObserver } from './core/engine.js';
import { DeferredReplies } from './core/deferred-replies.js';
import { RecoverySweep } from './core/recovery-sweep.js';
import { defaultPipeline, type PipelineDependencies } from './core/pipeline.js';
import type { Stage } from './core/turn.js';
import { parseBusinessHours } from './handoff/business-hours.js';
import { CustomerExpectations } from './handoff/customer-expectations.js';
import { Handoff } from './handoff/handoff.js';
import { CustomerData } from './privacy/customer-data.js';
import { StaffAccounts } from './staff/accounts.js';
import { ratingStage } from './handoff/rating.js';
import { orderSessionKey, orderSessionKeyPrefix, orderStage } from './commerce/conversation/order-stage.js';
import { createCommerceConnector } from './commerce/create-connector.js';
import { StaffApproval } from './commerce/staff-approval.js';
import { LateParcelNotices } from './commerce/late-parcel-notices.js';
import { DemoShop } from './commerce/demo-shop/demo-shop.js';
import type { CommerceConnector } from './core/commerce.js';
import type { KnowledgeBase, KnowledgeStatus } from './knowledge/knowledge-base.js';
import { openKnowledgeBase } from './knowledge/open-knowledge-base.js';
import { Doc2Query } from './knowledge/enrichment/doc2query.js';
import { MissesService } from './knowledge/misses/misses-service.js';
import type { Retriever } from './core/ports/retriever.js';
import { MultiQueryRetriever } from './knowledge/search/multi-query-retriever.js';
import type { ChatModel } from './llm/chat-model.js';
import { createChatModel } from './llm/create-chat-model.js';
import { createResponder } from './llm/create-responder.js';
import { Templates } from './llm/templates.js';
import type { Logger } from './logger.js';
import { createIntentClassifier } from './nlu/intent/create-intent-classifier.js';
import { shippedNeedsPersonClassifier } from './nlu/escalation/needs-person/classifier.js';
import { escalationPolicy } from './nlu/escalation/policy.js';
import { escalationThresholds } from './nlu/escalation/settings.js';
import { messageReading } from './nlu/message-reading.js';
import { SentimentService, type SentimentStatus } from './nlu/sentiment/sentiment-service.js';
import { createRecommendations, suggestionStateKeyPrefix } from './recommend/wiring.js';
import type { RecommendationService } from './recommend/recommendation-service.js';
import { openStore } from './store/open-store.js';
import { SharedVersionMirror } from './knowledge/index/shared-versions.js';
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
  commerce: string;
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
  /** The shop's own system (SHOP_CONNECTOR); null when orders are not looked up. */
  commerce: CommerceConnector | null;
  /** Staff approve or decline the order actions the bot prepared for them; null without a shop connector. */
  staffApproval: StaffApproval | null;
  /** Product suggestions after a solved question; null when off (RECOMMENDATIONS) or without an order history. */
  recommendations: RecommendationService | null;
  /** Tells a customer, once, when a parcel they asked about runs late (fulfilment webhooks, the demo shop's tracking). */
  lateNotices: LateParcelNotices | null;
  /** The questions the bot could not answer, and turning them into knowledge. */
  misses: MissesService;
  /** Writes the questions new passages answer after each ingest; null without a model or with KB_DOC2QUERY off. */
  doc2query: Doc2Query | null;
  /** Adapters register here so the core and staff tools can write to any channel. */
  channels: ChannelRegistry;
  templates: Templates;
  /** Scores every message; the model loads in the background (`sentiment.ready()`). */
  sentiment: SentimentService;
  /** The staff side of escalations; a staff surface (Slack) attaches its desk at start-up, the console works on it directly. */
  handoff: Handoff;
  /** Named console accounts (passwords, roles). */
  staffAccounts: StaffAccounts;
  /** Export, erasure and retention of customers' data; other stores of it register here. */
  customerData: CustomerData;
  components: ComponentStatus;
  /** Work adapters finish after a request (late replies); drained before the store closes. */
  background: BackgroundTasks;
  /** Adapters whose replies can follow the acknowledgement register their sender here; one send path for all. */
  deferredReplies: DeferredReplies;
  /**
   * Finishes what a stopped worker left (turns past their lease, failed turns, unsent deferred
   * replies) for every channel; the server starts it once the adapters are registered.
   */
  recovery: RecoverySweep;
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
  const opened = await openStore(config, dataDir);
  const store = opened.store;
  // With Postgres, replicas have data directories of their own: index versions are shared through the store.
  const kbMirror = opened.sharedKnowledge ? new SharedVersionMirror(opened.sharedKnowledge, join(dataDir, 'knowledge'), logger) : null;
  const knowledge = await (async () => {
    await kbMirror?.pull();
    const kb = await openKnowledgeBase(config, kbMirror ? kbMirror.wrapLocks(store.locks) : store.locks, logger);
    await kbMirror?.pushIfMissing();
    kbMirror?.watch(config.KB_RELOAD_INTERVAL_MS, () => kb.reload());
    return kb;
  })().catch(async (error: unknown) => {
    kbMirror?.close();
    await opened.close();
    throw error;
  });
  const sentiment = SentimentService.start(config, logger);
  const chatModel = createChatModel(config, logger, { wrapProvider: options.wrapModelProvider });
  const retriever: Retriever =
    chatModel && config.KB_MULTI_QUERY
      ? new MultiQueryRetriever(
          knowledge,
          chatModel,
          { queries: config.KB_MULTI_QUERY_QUERIES, timeoutMs: config.KB_MULTI_QUERY_TIMEOUT_MS, clearAt: config.KB_MULTI_QUERY_BELOW },
          logger,
        )
      : knowledge;
  const misses = new MissesService(knowledge, store.misses, { listLimit: config.KB_MISSES_LIST_LIMIT, groupSimilarity: config.KB_MISSES_GROUP_SIMILARITY });
  const intent = await createIntentClassifier(config, chatModel, logger);
  const responder = createResponder(config, chatModel, templates, logger);

  // Read the needs-person model now, not on the first customer message (parsing it takes a moment).
  shippedNeedsPersonClassifier();
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
  const waitingMessages = new CustomerExpectations(templates, {
    staffDeskAvailable: () => handoff.staffDeskAvailable(),
    contact: { email: config.SUPPORT_CONTACT_EMAIL, phone: config.SUPPORT_CONTACT_PHONE, hours: config.SUPPORT_CONTACT_HOURS },
    hours: config.BUSINESS_HOURS ? parseBusinessHours(config.BUSINESS_HOURS, config.BUSINESS_TIMEZONE) : null,
  });

  const deps: PipelineDependencies = {
    store,
    sentiment,
    intent,
    retriever,
    responder,
    templates,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    escalation: escalationPolicy(escalationThresholds(config)),
    reading: messageReading,
    inboxLeaseMs: config.INBOX_LEASE_MS,
    historyMessages: config.HISTORY_TURNS * 2,
    // The order stage's session and the suggestion state are read with the conversation.
    conversationValuePrefixes: [orderSessionKeyPrefix, suggestionStateKeyPrefix],
    retrievalTopK: config.RETRIEVAL_TOP_K,
    unansweredTurns: config.ESCALATION_UNANSWERED_TURNS,
    replyBudgetMs: config.LLM_REPLY_BUDGET_MS,
    waitingMessages,
    statusReplyMinutes: config.HANDOFF_STATUS_REPLY_MINUTES,
  };
  let commerce: CommerceConnector | null;
  try {
    commerce = createCommerceConnector(config, opened.localDb(), logger);
  } catch (error) {
    await knowledge.close();
    await opened.close();
    throw error;
  }
  const recommendations = createRecommendations(config, store, commerce, logger);
  let stages = withStageAfter(defaultPipeline(deps), 'analyse', ratingStage(store, templates));
  const lateRuleSections = config.SHOP_LATE_RULE_SECTIONS.split('|')
    .map((s) => s.trim())
    .filter(Boolean);
  const lateThresholds = { noMovementDays: config.SHOP_LATE_NO_MOVEMENT_DAYS, afterShippingDays: config.SHOP_LATE_AFTER_SHIPPING_DAYS };
  if (commerce) {
    stages = withStageAfter(
      stages,
      'decide',
      orderStage({
        connector: commerce,
        store,
        retriever,
        logger,
        access: { maxAttempts: config.SHOP_VERIFY_MAX_ATTEMPTS, windowMs: config.SHOP_VERIFY_WINDOW_MINUTES * 60_000 },
        late: lateThresholds,
        lateRuleSections,
        refundApprovalAboveMinor: Math.round(config.SHOP_REFUND_APPROVAL_ABOVE * 100),
        beforeCommit: recommendations?.beforeCommit,
      }),
    );
  }
  if (recommendations) stages = recommendations.addStages(stages);
  const engine = new Engine({
    store,
    stages: options.customiseStages ? options.customiseStages(stages, deps) : stages,
    logger,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    lockTimeoutMs: config.TURN_LOCK_TIMEOUT_MS,
    observer: options.observer,
  });
  engine.onTurnCommitted(handoff.onTurnCommitted);
  const closeHooks: Array<() => Promise<void>> = [];
  const components: ComponentStatus = {
    store: opened.description,
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
    commerce: commerce ? commerce.name : 'none (orders are not looked up)',
  };
  const background = new BackgroundTasks(logger);
  const deferredReplies = new DeferredReplies(store.deliveries, logger, config.DELIVERY_LEASE_MS);
  const lateNotices = commerce
    ? new LateParcelNotices({
        store,
        db: opened.localDb(),
        connector: commerce,
        channels,
        retriever,
        logger,
        late: lateThresholds,
        lateRuleSections,
        defaultLanguage: config.DEFAULT_LANGUAGE,
      })
    : null;
  // The demo shop has no webhooks: its tracking is checked on a timer instead.
  const demoEvents =
    lateNotices && commerce instanceof DemoShop && config.SHOP_DEMO_EVENTS_MINUTES > 0
      ? setInterval(() => {
          void commerce
            .inTransitOrderIds()
            .then((ids) => lateNotices.sweep(ids))
            .catch((error: unknown) => logger.error({ err: error }, 'demo shop tracking sweep failed'));
        }, config.SHOP_DEMO_EVENTS_MINUTES * 60_000)
      : null;
  demoEvents?.unref();
  const doc2query =
    chatModel && config.KB_DOC2QUERY
      ? new Doc2Query(
          knowledge,
          chatModel,
          { questionsPerPassage: config.KB_DOC2QUERY_QUESTIONS, maxPassages: config.KB_DOC2QUERY_MAX_PASSAGES, timeoutMs: config.KB_DOC2QUERY_TIMEOUT_MS },
          logger,
        )
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
  // The misses list holds customers' (redacted) questions: it joins exports, erasures and the retention sweep.
  const customerData = new CustomerData(store, logger);
  customerData.register({
    name: 'knowledgeBaseMisses',
    export: async ({ conversations }) => store.misses.listForConversations(conversations.map((c) => c.id)),
    erase: async ({ conversations }) => store.misses.deleteForConversations(conversations.map((c) => c.id)),
  });
  // So does what the order stage keeps per conversation: the order asked about and the action log.
  customerData.register({
    name: 'orders',
    export: async ({ conversations }) => ({
      actions: (await Promise.all(conversations.map((c) => store.orderActions.listForConversation(c.id, 1000)))).flat(),
      sessions: (await Promise.all(conversations.map((c) => store.keyValues.get(orderSessionKey(c.id))))).flatMap((entry) => (entry ? [JSON.parse(entry.value) as unknown] : [])),
    }),
    erase: async ({ conversations }) => {
      let rows = await store.orderActions.deleteForConversations(conversations.map((c) => c.id));
      for (const conversation of conversations) {
        const entry = await store.keyValues.get(orderSessionKey(conversation.id));
        if (entry && (await store.keyValues.deleteIf(orderSessionKey(conversation.id), entry.value))) rows++;
      }
      return rows;
    },
  });
  if (recommendations) customerData.register(recommendations.customerData);
  return {
    config,
    logger,
    store,
    engine,
    retriever,
    knowledge,
    chatModel,
    commerce,
    staffApproval: commerce ? new StaffApproval({ store, connector: commerce, channels, logger, defaultLanguage: config.DEFAULT_LANGUAGE }) : null,
    lateNotices,
    recommendations: recommendations?.service ?? null,
    misses,
    doc2query,
    channels,
    templates,
    sentiment,
    handoff,
    staffAccounts: new StaffAccounts(store, config.STAFF_PASSWORD_HASH_COST),
    customerData,
    components,
    background,
    deferredReplies,
    recovery: new RecoverySweep(engine, store, channels, deferredReplies, logger, {
      maxAttempts: config.INBOX_RETRY_MAX_ATTEMPTS,
      firstDelayMs: config.INBOX_RETRY_AFTER_MS,
      batch: 100,
    }),
    onClose: (hook) => void closeHooks.push(hook),
    async close() {
      if (demoEvents) clearInterval(demoEvents);
      for (const hook of closeHooks.reverse()) {
        await hook().catch((error: unknown) => logger.error({ err: error }, 'close hook failed'));
      }
      await handoff.close();
      await engine.settled();
      doc2query?.close();
      await background.drain();
      await sentiment.close();
      await recommendations?.service.close();
      kbMirror?.close();
      await knowledge.close();
      await opened.close();
    },
  };
}

/** Inserts `stage` after the stage named `after` (or, without one, before the persist stage). */
function withStageAfter(stages: Stage[], after: string, stage: Stage): Stage[] {
  const found = stages.findIndex((s) => s.name === after);
  const index =
    found >= 0
      ? found + 1
      : Math.max(
          0,
          stages.findIndex((s) => s.name === 'persist'),
        );
  return [...stages.slice(0, index), stage, ...stages.slice(index)];
}
