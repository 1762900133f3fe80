import type { Runtime, RuntimeOptions } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { startFakeBotConnector, type FakeBotConnector } from '../../testkit/fake-bot-connector.js';
import { tempDir, testRuntime } from '../../testkit/runtime.js';

export interface TeamsHarness {
  connector: FakeBotConnector;
  runtime: Runtime;
  server: RunningServer;
  url: string;
  close(): Promise<void>;
}

/**
 * The real server with the Teams adapter on, its Bot Connector on 127.0.0.1. Without `env`
 * it runs unauthenticated (as with the Bot Framework Emulator); tests of the JWT path set
 * TEAMS_APP_ID and friends themselves.
 */
export async function startTeamsHarness(options: { env?: Record<string, string>; runtime?: RuntimeOptions; connector?: FakeBotConnector } = {}): Promise<TeamsHarness> {
  const connector = options.connector ?? (await startFakeBotConnector());
  const dir = tempDir();
  const metrics = createMetrics();
  const runtime = await testRuntime(dir.path, {
    observer: metrics.observer,
    ...options.runtime,
    env: { TEAMS_ALLOW_UNAUTHENTICATED: 'true', ...options.env },
  });
  const server = await startServer(runtime, metrics, { host: '127.0.0.1', port: 0 });
  return {
    connector,
    runtime,
    server,
    url: server.url,
    async close() {
      await server.close();
      await runtime.close();
      if (!options.connector) await connector.close();
      dir.remove();
    },
  };
}
