import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { startFakeDiscord, type FakeDiscord } from '../../testkit/fake-discord.js';
import { tempDir, testConfig } from '../../testkit/runtime.js';
import { watchedLogger, type LogLine } from './watched-logger.js';

export interface DiscordHarness {
  discord: FakeDiscord;
  runtime: Runtime;
  server: RunningServer;
  url: string;
  logs: LogLine[];
  waitForLog(predicate: (line: LogLine) => boolean): Promise<LogLine>;
  close(): Promise<void>;
}

/**
 * The real server with the Discord adapter on, logged in to a Discord stand-in on 127.0.0.1
 * (REST and gateway). By default it waits until the bot says it is connected; `supportChannel`
 * turns the support channel on; `dataDir` lets several processes share one store.
 */
export async function startDiscordHarness(
  options: {
    discord?: FakeDiscord;
    supportChannel?: boolean;
    env?: Record<string, string>;
    runtime?: RuntimeOptions;
    dataDir?: string;
    waitForConnection?: boolean;
  } = {},
): Promise<DiscordHarness> {
  const discord = options.discord ?? (await startFakeDiscord());
  const dir = options.dataDir ? null : tempDir();
  const { logger, lines, waitFor } = watchedLogger();
  const metrics = createMetrics();
  const config = testConfig(options.dataDir ?? dir!.path, {
    DISCORD_BOT_TOKEN: discord.token,
    DISCORD_API_URL: discord.apiUrl,
    ...(options.supportChannel ? { DISCORD_SUPPORT_CHANNEL: discord.supportChannelId } : {}),
    ...options.env,
  });
  const runtime = await createRuntime(config, logger, { observer: metrics.observer, ...options.runtime });
  const server = await startServer(runtime, metrics, { host: '127.0.0.1', port: 0 });
  if (options.waitForConnection ?? true) await waitFor((line) => line.msg === 'discord adapter connected');
  return {
    discord,
    runtime,
    server,
    url: server.url,
    logs: lines,
    waitForLog: waitFor,
    async close() {
      await server.close();
      await runtime.close();
      if (!options.discord) await discord.close();
      dir?.remove();
    },
  };
}
