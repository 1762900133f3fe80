import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyStage } from '../../src/core/stages/reply.js';
import type { Responder, ResponderInput, ResponderResult } from '../../src/core/ports/responder.js';
import { allIntentLabels } from '../../src/nlu/intent/labels.js';
import type { Runtime } from '../../src/runtime.js';
import { phrasesByLabel } from '../fixtures/intent/phrases-by-label.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';

/** A real responder's place in the pipeline, keeping what it was given. */
class RecordingResponder implements Responder {
  readonly name = 'recording';
  readonly inputs: ResponderInput[] = [];
  async respond(input: ResponderInput): Promise<ResponderResult> {
    this.inputs.push(input);
    return { reply: { kind: 'answer', text: `(${input.intent.label})`, citations: [] }, trace: { responder: this.name, ms: 0 } };
  }
}

describe('the intent of each turn, end to end', () => {
  const dir = tempDir();
  const responder = new RecordingResponder();
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await testRuntime(dir.path, {
      customiseStages: (stages, deps) =>
        stages.map((stage) =>
          stage.name === 'reply'
            ? replyStage({
                responder,
                templates: deps.templates,
                reading: deps.reading,
                unansweredTurns: deps.unansweredTurns,
                replyBudgetMs: deps.replyBudgetMs,
              })
            : stage,
        ),
    });
  });
  afterAll(async () => {
    await runtime.close();
    dir.remove();
  });

  const cases = allIntentLabels.flatMap((label) => (['zh', 'en'] as const).map((language) => [label, language, phrasesByLabel[label][language][0]!] as const));
  it.each(cases)('outcome.intent is %s for a %s message: %s', async (label, language, text) => {
    const outcome = await runtime.engine.handle(message(`e2e-${label}-${language}`, text));
    expect(outcome.intent).toBe(label);
    expect(outcome.language).toBe(language);
  });

  it('the reply gets the intent with its confidence, entities and source', async () => {
    await runtime.engine.handle(message('responder', '订单号 20240315887766 的退款什么时候到账？'));
    const input = responder.inputs.at(-1)!;
    expect(input.intent).toMatchObject({ label: 'refund_status', entities: { orderNumber: '20240315887766' }, source: 'ngram-logreg-v1' });
    expect(input.intent.confidence).toBeGreaterThan(0.5);
  });

  it('analytics and the stored message keep the intent and its entities', async () => {
    const sent = message('analytics', 'I was charged twice for order 55012345');
    await runtime.engine.handle(sent);
    const db = new Database(join(dir.path, 'aftercare.sqlite'), { readonly: true });
    try {
      const events = db.prepare("SELECT data FROM events WHERE type = 'turn'").all() as Array<{ data: string }>;
      const turn = events.map((row) => JSON.parse(row.data) as Record<string, unknown>).at(-1)!;
      expect(turn).toMatchObject({ intent: 'payment_problem', channel: 'test' });
      const stored = db.prepare("SELECT intent, meta FROM messages WHERE direction = 'in' ORDER BY id DESC LIMIT 1").get() as { intent: string; meta: string };
      expect(stored.intent).toBe('payment_problem');
      expect(JSON.parse(stored.meta).entities).toEqual({ orderNumber: '55012345' });
    } finally {
      db.close();
    }
  });

  it('/readyz-style component status names the intent classifier', () => {
    expect(runtime.components.intent).toBe('ngram-logreg-v1');
  });
});
