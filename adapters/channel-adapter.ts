import type { Router } from 'express';
import type { z } from 'zod';
import type { BackgroundTasks } from '../src/background-tasks.js';
import type { ChannelSender } from '../src/core/channels.js';
import type { DeferredReplies, DeferredReplySender } from '../src/core/deferred-replies.js';
import type { Language } from '../src/domain/types.js';
import type { Handoff } from '../src/handoff/handoff.js';
import type { StaffDesk } from '../src/handoff/staff-desk.js';
import type { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import type { StaffApproval } from '../src/commerce/staff-approval.js';
import type { Templates } from '../src/llm/templates.js';
import type { Logger } from '../src/logger.js';
import type { Store } from '../src/store/types.js';
import type { TurnRunner } from './shared/turn-runner.js';

/** The environment variables a channel reads, as a zod shape (spread into the app's config). */
export type SettingsShape = z.ZodRawShape;
/** What a channel's variables parse to. */
export type SettingsOf<Shape extends SettingsShape> = z.output<z.ZodObject<Shape>>;

/** App-wide settings a channel may need; nothing else of the app's configuration reaches it. */
export interface AppSettings {
  nodeEnv: 'development' | 'production' | 'test';
  defaultLanguage: Language;
  /** How long an accepted inbox message is leased to the worker that took it. */
  inboxLeaseMs: number;
  /** How long a deferred reply is owned by the worker that acknowledged its message. */
  deliveryLeaseMs: number;
  turnLockTimeoutMs: number;
  /** Signs shop customer tokens a channel may link to a conversation (the widget's signed-in visitors). */
  shopIdentitySecret?: string;
}

/** Either the channel's own settings, or why it is off (logged as is at start-up). */
export type Configured<S> = { settings: S } | { off: string };

/**
 * What a started channel is handed: the shared turn runner and the few services a channel
 * really uses. Never the whole runtime, never HTTP plumbing of the server.
 */
export interface ChannelContext<S> {
  settings: S;
  app: AppSettings;
  /** Already bound to `{ channel: <name> }`. */
  logger: Logger;
  /** Runs a customer's message through the core: one error path, one apology, one reply-budget race. */
  turns: TurnRunner;
  store: Store;
  templates: Templates;
  /** Work that finishes after a request was answered (late replies); drained before the store closes. */
  background: BackgroundTasks;
  /** The one send path for replies that follow an acknowledgement (see `DeadlineReplier`). */
  deferredReplies: DeferredReplies;
  /** The staff side: escalations, and whether a staff desk is reachable. */
  handoff: Handoff;
  /** Staff approving order actions; null without a shop connector. */
  staffApproval: StaffApproval | null;
  /** For channels that show document titles next to citations. */
  knowledge: KnowledgeBase;
}

/** What a channel hands back once started; the server mounts and registers all of it. */
export interface StartedChannel {
  /** HTTP routes to mount on the one server (none for gateway or socket connections). */
  routes?: Router[];
  /** How the core and staff write into this channel's conversations later (staff replies, late answers). */
  senders?: ChannelSender[];
  /** For replies that can follow the platform's acknowledgement (webhook callbacks, WeChat send APIs). */
  deferredReplies?: DeferredReplySender[];
  /** A staff surface for escalations (Slack's staff channel). */
  staffDesk?: StaffDesk;
  /** Closes connections and waits for messages in flight; runs before the store closes. */
  stop?: () => Promise<void>;
}

/**
 * One chat platform behind one interface, in the manner of Bolt's receivers and the Bot
 * Framework's adapters: the adapter turns its protocol into the core's `Inbound` and the
 * core's answer back into its protocol; the core never sees HTTP. Adding a channel means a
 * folder under adapters/ exporting one of these, and one line in `adapters/registry.ts`.
 */
export interface ChannelAdapter<Shape extends SettingsShape = SettingsShape, S = unknown> {
  /** For logs and `/` (the start page); senders carry their own channel names. */
  readonly name: string;
  /** The channel's environment variables; each must be documented in .env.example. */
  readonly settings: Shape;
  /** Variables whose values never appear in logs or error messages. */
  readonly secretKeys: readonly string[];
  /** Reads the channel's parsed variables: its settings, or why it is off. Throws `ConfigError` when half-configured. */
  configure(env: SettingsOf<Shape>, app: AppSettings): Configured<S>;
  start(context: ChannelContext<S>): StartedChannel | Promise<StartedChannel>;
}

/** Keeps an adapter's own types while it sits in the registry's list. */
export function defineChannel<Shape extends SettingsShape, S>(adapter: ChannelAdapter<Shape, S>): ChannelAdapter<Shape, S> {
  return adapter;
}
