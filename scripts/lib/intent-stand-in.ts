import { createHash } from 'node:crypto';
import { startFakeOpenAi, type FakeOpenAiServer, type FakeReply } from '../../testkit/fake-openai-server.js';

/**
 * A stand-in for a language model, on 127.0.0.1, speaking the OpenAI protocol: it knows the
 * gold label of every held-out message and answers it for 80% of them, and for the rest
 * gives each failure the LLM path must survive: prose instead of JSON, a label that does not
 * exist, a server error, an answer slower than the budget. Its figures measure the plumbing
 * (prompt, parsing, validation, fallback), never a model's judgement.
 */
export type StandInBehaviour = 'correct' | 'prose' | 'unknown_label' | 'server_error' | 'too_slow';

export function standInBehaviour(text: string): StandInBehaviour {
  const share = createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;
  if (share < 0.8) return 'correct';
  if (share < 0.88) return 'prose';
  if (share < 0.92) return 'unknown_label';
  if (share < 0.96) return 'server_error';
  return 'too_slow';
}

/** The message text back out of the classification prompt's user turn. */
function messageOf(content: string): string {
  return content.replace(/^Message \((?:Chinese|English)\):\n/, '');
}

export async function startIntentStandIn(gold: ReadonlyMap<string, string>, slowMs: number): Promise<FakeOpenAiServer> {
  return startFakeOpenAi((request): FakeReply => {
    const text = messageOf(request.messages.at(-1)?.content ?? '');
    const label = gold.get(text);
    if (!label) return { content: JSON.stringify({ intent: 'other', confidence: 0.5 }) };
    switch (standInBehaviour(text)) {
      case 'correct':
        return { content: JSON.stringify({ intent: label, confidence: 0.9, entities: {} }) };
      case 'prose':
        return { content: `I think the customer wants ${label}.` };
      case 'unknown_label':
        return { content: JSON.stringify({ intent: 'general_enquiry', confidence: 0.7 }) };
      case 'server_error':
        return { status: 500 };
      case 'too_slow':
        return { content: JSON.stringify({ intent: label }), delayMs: slowMs };
    }
  });
}
