import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackCall } from '../../testkit/fake-slack-server.js';
import { getPage, postForm, signInAs, type ConsoleSession } from '../helpers/console.js';
import { startSlackHarness, staffUsers, type SlackHarness } from '../../testkit/slack-harness.js';
import { dmEvent, eventEnvelope, nextTs, postButtonClick, postEvent, staffChannel, staffReplyEvent } from '../../testkit/slack-requests.js';

const text = (call: SlackCall) => String(call.args.text ?? '');
const blocksOf = (call: SlackCall) => JSON.stringify(call.args.blocks ?? []);
const password = 'correct horse battery';

describe('Slack and the console are two views of one handoff state', { timeout: 120_000 }, () => {
  let h: SlackHarness;
  let casey: ConsoleSession;
  let dana: ConsoleSession;

  beforeAll(async () => {
    h = await startSlackHarness({ env: { ADMIN_TOKEN: 'slack-console-admin-token', STAFF_PASSWORD_HASH_COST: '4' } });
    const actor = { id: 'test', name: 'Test' };
    await h.runtime.staffAccounts.create({ username: 'casey', name: 'Casey', role: 'agent', password }, actor);
    await h.runtime.staffAccounts.create({ username: 'dana', name: 'Dana', role: 'admin', password }, actor);
    casey = await signInAs(h.url, 'casey', password);
    dana = await signInAs(h.url, 'dana', password);
  });
  afterAll(() => h.close());

  /** A Slack customer asks for a person; returns the escalation id and the ts of its card in the staff channel. */
  async function escalate(dm: string, customer: string): Promise<{ escalationId: string; cardTs: string }> {
    await postEvent(h.url, eventEnvelope(dmEvent(customer, dm, 'This is ridiculous, I want to talk to a human agent now!', nextTs())));
    const card = await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === staffChannel && !call.args.thread_ts && blocksOf(call).includes(`<@${customer}>`));
    const conversation = (await h.runtime.store.conversations.findByKey('slack', dm))!;
    const escalation = (await h.runtime.store.escalations.open(conversation.id))!;
    return { escalationId: escalation.id, cardTs: String(card.response.ts) };
  }

  it('a console take-over shows on the Slack card, and a Slack colleague who clicks Take over is refused with the taker’s name', async () => {
    const { escalationId, cardTs } = await escalate('DSHARED001', 'UCUSTSHR01');
    const queue = await getPage(h.url, casey, '/admin/inbox');
    expect(queue.text).toContain(escalationId);

    const taken = await postForm(h.url, casey, `/admin/inbox/${escalationId}/take`);
    expect(taken.status).toBe(303);
    expect(taken.notice).toMatchObject({ kind: 'ok' });
    // The Slack card is redrawn: Casey has it (by name: Slack does not know console accounts).
    await h.slack.waitFor('chat.update', (call) => call.args.ts === cardTs && blocksOf(call).includes('Taken over by *Casey*'));
    // The customer heard it in their Slack DM.
    await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === 'DSHARED001' && /Casey/.test(text(call)));

    await postButtonClick(h.url, { actionId: 'handoff_take_over', value: escalationId, user: staffUsers.alex.id, messageTs: cardTs });
    const refused = await h.slack.waitFor('chat.postEphemeral', (call) => call.args.user === staffUsers.alex.id && /took this over/.test(text(call)));
    expect(text(refused)).toContain('*Casey* took this over');
    expect(await h.runtime.store.escalations.get(escalationId)).toMatchObject({ status: 'taken', assignee: 'console:casey', assigneeName: 'Casey' });

    // Casey replies from the console: it goes to the customer's own channel, and into the Slack thread.
    const replyId = '0b7f8c1e-3a55-4c1f-9d4e-2f1c9b7a6e21';
    const reply = await postForm(h.url, casey, `/admin/inbox/${escalationId}/reply`, { text: 'Hi, Casey here: I am checking your order now.', reply_id: replyId });
    expect(reply.notice).toMatchObject({ kind: 'ok', text: 'Sent to the customer.' });
    // The same form submitted again is not a second message to the customer.
    const again = await postForm(h.url, casey, `/admin/inbox/${escalationId}/reply`, { text: 'Hi, Casey here: I am checking your order now.', reply_id: replyId });
    expect(again.notice).toMatchObject({ kind: 'ok', text: 'Already sent (the form was submitted twice).' });
    await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === 'DSHARED001' && text(call).includes('I am checking your order now.'));
    await h.slack.waitFor('chat.postMessage', (call) => call.args.thread_ts === cardTs && /\*Casey\* replied from the console/.test(text(call)));
    expect(h.slack.callsTo('chat.postMessage', (call) => call.args.channel === 'DSHARED001' && text(call).includes('I am checking your order now.'))).toHaveLength(1);

    // A note stays among staff: in the Slack thread, never to the customer.
    await postForm(h.url, casey, `/admin/inbox/${escalationId}/note`, { text: 'Courier says the parcel is at the depot.' });
    await h.slack.waitFor('chat.postMessage', (call) => call.args.thread_ts === cardTs && /Internal note by \*Casey\*: Courier says/.test(text(call)));
    expect(h.slack.callsTo('chat.postMessage', (call) => call.args.channel === 'DSHARED001' && text(call).includes('Courier'))).toHaveLength(0);

    // A Slack colleague's internal note shows in the console.
    await postEvent(h.url, eventEnvelope(staffReplyEvent(staffUsers.bea.id, cardTs, '// customer called the hotline too')));
    await h.slack.waitFor('reactions.add', (call) => call.args.name === 'lock');
    const page = await getPage(h.url, dana, `/admin/inbox/${escalationId}`);
    expect(page.text).toContain('customer called the hotline too');
    expect(page.text).toContain('Courier says the parcel is at the depot.');

    // Dana (not the assignee) can neither reply nor close it.
    const notHers = await postForm(h.url, dana, `/admin/inbox/${escalationId}/reply`, { text: 'Hello from Dana' });
    expect(notHers.notice?.text).toMatch(/^Not sent: Casey took this over/);
    const notHersToClose = await postForm(h.url, dana, `/admin/inbox/${escalationId}/resolve`);
    expect(notHersToClose.notice?.text).toBe('Casey has this conversation: only they can close it.');

    const resolved = await postForm(h.url, casey, `/admin/inbox/${escalationId}/resolve`);
    expect(resolved.notice).toMatchObject({ kind: 'ok' });
    await h.slack.waitFor('chat.update', (call) => call.args.ts === cardTs && blocksOf(call).includes('Resolved by *Casey*'));
  });

  it('a Slack take-over shows in the console, and a console colleague is refused with the taker’s name', async () => {
    const { escalationId, cardTs } = await escalate('DSHARED002', 'UCUSTSHR02');
    await postButtonClick(h.url, { actionId: 'handoff_take_over', value: escalationId, user: staffUsers.alex.id, messageTs: cardTs });
    await h.slack.waitFor('chat.update', (call) => call.args.ts === cardTs && blocksOf(call).includes('Taken over by'));

    const page = await getPage(h.url, casey, `/admin/inbox/${escalationId}`);
    expect(page.text).toMatch(/<strong>Alex<\/strong>\s+took this over/);
    const take = await postForm(h.url, casey, `/admin/inbox/${escalationId}/take`);
    expect(take.notice?.kind).toBe('error');
    expect(take.notice?.text).toMatch(/^Alex took this over at .*: it is theirs now\.$/);
    // Resolved in Slack: the console shows who closed it.
    await postButtonClick(h.url, { actionId: 'handoff_resolve', value: escalationId, user: staffUsers.alex.id, messageTs: cardTs });
    await h.slack.waitFor('chat.update', (call) => call.args.ts === cardTs && blocksOf(call).includes('Resolved by'));
    const after = await getPage(h.url, casey, `/admin/inbox/${escalationId}/live/actions`);
    expect(after.text).toMatch(/Resolved by <strong>Alex<\/strong>/);
  });

  it('keeps roles: agents work conversations, admins also the knowledge base, accounts, data requests and settings', async () => {
    for (const path of ['/admin/kb', '/admin/accounts', '/admin/customers', '/admin/audit', '/admin/settings']) {
      const asAgent = await getPage(h.url, casey, path);
      expect(asAgent.status, path).toBe(403);
      expect(asAgent.text).toContain('Only an admin');
      expect((await getPage(h.url, dana, path)).status, path).toBe(200);
    }
    for (const path of ['/admin/inbox', '/admin/conversations', '/admin/escalations', '/admin/metrics']) expect((await getPage(h.url, casey, path)).status, path).toBe(200);
    // An agent cannot post admin forms either.
    const created = await postForm(h.url, casey, '/admin/accounts', { username: 'mallory', name: 'Mallory', role: 'admin', password });
    expect(created.status).toBe(403);
    expect(await h.runtime.store.staffAccounts.findByUsername('mallory')).toBeNull();
    const erased = await postForm(h.url, casey, '/admin/customers/erase', { channel: 'slack', userId: 'UCUSTSHR01', confirm: 'yes' });
    expect(erased.status).toBe(403);
    // The live feed needs a session too.
    const anonymous = await fetch(`${h.url}/admin/inbox/events`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    // One sign-in holds a bounded number of live views.
    const views = new AbortController();
    const open = await Promise.all(Array.from({ length: 12 }, () => fetch(`${h.url}/admin/inbox/events`, { headers: { cookie: casey.cookie }, signal: views.signal })));
    expect(open.every((r) => r.status === 200)).toBe(true);
    const thirteenth = await fetch(`${h.url}/admin/inbox/events`, { headers: { cookie: casey.cookie } });
    expect(thirteenth.status).toBe(429);
    expect(await thirteenth.text()).toContain('close some tabs');
    views.abort();
    // The agent's page does not offer admin sections.
    expect((await getPage(h.url, casey, '/admin/inbox')).text).not.toContain('href="/admin/kb"');

    // Once accounts exist, ADMIN_TOKEN no longer signs in to the console (it stays for the API).
    const tokenSignIn = await fetch(`${h.url}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: 'slack-console-admin-token' }),
      redirect: 'manual',
    });
    expect(tokenSignIn.status).toBe(401);
    // A wrong password is refused without saying which half was wrong.
    await expect(signInAs(h.url, 'casey', 'not the password')).rejects.toThrow(/401/);
    // A disabled account is out at its next request.
    const made = await postForm(h.url, dana, '/admin/accounts', { username: 'erin', name: 'Erin', role: 'agent', password });
    expect(made.notice).toMatchObject({ kind: 'ok', text: 'Created agent erin.' });
    const erin = await signInAs(h.url, 'erin', password);
    expect((await getPage(h.url, erin, '/admin/inbox')).status).toBe(200);
    await postForm(h.url, dana, '/admin/accounts/erin/disable');
    expect((await getPage(h.url, erin, '/admin/inbox')).status).toBe(303);
    // The stored password is a bcrypt hash, never the password.
    const stored = (await h.runtime.store.staffAccounts.findByUsername('erin'))!;
    expect(stored.passwordHash).toMatch(/^\$2[aby]\$04\$/);
    expect(stored.passwordHash).not.toContain(password);
  });

  it('records who took, replied, noted, resolved, created and disabled what in the audit log', async () => {
    const entries = await h.runtime.store.audit.list(100);
    const seen = entries.map((e) => `${e.actor.name} ${e.action}`);
    for (const expected of ['Casey took', 'Casey replied', 'Casey noted', 'Casey resolved', 'Dana account_created', 'Dana account_disabled']) expect(seen).toContain(expected);
    expect(entries.find((e) => e.action === 'account_disabled')?.target).toBe('account:erin');
    const page = await getPage(h.url, dana, '/admin/audit');
    expect(page.text).toContain('<td>Casey</td><td>replied</td>');
    // Slack colleagues' actions are on record too: one state, one log.
    expect(seen).toEqual(expect.arrayContaining(['Alex took', 'Alex resolved', 'Bea Lin noted']));
  });
});
