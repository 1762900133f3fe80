import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerDataSource, CustomerScope } from '../../src/privacy/customer-data.js';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { cliEnv, runCliAsync } from '../../testkit/cli.js';
import { getPage, postForm, signInAs, type ConsoleSession } from '../helpers/console.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';

const password = 'a long admin password';

/** Every row of every table, as text: what a copy of the database would show. */
function everythingStored(runtime: Runtime): string {
  const db = (runtime.store as SqliteStore).db;
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
  return tables.map(({ name }) => `${name}: ${JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())}`).join('\n');
}

/** Another list that keeps customers' words (like the knowledge-base misses list), joining export and erasure. */
class QuestionList implements CustomerDataSource {
  readonly name = 'unanswered-questions';
  readonly questions = new Map<string, string[]>();
  async export(scope: CustomerScope) {
    return scope.conversations.flatMap((c) => this.questions.get(c.id) ?? []);
  }
  async erase(scope: CustomerScope) {
    let removed = 0;
    for (const c of scope.conversations) {
      removed += this.questions.get(c.id)?.length ?? 0;
      this.questions.delete(c.id);
    }
    return removed;
  }
}

describe("customers' data: export, erasure, retention", { timeout: 300_000 }, () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let server: RunningServer;
  let admin: ConsoleSession;
  const questions = new QuestionList();

  beforeAll(async () => {
    dir = tempDir();
    const metrics = createMetrics();
    runtime = await testRuntime(dir.path, { observer: metrics.observer, env: { STAFF_PASSWORD_HASH_COST: '4' } });
    runtime.customerData.register(questions);
    await runtime.staffAccounts.create({ username: 'ada', name: 'Ada', role: 'admin', password }, { id: 'test', name: 'Test' });
    server = await startServer(runtime, metrics, { host: '127.0.0.1', port: 0 });
    admin = await signInAs(server.url, 'ada', password);
  });
  afterAll(async () => {
    await server.close();
    await runtime.close();
    dir.remove();
  });

  it('exports everything stored about one customer as JSON, and erases it so nothing of them is left', async () => {
    await runtime.engine.handle(message('erase-me-7731', 'My order A-7731 to 12 Baker Street has not arrived, what now?'));
    await runtime.engine.handle(message('erase-me-7731', 'I want to talk to a real person now!'));
    await runtime.engine.handle(message('keep-me-1', 'How long does a refund take to reach my card?'));
    const conversation = (await runtime.store.conversations.findByKey('test', 'erase-me-7731'))!;
    const escalation = (await runtime.store.escalations.open(conversation.id))!;
    await runtime.handoff.addNote(escalation.id, { id: 'console:ada', name: 'Ada' }, 'Called the courier about Baker Street.');
    questions.questions.set(conversation.id, ['what now at 12 Baker Street?']);

    const exported = await postForm(server.url, admin, '/admin/customers/export', { channel: 'test', userId: 'user-erase-me-7731' });
    expect(exported.status).toBe(200);
    expect(exported.response.headers.get('content-disposition')).toContain('attachment; filename="customer-test-user-erase-me-7731.json"');
    const data = (await exported.response.json()) as {
      customer: unknown;
      conversations: Array<{
        conversation: { conversationKey: string };
        messages: Array<{ text: string }>;
        escalations: unknown[];
        notes: Array<{ text: string }>;
        inbox: unknown[];
      }>;
      other: Record<string, unknown>;
    };
    expect(data.customer).toEqual({ channel: 'test', userId: 'user-erase-me-7731' });
    expect(data.conversations).toHaveLength(1);
    const [only] = data.conversations;
    expect(only!.conversation.conversationKey).toBe('erase-me-7731');
    expect(only!.messages.map((m) => m.text)).toContain('I want to talk to a real person now!');
    expect(only!.escalations).toHaveLength(1);
    expect(only!.notes.map((n) => n.text)).toEqual(['Called the courier about Baker Street.']);
    expect(only!.inbox).toHaveLength(2);
    expect(data.other['unanswered-questions']).toEqual(['what now at 12 Baker Street?']);
    expect(JSON.stringify(data)).not.toContain('refund take to reach my card');

    expect(everythingStored(runtime)).toContain('Baker Street');
    const erased = await postForm(server.url, admin, '/admin/customers/erase', { channel: 'test', userId: 'user-erase-me-7731', confirm: 'yes' });
    expect(erased.notice).toMatchObject({ kind: 'ok' });
    expect(erased.notice!.text).toMatch(/^Erased 1 conversation\(s\)/);
    const left = everythingStored(runtime);
    for (const trace of ['erase-me-7731', 'user-erase-me-7731', 'Baker Street', 'A-7731', 'real person now', 'Called the courier']) expect(left).not.toContain(trace);
    expect(questions.questions.has(conversation.id)).toBe(false);
    // Other customers are untouched.
    expect(left).toContain('How long does a refund take to reach my card?');

    // Both requests are in the audit log, naming the customer only by a one-way fingerprint.
    const audit = await runtime.store.audit.list(20);
    const exportedEntry = audit.find((e) => e.action === 'exported')!;
    const erasedEntry = audit.find((e) => e.action === 'erased')!;
    expect(exportedEntry.actor.name).toBe('Ada');
    expect(erasedEntry).toMatchObject({ actor: { name: 'Ada' }, target: exportedEntry.target });
    expect(erasedEntry.target).toMatch(/^customer:test:[0-9a-f]{16}$/);
    expect((await getPage(server.url, admin, '/admin/audit')).text).toContain('<td>Ada</td><td>erased</td>');
    // Erasure needs the confirmation.
    const unconfirmed = await postForm(server.url, admin, '/admin/customers/erase', { channel: 'test', userId: 'user-keep-me-1' });
    expect(unconfirmed.notice).toMatchObject({ kind: 'error', text: 'Tick the confirmation to erase.' });
    expect(await runtime.store.conversations.findByKey('test', 'keep-me-1')).not.toBeNull();
  });

  it('a retention sweep anonymises (or deletes) conversations idle for longer than the retention period', async () => {
    await runtime.engine.handle(message('old-anon', 'My email is old.customer@example.com, where is parcel 55?'));
    await runtime.engine.handle(message('old-delete', 'Old question about a refund for order 99'));
    await runtime.engine.handle(message('recent', 'A recent question about shipping'));
    const db = (runtime.store as SqliteStore).db;
    const ageDays = (key: string, days: number) => db.prepare('UPDATE conversations SET updated_at = ? WHERE conversation_key = ?').run(Date.now() - days * 86_400_000, key);
    ageDays('old-anon', 40);
    const oldAnon = (await runtime.store.conversations.findByKey('test', 'old-anon'))!;
    questions.questions.set(oldAnon.id, ['where is parcel 55?']);

    expect(await runtime.customerData.sweep({ days: 30, mode: 'anonymise' })).toBe(1);
    const anonymised = (await runtime.store.conversations.get(oldAnon.id))!;
    expect(anonymised.userId).toBe('anonymised');
    expect(anonymised.conversationKey).toBe(`anonymised:${oldAnon.id}`);
    const messages = await runtime.store.messages.recent(oldAnon.id, 10);
    // The figures stay (how many messages, their sentiment and intent); the words and ids go.
    expect(messages.length).toBe(2);
    expect(messages.every((m) => m.text === '[removed]')).toBe(true);
    expect(messages[0]!.sentiment).not.toBeNull();
    const left = everythingStored(runtime);
    expect(left).not.toContain('old.customer@example.com');
    expect(left).not.toContain('parcel 55');
    expect(questions.questions.has(oldAnon.id)).toBe(false);
    // Swept once: a second pass finds nothing more.
    expect(await runtime.customerData.sweep({ days: 30, mode: 'anonymise' })).toBe(0);

    ageDays('old-delete', 45);
    const oldDelete = (await runtime.store.conversations.findByKey('test', 'old-delete'))!;
    expect(await runtime.customerData.sweep({ days: 30, mode: 'delete' })).toBe(1);
    expect(await runtime.store.conversations.get(oldDelete.id)).toBeNull();
    expect(everythingStored(runtime)).not.toContain('Old question about a refund for order 99');
    expect(await runtime.store.conversations.findByKey('test', 'recent')).not.toBeNull();
    expect((await runtime.store.audit.list(50)).map((e) => e.action)).toEqual(expect.arrayContaining(['retention_anonymised', 'retention_deleted']));
  });

  // The commands run without blocking this process, so the console server's idle keep-alive sockets close cleanly meanwhile.
  it('exports and erases from the command line, recorded in the audit log, and adds staff accounts', async () => {
    await runtime.engine.handle(message('cli-customer', 'Where is my order B-4410?'));
    const env = cliEnv(dir.path, { STAFF_PASSWORD_HASH_COST: '4' });
    const exported = await runCliAsync(['customer', 'export', '--channel', 'test', '--user', 'user-cli-customer'], { env });
    expect(exported.status).toBe(0);
    expect(JSON.parse(exported.stdout).conversations[0].messages[0].text).toBe('Where is my order B-4410?');
    const refused = await runCliAsync(['customer', 'erase', '--channel', 'test', '--user', 'user-cli-customer'], { env });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('add --yes to confirm');
    const erased = await runCliAsync(['customer', 'erase', '--channel', 'test', '--user', 'user-cli-customer', '--yes'], { env });
    expect(erased.status).toBe(0);
    expect(JSON.parse(erased.stdout)).toMatchObject({ conversations: 1 });
    expect(everythingStored(runtime)).not.toContain('B-4410');
    const actions = (await runtime.store.audit.list(50)).filter((e) => e.actor.id === 'cli').map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['exported', 'erased']));

    const added = await runCliAsync(['staff', 'add', 'bo', '--name', 'Bo', '--role', 'agent'], { env, input: 'a long agent password\n' });
    expect(added.status).toBe(0);
    expect(JSON.parse(added.stdout)).toEqual({ created: 'bo', name: 'Bo', role: 'agent' });
    const short = await runCliAsync(['staff', 'add', 'cy', '--name', 'Cy'], { env, input: 'short\n' });
    expect(short.status).toBe(1);
    expect(short.stderr).toContain('a password needs at least 10 characters');
    await signInAs(server.url, 'bo', 'a long agent password');
  });
});
