import type { Router } from 'express';
import type { AppSettings, ChannelAdapter, ChannelContext } from '../../adapters/channel-adapter.js';
import { channelAdapters } from '../../adapters/registry.js';
import { TurnRunner } from '../../adapters/shared/turn-runner.js';
import type { Config } from '../config/schema.js';
import type { Runtime } from '../runtime.js';

export function appSettingsOf(config: Config): AppSettings {
  return {
    nodeEnv: config.NODE_ENV,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    inboxLeaseMs: config.INBOX_LEASE_MS,
    deliveryLeaseMs: config.DELIVERY_LEASE_MS,
    turnLockTimeoutMs: config.TURN_LOCK_TIMEOUT_MS,
    ...(config.SHOP_IDENTITY_SECRET ? { shopIdentitySecret: config.SHOP_IDENTITY_SECRET } : {}),
  };
}

/** The channel's own variables out of the app's configuration, and nothing else. */
function envOf(adapter: ChannelAdapter, config: Config): Record<string, unknown> {
  const values = config as unknown as Record<string, unknown>;
  return Object.fromEntries(Object.keys(adapter.settings).map((key) => [key, values[key]]));
}

/**
 * Starts every channel that is configured and connects it to the runtime: its senders to the
 * core's channel registry, its deferred-reply senders to the one send path, its staff desk to
 * the handoff, its stop to shutdown. Returns the routes to mount. A channel that is off says
 * why in the log; a half-configured one stops start-up with a `ConfigError`.
 */
export async function startChannels(runtime: Runtime, adapters: readonly ChannelAdapter[] = channelAdapters): Promise<Router[]> {
  const app = appSettingsOf(runtime.config);
  const routes: Router[] = [];
  for (const adapter of adapters) {
    const configured = adapter.configure(envOf(adapter, runtime.config), app);
    if ('off' in configured) {
      runtime.logger.info({ channel: adapter.name }, configured.off);
      continue;
    }
    const logger = runtime.logger.child({ channel: adapter.name });
    const context: ChannelContext<unknown> = {
      settings: configured.settings,
      app,
      logger,
      turns: new TurnRunner(runtime.engine, runtime.templates, logger, app.defaultLanguage),
      store: runtime.store,
      templates: runtime.templates,
      background: runtime.background,
      deferredReplies: runtime.deferredReplies,
      handoff: runtime.handoff,
      staffApproval: runtime.staffApproval,
      knowledge: runtime.knowledge,
    };
    const started = await adapter.start(context);
    for (const sender of started.senders ?? []) runtime.channels.register(sender);
    for (const replies of started.deferredReplies ?? []) runtime.deferredReplies.register(replies);
    if (started.staffDesk) runtime.handoff.attachDesk(started.staffDesk);
    if (started.stop) runtime.onClose(started.stop);
    routes.push(...(started.routes ?? []));
  }
  return routes;
}
