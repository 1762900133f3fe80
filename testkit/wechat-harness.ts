import type { Stage } from '../src/core/turn.js';
import { createLogger } from '../src/logger.js';
import { createRuntime, type Runtime } from '../src/runtime.js';
import { startServer, type RunningServer } from '../src/server/http-server.js';
import { createMetrics } from '../src/server/metrics.js';
import { startFakeWeChatApi, type FakeWeChatApi } from './fake-wechat-api.js';
import { tempDir, testConfig } from './runtime.js';
import { Platform } from './wechat-platform.js';

export { gateBefore } from './stage-gate.js';

export const officialAccount = {
  token: 'aftercare-test-token',
  appId: 'wx0123456789abcdef',
  appSecret: 'test-app-secret-0123456789',
  aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  account: 'gh_aftercare01',
};

// Tencent's WeCom sample credentials, so the published sample requests verify against them.
export const wecom = {
  token: 'QDG6eK',
  corpId: 'wx5823bf96d3bd56c7',
  aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  secret: 'wecom-app-secret-0123456789',
  agentId: '1000002',
  kfSecret: 'wecom-kf-secret-0123456789',
};

export interface Bot {
  runtime: Runtime;
  server: RunningServer;
  api: FakeWeChatApi;
  /** The Official Account side (/wechat). */
  platform: Platform;
  /** The WeCom side (/wecom). */
  wecomPlatform: Platform;
  /** Every log line the bot wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * The whole bot on 127.0.0.1 as `aftercare serve` runs it, configured for an Official Account
 * and a WeCom app whose APIs point at a local stand-in.
 */
export async function startBot(
  options: {
    env?: Record<string, string>;
    customiseStages?: (stages: Stage[]) => Stage[];
    /** Share another bot's data directory and API stand-in: a second process of the same deployment. */
    sharing?: Bot;
    /** Benchmarks turn logging down; tests read every line. */
    logLevel?: string;
  } = {},
): Promise<Bot> {
  const dir = options.sharing ? null : tempDir();
  const dataDir = options.sharing?.dataDir ?? dir!.path;
  const api =
    options.sharing?.api ??
    (await startFakeWeChatApi({ appId: officialAccount.appId, secret: officialAccount.appSecret, corpId: wecom.corpId, corpSecrets: [wecom.secret, wecom.kfSecret] }));
  const config = testConfig(dataDir, {
    WECHAT_TOKEN: officialAccount.token,
    WECHAT_APP_ID: officialAccount.appId,
    WECHAT_APP_SECRET: officialAccount.appSecret,
    WECHAT_ENCODING_AES_KEY: officialAccount.aesKey,
    WECHAT_API_BASE_URL: api.url,
    WECOM_TOKEN: wecom.token,
    WECOM_CORP_ID: wecom.corpId,
    WECOM_ENCODING_AES_KEY: wecom.aesKey,
    WECOM_SECRET: wecom.secret,
    WECOM_AGENT_ID: wecom.agentId,
    WECOM_KF_SECRET: wecom.kfSecret,
    WECOM_API_BASE_URL: api.url,
    ...options.env,
  });
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: options.logLevel ?? 'debug', destination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) } });
  const runtime = await createRuntime(config, logger, { customiseStages: options.customiseStages });
  const server = await startServer(runtime, createMetrics(), { host: '127.0.0.1', port: 0 });
  return {
    runtime,
    server,
    api,
    platform: new Platform({ server: server.url, path: '/wechat', token: officialAccount.token, aesKey: officialAccount.aesKey, receiverId: officialAccount.appId }),
    wecomPlatform: new Platform({ server: server.url, path: '/wecom', token: wecom.token, aesKey: wecom.aesKey, receiverId: wecom.corpId }),
    logs,
    dataDir,
    async close() {
      await server.close();
      await runtime.close();
      if (!options.sharing) await api.close();
      dir?.remove();
    },
  };
}

/** Log lines at warn level or above. */
export const warnings = (bot: Bot) => bot.logs.filter((line) => Number(line.level) >= 40);
