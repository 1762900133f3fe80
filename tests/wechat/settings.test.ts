import { describe, expect, it } from 'vitest';
import { wechatChannel } from '../../adapters/wechat/index.js';
import { startChannels } from '../../src/server/channels.js';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logger.js';
import { createRuntime } from '../../src/runtime.js';
import { tempDir, testConfig } from '../../testkit/runtime.js';

async function routesWith(env: Record<string, string>) {
  const dir = tempDir();
  const lines: Array<{ msg: string }> = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string }) } });
  const runtime = await createRuntime(testConfig(dir.path, env), logger);
  try {
    return { routes: await startChannels(runtime, [wechatChannel]), lines, registered: ['wechat', 'wecom'].filter((c) => runtime.channels.has(c)) };
  } catch (error) {
    return { error, lines, routes: [], registered: [] };
  } finally {
    await runtime.close();
    dir.remove();
  }
}

describe('WeChat and WeCom settings', () => {
  it('both adapters are off, and say so, when their tokens are unset', async () => {
    const { routes, lines } = await routesWith({});
    expect(routes).toHaveLength(0);
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['WeChat Official Account adapter off: WECHAT_TOKEN is not set', 'WeCom adapter off: WECOM_TOKEN is not set']));
  });

  it('names the missing variable when a combination cannot work', async () => {
    const safeWithoutKey = await routesWith({ WECHAT_TOKEN: 't', WECHAT_MESSAGE_MODE: 'safe' });
    expect(safeWithoutKey.error).toBeInstanceOf(ConfigError);
    expect(String(safeWithoutKey.error)).toContain('WECHAT_ENCODING_AES_KEY: required when WECHAT_MESSAGE_MODE=safe');
    const keyWithoutApp = await routesWith({ WECHAT_TOKEN: 't', WECHAT_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' });
    expect(String(keyWithoutApp.error)).toContain('WECHAT_APP_ID');
    const wecomWithoutCorp = await routesWith({ WECOM_TOKEN: 't' });
    expect(String(wecomWithoutCorp.error)).toContain('WECOM_CORP_ID');
  });

  it('registers a sender only when API credentials are there to send with', async () => {
    const passiveOnly = await routesWith({ WECHAT_TOKEN: 't' });
    expect(passiveOnly.routes).toHaveLength(1);
    expect(passiveOnly.registered).toEqual([]);
    const full = await routesWith({ WECHAT_TOKEN: 't', WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 's' });
    expect(full.registered).toEqual(['wechat']);
  });

  it('checks values at start-up and never prints the secrets', () => {
    const attempt = () =>
      loadConfig({ WECHAT_ENCODING_AES_KEY: 'too-short-secret-value', WECHAT_REPLY_BUDGET_MS: '6000', WEBHOOK_CHANNELS: '{"shop": {"secret": "short-secret-value"' });
    expect(attempt).toThrow(ConfigError);
    const message = (() => {
      try {
        attempt();
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(message).toContain('WECHAT_ENCODING_AES_KEY=(hidden)');
    expect(message).toContain('WECHAT_REPLY_BUDGET_MS="6000"');
    expect(message).toContain('WEBHOOK_CHANNELS=(hidden)');
    expect(message).not.toContain('too-short-secret-value');
    expect(message).not.toContain('short-secret-value');
  });

  it('validates each webhook channel, naming the field', () => {
    const error = (() => {
      try {
        loadConfig({ WEBHOOK_CHANNELS: JSON.stringify({ 'Shop App': { secret: 'x', callbackUrl: 'ftp://shop' } }) });
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(error).toMatch(/WEBHOOK_CHANNELS\.Shop App/);
    expect(error).toMatch(/secret/);
    expect(error).toMatch(/callbackUrl/);
    expect(error).not.toContain('"x"');
    const ok = loadConfig({ WEBHOOK_CHANNELS: JSON.stringify({ shop: { secret: 'a'.repeat(32), callbackUrl: 'https://shop.example/cb' } }) });
    expect(ok.WEBHOOK_CHANNELS?.shop).toMatchObject({ replyBudgetMs: 5000, maxAttempts: 6 });
  });
});
