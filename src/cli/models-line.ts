import type { ComponentStatus } from '../runtime.js';

/**
 * Which models serve, in one short line for the interactive chat: the reply writer, sentiment,
 * intent and search. `--verbose` prints the details (sources, fallbacks, caveats) instead.
 */
export function modelsLine(components: ComponentStatus): string {
  const replies = components.llm.startsWith('none') ? 'replies quote the policies (no LLM)' : `replies by ${components.llm.replace(/^openai-compatible:/, '')}`;
  const model = components.sentimentModel;
  const sentiment =
    model.state === 'ready' && model.model
      ? `sentiment ${model.model}${model.caveat ? ' (research-only)' : ''} + lexicon`
      : `sentiment lexicon${model.state === 'loading' ? ' (model loading)' : ''}`;
  const embedder = components.retriever.embedder;
  const search = `search BM25 + ${embedder.kind === 'hashed' ? 'hashed vectors' : embedder.id}${embedder.fallback ? ' (fallback)' : ''}`;
  return `Models: ${replies}; ${sentiment}; intent ${components.intent}; ${search}. --verbose for details`;
}
