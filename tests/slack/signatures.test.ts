import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/load-config.js';
import { startSlackHarness, type SlackHarness } from '../../testkit/slack-harness.js';
import { dmEvent, eventEnvelope, postEvent, postToSlackEndpoint, slackSignature } from '../../testkit/slack-requests.js';
import { tempDir, testRuntime } from '../../testkit/runtime.js';
import { startServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';

describe('POST /slack/events: request signatures', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(() => h.close());

  it('answers url_verification with the challenge when the request is signed', async () => {
    const response = await postEvent(h.url, { type: 'url_verification', token: 't', challenge: 'challenge-abc' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: 'challenge-abc' });
  });

  it('rejects a wrong signature, a missing one, and a body changed after signing with 401, and acts on none of them', async () => {
    const body = JSON.stringify(eventEnvelope(dmEvent('UCUST1', 'DSIG1', 'How long does a refund take?')));
    const now = Math.floor(Date.now() / 1000);
    const forged = await postToSlackEndpoint(h.url, body, 'application/json', { secret: 'not-the-secret' });
    const missing = await postToSlackEndpoint(h.url, body, 'application/json', { signature: null });
    const tampered = await postToSlackEndpoint(h.url, body.replace('refund', 'REFUND'), 'application/json', {
      signature: slackSignature(body, now),
      timestamp: now,
    });
    expect([forged.status, missing.status, tampered.status]).toEqual([401, 401, 401]);
    expect(await h.runtime.store.conversations.findByKey('slack', 'DSIG1')).toBeNull();
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('rejects a correctly signed request whose timestamp is more than five minutes old (replay)', async () => {
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const response = await postEvent(h.url, eventEnvelope(dmEvent('UCUST2', 'DSIG2', 'hello')), { timestamp: stale });
    expect(response.status).toBe(401);
    expect(await h.runtime.store.conversations.findByKey('slack', 'DSIG2')).toBeNull();
  });

  it('rejects a correctly signed request stamped ten minutes in the future', async () => {
    const ahead = Math.floor(Date.now() / 1000) + 10 * 60;
    const response = await postEvent(h.url, eventEnvelope(dmEvent('UCUST3', 'DSIG3', 'hello')), { timestamp: ahead });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'timestamp_in_future' });
    expect(await h.runtime.store.conversations.findByKey('slack', 'DSIG3')).toBeNull();
    // A clock a little ahead (within Slack's five minutes) is still fine.
    const slightly = await postEvent(h.url, { type: 'url_verification', token: 't', challenge: 'c' }, { timestamp: Math.floor(Date.now() / 1000) + 60 });
    expect(slightly.status).toBe(200);
  });

  it('a signed but malformed body is a 4xx, and the server keeps serving', async () => {
    const response = await postToSlackEndpoint(h.url, '{"type": "event_callback", ', 'application/json');
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });

  it('a valid signed event is acknowledged at once with 200', async () => {
    const response = await postEvent(h.url, eventEnvelope(dmEvent('UCUST3', 'DSIG3', 'hello')));
    expect(response.status).toBe(200);
    await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === 'DSIG3');
  });
});

describe('Slack settings', () => {
  it('without a bot token the adapter is off and /slack/events does not exist', async () => {
    const dir = tempDir();
    const runtime = await testRuntime(dir.path);
    const server = await startServer(runtime, createMetrics(), { host: '127.0.0.1', port: 0 });
    try {
      expect((await fetch(`${server.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
      expect(runtime.handoff.deskName).toBeNull();
    } finally {
      await server.close();
      await runtime.close();
      dir.remove();
    }
  });

  it('a half-configured Slack stops start-up with a message naming what is missing', async () => {
    const dir = tempDir();
    const runtime = await testRuntime(dir.path, { env: { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_STAFF_CHANNEL: 'C0STAFF01' } });
    try {
      const error = await startServer(runtime, createMetrics(), { host: '127.0.0.1', port: 0 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/SLACK_SIGNING_SECRET.*SLACK_APP_TOKEN/);
    } finally {
      await runtime.close();
      dir.remove();
    }
  });

  it('a channel name instead of a channel ID is refused at start-up', async () => {
    const dir = tempDir();
    const error = await testRuntime(dir.path, { env: { SLACK_STAFF_CHANNEL: '#support-staff' } }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('SLACK_STAFF_CHANNEL');
    expect((error as Error).message).toContain('channel ID');
    dir.remove();
  });
});
