import { describe, expect, it } from 'vitest';
import { cliEnv, runCliAsync } from '../../testkit/cli.js';
import { message } from '../../testkit/runtime.js';
import { useTestRuntime } from '../../testkit/use-test-runtime.js';

interface MissesJson {
  groups: Array<{ question: string; count: number; languages: string[]; kinds: Record<string, number>; misses: Array<{ id: number; question: string; kind: string }> }>;
}

describe('learning from misses: the list and `kb alias` from the CLI', { timeout: 300_000 }, () => {
  const fixture = useTestRuntime({ per: 'file' });

  it('records unanswered questions redacted, grouped by similarity with counts, and answers one once it is attached to a section', async () => {
    const first = await fixture.runtime.engine.handle(message('kettle-1', 'kettle lid cracked, mail me at jo.bloggs@example.com'));
    expect(first.replyKind).toBe('no_answer');
    const other = await fixture.runtime.engine.handle(message('kettle-2', 'what about bitcoin then?'));
    expect(other.replyKind).toBe('no_answer');
    // Not knowing twice in a row offers a calm customer a colleague: still a miss.
    const again = await fixture.runtime.engine.handle(message('kettle-2', 'my kettle lid is cracked'));
    expect(again.replyKind).toBe('no_answer');
    expect(again.escalated).toBe(false);
    await fixture.runtime.engine.handle(message('kettle-3', 'the kettle lid cracked'));

    const listed = await runCliAsync(['kb', 'misses', '--json'], { env: cliEnv(fixture.dataDir) });
    expect(listed.status, listed.stderr).toBe(0);
    const { groups } = JSON.parse(listed.stdout) as MissesJson;
    expect(groups[0]).toMatchObject({ count: 3, languages: ['en'], kinds: { no_answer: 3 } });
    expect(groups.map((g) => g.count)).toEqual([3, 1]);
    expect(groups[1]!.question).toBe('what about bitcoin then?');
    const stored = groups.flatMap((g) => g.misses.map((m) => m.question)).join('\n');
    expect(stored).not.toContain('jo.bloggs@example.com');
    expect(stored).toContain('[EMAIL_1]');

    const readable = await runCliAsync(['kb', 'misses'], { env: cliEnv(fixture.dataDir) });
    expect(readable.stdout).toContain('4 unanswered questions in 2 groups');
    expect(readable.stdout).toMatch(/3×\s+the kettle lid cracked/);

    const versionBefore = fixture.runtime.knowledge.version;
    const aliased = await runCliAsync(['kb', 'alias', 'en/shipping.md', 'Damaged on arrival', 'kettle lid cracked'], { env: cliEnv(fixture.dataDir) });
    expect(aliased.status, aliased.stderr).toBe(0);
    expect(aliased.stdout).toContain('is live');
    expect(aliased.stdout).toContain('phrased    en/shipping.md § Damaged on arrival: "kettle lid cracked"');

    // The running bot picks the new version up the way it watches for any: no restart.
    await fixture.runtime.knowledge.reload();
    expect(fixture.runtime.knowledge.version).not.toBe(versionBefore);
    const answered = await fixture.runtime.engine.handle(message('kettle-after-alias', 'kettle lid cracked'));
    expect(answered.replyKind).toBe('answer');
    expect(answered.citations[0]).toEqual({ source: 'shipping.md', section: 'Damaged on arrival' });
    expect(answered.reply).toContain('48 hours');
  });

  it('names the sections of a document when the one given does not exist, and changes nothing', async () => {
    const before = fixture.runtime.knowledge.version;
    const wrong = await runCliAsync(['kb', 'alias', 'en/shipping.md', 'Broken kettles', 'kettle lid cracked'], { env: cliEnv(fixture.dataDir) });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('en/shipping.md has no section "Broken kettles"');
    expect(wrong.stderr).toContain('"Damaged on arrival"');
    await fixture.runtime.knowledge.reload();
    expect(fixture.runtime.knowledge.version).toBe(before);
  });

  it('keeps an admin phrasing when the document is replaced with new text', async () => {
    const shipping = fixture.runtime.knowledge.chunks().find((c) => c.documentId === 'en/shipping.md' && c.section === 'Damaged on arrival')!;
    expect(shipping.phrasings).toEqual(['kettle lid cracked']);
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { repoRoot } = await import('../../testkit/runtime.js');
    const text = readFileSync(join(repoRoot, 'knowledge/en/shipping.md'), 'utf8').replace('within 48 hours', 'within 72 hours');
    const outcome = await fixture.runtime.knowledge.ingest([{ id: 'en/shipping.md', bytes: Buffer.from(text), modified: new Date() }]);
    expect(outcome.replaced).toEqual(['en/shipping.md']);
    const answered = await fixture.runtime.engine.handle(message('kettle-4', 'kettle lid cracked'));
    expect(answered.citations[0]).toEqual({ source: 'shipping.md', section: 'Damaged on arrival' });
    expect(answered.reply).toContain('72 hours');
  });

  it("erases a conversation's misses with the conversation", async () => {
    const conversation = await fixture.runtime.store.conversations.findByKey('test', 'kettle-2');
    expect(conversation).not.toBeNull();
    expect((await fixture.runtime.store.misses.listForConversations([conversation!.id])).map((m) => m.question)).toEqual(['what about bitcoin then?', 'my kettle lid is cracked']);
    expect(await fixture.runtime.store.misses.deleteForConversations([conversation!.id])).toBe(2);
    const groups = await fixture.runtime.misses.groups();
    expect(groups.some((g) => g.misses.some((m) => m.conversationId === conversation!.id))).toBe(false);
  });
});
