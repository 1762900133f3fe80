import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBotConnector, type FakeBotConnector } from '../../testkit/fake-bot-connector.js';
import { customer, personalChatId, personalMessage, postActivity, teamsIds } from '../../testkit/teams-activities.js';
import { startTeamsHarness, type TeamsHarness } from '../helpers/teams-harness.js';

/**
 * The production set-up: an app id, so every request must carry a Bot Framework JWT. The
 * SDK verifies it against the signing keys the OpenID stand-in publishes, and signs its own
 * replies with a token from the managed identity endpoint (App Service's IDENTITY_ENDPOINT),
 * which the Bot Connector stand-in demands on every call.
 */
describe('Teams with Bot Framework authentication', () => {
  let connector: FakeBotConnector;
  let h: TeamsHarness;
  const savedEnv = { IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT, IDENTITY_HEADER: process.env.IDENTITY_HEADER };

  beforeAll(async () => {
    connector = await startFakeBotConnector({ requireBearer: true });
    // Azure App Service sets these for a managed identity; the Azure SDK reads them from the environment.
    process.env.IDENTITY_ENDPOINT = connector.identityEndpoint;
    process.env.IDENTITY_HEADER = connector.identityHeader;
    h = await startTeamsHarness({
      connector,
      env: {
        TEAMS_ALLOW_UNAUTHENTICATED: 'false',
        TEAMS_APP_ID: teamsIds.appId,
        TEAMS_APP_TYPE: 'UserAssignedMSI',
        TEAMS_APP_TENANT_ID: teamsIds.tenantId,
        TEAMS_OPENID_METADATA_URL: connector.openIdMetadataUrl,
      },
    });
  });
  afterAll(async () => {
    await h.close();
    await connector.close();
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const signedFor = (activity: { serviceUrl: string }, claims: Record<string, unknown> = {}) =>
    connector.channelToken({ aud: teamsIds.appId, serviceurl: activity.serviceUrl, ...claims });

  it('a request signed by the Bot Framework for this app is answered, and the answer carries the managed identity token', async () => {
    const nia = customer('Nia Long');
    const activity = personalMessage({ serviceUrl: connector.serviceUrl, from: nia, text: 'How long does a refund take to reach my card?' });
    const response = await postActivity(h.url, activity, signedFor(activity));
    expect(response.status).toBe(200);
    const [answer] = connector.messagesIn(personalChatId(nia));
    expect(String(answer!.activity.text)).toMatch(/refund/i);
    expect(connector.issuedTokens).toContain(answer!.authorization!.replace(/^Bearer /, ''));
    // The token was asked for the Bot Framework's audience, as this app's identity.
    expect(connector.msiRequests[0]).toMatchObject({ resource: 'https://api.botframework.com', clientId: teamsIds.appId, identityHeader: connector.identityHeader });
  });

  it('proactive messages (staff replies, late answers) are signed the same way', async () => {
    const oli = customer('Oli Reed');
    const activity = personalMessage({ serviceUrl: connector.serviceUrl, from: oli, text: 'hello' });
    await postActivity(h.url, activity, signedFor(activity));
    const conversation = (await h.runtime.store.conversations.findByKey('teams', personalChatId(oli)))!;
    await h.runtime.channels.send(
      { channel: 'teams', conversationKey: conversation.conversationKey, userId: conversation.userId, replyContext: conversation.replyContext },
      { author: 'staff', authorName: 'Alex', text: 'Hi, Alex here from the support team.' },
    );
    const staffReply = connector.messagesIn(personalChatId(oli)).at(-1)!;
    expect(String(staffReply.activity.text)).toBe('**Alex** · support team\n\nHi, Alex here from the support team.');
    expect(connector.issuedTokens).toContain(staffReply.authorization!.replace(/^Bearer /, ''));
  });

  it('requests without a valid token are refused with 401, and nothing is answered or stored', async () => {
    const pat = customer('Pat Kim');
    const activity = personalMessage({ serviceUrl: connector.serviceUrl, from: pat, text: 'Where is my order?' });
    const now = Math.floor(Date.now() / 1000);
    const forged = {
      'no token': undefined,
      'signed with a key the Bot Framework never published': connector.channelToken({ aud: teamsIds.appId, serviceurl: activity.serviceUrl }, { key: connector.strangerKey }),
      'meant for another bot': signedFor(activity, { aud: '11111111-2222-3333-4444-555555555555' }),
      'issued by someone else': signedFor(activity, { iss: 'https://evil.example.com' }),
      'for another service URL (replies would go elsewhere)': signedFor(activity, { serviceurl: 'https://attacker.example.com/' }),
      expired: signedFor(activity, { exp: now - 3600, nbf: now - 7200, iat: now - 7200 }),
      'not a JWT': 'definitely-not-a-jwt',
    };
    for (const [why, token] of Object.entries(forged)) {
      const response = await postActivity(h.url, activity, token);
      expect(response.status, why).toBe(401);
    }
    expect(connector.calls.filter((call) => call.conversationId === personalChatId(pat))).toEqual([]);
    expect(await h.runtime.store.conversations.findByKey('teams', personalChatId(pat))).toBeNull();
  });
});
