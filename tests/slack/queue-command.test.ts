import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../testkit/runtime.js';
import { startSlackHarness, staffUsers, type SlackHarness } from '../../testkit/slack-harness.js';
import { postSlashCommand, staffChannel, supportChannel } from '../../testkit/slack-requests.js';

describe('/aftercare: the queue, for staff only', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(() => h.close());

  const ask = async (channel: string) => {
    const response = await postSlashCommand(h.url, { user: staffUsers.alex.id, channel });
    expect(response.status).toBe(200);
    return (await response.json()) as { response_type: string; text: string };
  };

  it('lists who is waiting and who is with whom, with links to the cards, visible only to the asker', async () => {
    expect((await ask(staffChannel)).text).toContain('Nobody is waiting');
    await h.runtime.engine.handle(message('queue-1', 'agent please'));
    await h.runtime.engine.handle(message('queue-2', '转人工'));
    await h.runtime.engine.settled();
    const second = (await h.runtime.store.conversations.findByKey('test', 'queue-2'))!;
    const escalation = (await h.runtime.store.escalations.open(second.id))!;
    await h.runtime.handoff.act('take_over', escalation.id, { id: staffUsers.bea.id, name: 'Bea' });

    const answer = await ask(staffChannel);
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain('*1 waiting, 1 with staff*');
    expect(answer.text).toMatch(
      /waiting 0 min\* · Asked for a person · test · `user-queue-1` · conversation `queue-1` · <https:\/\/demoshop\.slack\.com\/archives\/CSTAFF0001\/p\d+\|open>/,
    );
    expect(answer.text).toContain(`<@${staffUsers.bea.id}> since`);
  });

  it('outside the staff channel it shows nothing about customers', async () => {
    const answer = await ask(supportChannel);
    expect(answer.text).toContain('only shown in the staff channel');
    expect(answer.text).not.toContain('queue-1');
  });
});
