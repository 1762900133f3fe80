import type { Retriever } from '../../src/core/ports/retriever.js';
import type { LabelledExample } from '../../src/nlu/intent/example-files.js';
import type { IntentLabel } from '../../src/nlu/intent/labels.js';
import { retrievalHint } from '../../src/nlu/intent/retrieval-hints.js';

/** The policy documents (knowledge/<lang>/) that answer each label, where one does. */
export const answeringDocuments: Partial<Record<IntentLabel, readonly string[]>> = {
  order_status: ['orders.md', 'shipping.md'],
  cancel_order: ['orders.md'],
  change_address: ['shipping.md'],
  return_request: ['returns.md'],
  exchange: ['exchanges.md'],
  refund_status: ['refunds.md'],
  refund_policy: ['refunds.md', 'returns.md'],
  warranty_repair: ['warranty.md'],
  shipping_info: ['shipping.md'],
  invoice: ['invoices.md'],
  payment_problem: ['orders.md'],
  price_protection: ['price-protection.md'],
};

/**
 * Share of questions whose top passage comes from a document that answers their (gold)
 * label: with the bare message, and with the retrieval hint of a given intent appended.
 */
export async function topPassageHitRate(
  retriever: Retriever,
  examples: readonly LabelledExample[],
  hintLabel: (example: LabelledExample, index: number) => string | undefined,
  k: number,
): Promise<{ n: number; hits: number }> {
  let n = 0;
  let hits = 0;
  for (const [index, example] of examples.entries()) {
    const documents = answeringDocuments[example.label];
    if (!documents) continue;
    n++;
    const hint = retrievalHint(hintLabel(example, index), example.language);
    const [top] = await retriever.search(example.text, {
      k,
      language: example.language,
      ...(hint ? { hint } : {}),
    });
    if (top && documents.includes(top.source)) hits++;
  }
  return { n, hits };
}
