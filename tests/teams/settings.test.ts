import { describe, expect, it } from 'vitest';
import { teamsChannel } from '../../adapters/teams/index.js';
import { startChannels } from '../../src/server/channels.js';
import { teamsSettingsOf } from '../../adapters/teams/settings.js';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';
import { createRuntime } from '../../src/runtime.js';
import { capturedLogger } from '../helpers/log-capture.js';
import { tempDir, testConfig } from '../../testkit/runtime.js';
import { customer, personalMessage, postActivity, teamsIds } from '../../testkit/teams-activities.js';
import { startTeamsHarness } from '../helpers/teams-harness.js';

const { appId, tenantId } = teamsIds;

function problemsOf(env: Record<string, string>): string {
  try {
    teamsSettingsOf(loadConfig(env));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  return '';
}

describe('Teams settings', () => {
  it('off without an app id; each app type asks for what it needs, naming the variable', () => {
    expect(teamsSettingsOf(loadConfig({}))).toBeNull();
    expect(problemsOf({ TEAMS_APP_PASSWORD: 'secret' })).toContain('TEAMS_APP_ID is required when TEAMS_APP_PASSWORD is set');
    expect(problemsOf({ TEAMS_APP_ID: appId })).toContain('TEAMS_APP_PASSWORD is required for TEAMS_APP_TYPE=MultiTenant');
    expect(problemsOf({ TEAMS_APP_ID: appId, TEAMS_APP_TYPE: 'SingleTenant', TEAMS_APP_PASSWORD: 's' })).toContain(
      'TEAMS_APP_TENANT_ID is required for TEAMS_APP_TYPE=SingleTenant',
    );
    expect(problemsOf({ TEAMS_APP_ID: appId, TEAMS_APP_TYPE: 'UserAssignedMSI', TEAMS_APP_TENANT_ID: tenantId, TEAMS_APP_PASSWORD: 's' })).toContain(
      'TEAMS_APP_PASSWORD must not be set for TEAMS_APP_TYPE=UserAssignedMSI',
    );
    expect(teamsSettingsOf(loadConfig({ TEAMS_APP_ID: appId, TEAMS_APP_PASSWORD: 's', TEAMS_APP_TENANT_ID: tenantId }))).toMatchObject({
      authenticated: true,
      appType: 'SingleTenant',
      tenantId,
    });
  });

  it('an app id that is not a GUID stops start-up, and the client secret is never echoed', () => {
    let message = '';
    try {
      loadConfig({ TEAMS_APP_ID: 'aftercare-bot', TEAMS_APP_PASSWORD: 'Zx8Q~very-secret-value' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('TEAMS_APP_ID="aftercare-bot"');
    expect(message).toContain('Microsoft App ID');
    expect(problemsOf({ TEAMS_APP_ID: appId, TEAMS_APP_TYPE: 'SingleTenant', TEAMS_APP_PASSWORD: 'Zx8Q~very-secret-value' })).not.toContain('very-secret');
  });

  it('running without authentication must be asked for, and is refused in production', () => {
    expect(teamsSettingsOf(loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'true' }))).toMatchObject({ authenticated: false });
    expect(problemsOf({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', NODE_ENV: 'production' })).toContain('refused when NODE_ENV=production');
  });

  it('says in the log whether the adapter is on, and warns loudly when it runs unauthenticated', async () => {
    const dir = tempDir();
    for (const [env, expected] of [
      [{}, 'teams adapter off: TEAMS_APP_ID is not set'],
      [{ TEAMS_ALLOW_UNAUTHENTICATED: 'true' }, 'teams adapter on WITHOUT authentication'],
      [{ TEAMS_APP_ID: appId, TEAMS_APP_PASSWORD: 'Zx8Q~very-secret-value', TEAMS_APP_TENANT_ID: tenantId }, 'teams adapter on'],
    ] as const) {
      const { logger, lines } = capturedLogger();
      const runtime = await createRuntime(testConfig(dir.path, env), logger);
      const routers = await startChannels(runtime, [teamsChannel]);
      expect(routers.length).toBe(Object.keys(env).length === 0 ? 0 : 1);
      const line = lines.find((l) => String(l.msg).startsWith(expected));
      expect(line, expected).toBeDefined();
      expect(JSON.stringify(lines)).not.toContain('very-secret');
      await runtime.close();
    }
    dir.remove();
  });

  it('when the Bot Framework signing keys cannot be fetched, requests get 503 (retry later), not 401', async () => {
    const h = await startTeamsHarness({
      env: {
        TEAMS_ALLOW_UNAUTHENTICATED: 'false',
        TEAMS_APP_ID: appId,
        TEAMS_APP_PASSWORD: 'Zx8Q~very-secret-value',
        TEAMS_APP_TENANT_ID: tenantId,
        // Nothing listens on port 9 of 127.0.0.1 here.
        TEAMS_OPENID_METADATA_URL: 'http://127.0.0.1:9/.well-known/openidconfiguration',
      },
    });
    const activity = personalMessage({ serviceUrl: h.connector.serviceUrl, from: customer('Sam Ray'), text: 'hello' });
    const token = h.connector.channelToken({ aud: appId, serviceurl: activity.serviceUrl });
    expect((await postActivity(h.url, activity, token)).status).toBe(503);
    await h.close();
  });
});
