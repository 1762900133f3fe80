import type { Runtime, RuntimeOptions } from '../src/runtime.js';
import { startServer, type RunningServer } from '../src/server/http-server.js';
import { createMetrics } from '../src/server/metrics.js';
import { startFakeSlack, type FakeSlack } from './fake-slack-server.js';
import { tempDir, testRuntime } from './runtime.js';
import { slackEnv } from './slack-requests.js';

export interface SlackHarness {
  slack: FakeSlack;
  runtime: Runtime;
  server: RunningServer;
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

export const staffUsers = {
  alex: { id: 'USTAFFALEX', name: 'alex.w', display_name: 'Alex' },
  bea: { id: 'USTAFFBEA1', name: 'bea', real_name: 'Bea Lin' },
};

/** The real server with the Slack adapter on, talking to a fake Slack Web API on 127.0.0.1. */
export async function startSlackHarness(options: { env?: Record<string, string>; slack?: FakeSlack; dataDir?: string; runtime?: RuntimeOptions } = {}): Promise<SlackHarness> {
  const slack = options.slack ?? (await startFakeSlack());
  for (const user of Object.values(staffUsers)) slack.addUser(user);
  const dir = options.dataDir ? null : tempDir();
  const dataDir = options.dataDir ?? dir!.path;
  const metrics = createMetrics();
  const runtime = await testRuntime(dataDir, { observer: metrics.observer, ...options.runtime, env: { ...slackEnv(slack.url), ...options.env } });
  const server = await startServer(runtime, metrics, { host: '127.0.0.1', port: 0 });
  return {
    slack,
    runtime,
    server,
    url: server.url,
    dataDir,
    async close() {
      await server.close();
      await runtime.close();
      if (!options.slack) await slack.close();
      dir?.remove();
    },
  };
}
