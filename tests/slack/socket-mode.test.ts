import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../../testkit/fake-slack-server.js';
import { startSlackHarness, staffUsers, type SlackHarness } from '../../testkit/slack-harness.js';
import { dmEvent, eventEnvelope, staffChannel } from '../../testkit/slack-requests.js';

describe('Socket Mode (SLACK_APP_TOKEN): no public URL needed', () => {
  let slack: FakeSlack;
  let h: SlackHarness;
  beforeAll(async () => {
    slack = await startFakeSlack();
    h = await startSlackHarness({ slack, env: { SLACK_APP_TOKEN: 'xapp-1-test', SLACK_SIGNING_SECRET: '' } });
    await slack.socketMode.connected();
  });
  afterAll(async () => {
    await h.close();
    await slack.close();
  });

  it('opens the connection with the app token, and there is no HTTP endpoint', async () => {
    const open = await slack.waitFor('apps.connections.open');
    expect(open.token).toBe('xapp-1-test');
    expect((await fetch(`${h.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('acknowledges events over the socket and answers a DM, and staff buttons work the same way', async () => {
    const ack = await slack.socketMode.send('events_api', eventEnvelope(dmEvent('USOCK1', 'DSOCK00001', 'I want a human agent now, this is unacceptable')));
    expect(ack.envelope_id).toBeTruthy();
    const reply = await slack.waitFor('chat.postMessage', (call) => call.args.channel === 'DSOCK00001');
    expect(reply.token).toBe('xoxb-test-token');
    const card = await slack.waitFor('chat.postMessage', (call) => call.args.channel === staffChannel && !call.args.thread_ts);
    const cardTs = String(card.response.ts);
    const conversation = (await h.runtime.store.conversations.findByKey('slack', 'DSOCK00001'))!;
    const escalation = (await h.runtime.store.escalations.open(conversation.id))!;

    await slack.socketMode.send('interactive', {
      type: 'block_actions',
      team: { id: 'T1', domain: 'demo' },
      user: { id: staffUsers.alex.id, username: 'alex', name: 'alex', team_id: 'T1' },
      api_app_id: 'A1',
      token: 'legacy',
      container: { type: 'message', message_ts: cardTs, channel_id: staffChannel, is_ephemeral: false },
      trigger_id: '1.2.3',
      channel: { id: staffChannel, name: 'staff' },
      message: { type: 'message', ts: cardTs, text: 'escalation' },
      actions: [
        {
          type: 'button',
          action_id: 'handoff_take_over',
          block_id: `handoff:${escalation.id}`,
          value: escalation.id,
          text: { type: 'plain_text', text: 'Take over' },
          action_ts: '1',
        },
      ],
    });
    await slack.waitFor('chat.update', (call) => call.args.ts === cardTs && JSON.stringify(call.args.blocks).includes('Taken over by'));
    expect((await h.runtime.store.escalations.get(escalation.id))!.assignee).toBe(staffUsers.alex.id);
  });
});
