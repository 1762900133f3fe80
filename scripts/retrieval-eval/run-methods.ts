import type { Harness } from './harness.js';
import type { RankedResult } from './metrics.js';
import type { RetrievalQuestion } from './questions.js';

export type Method = 'hybrid' | 'vector' | 'keyword' | 'memory-vector-store';

/** Ranks every question with one method, without the relevance check (recall is about ranking). */
export async function rankAll(harness: Harness, questions: readonly RetrievalQuestion[], method: Method, k = 10): Promise<RankedResult[]> {
  const results: RankedResult[] = [];
  for (const question of questions) {
    if (method === 'memory-vector-store') {
      const documents = await harness.memory.similaritySearch(question.q, k);
      results.push({
        question,
        passages: documents.map((d) => ({ source: d.metadata.source as string, section: d.metadata.section as string | undefined, text: d.metadata.text as string })),
      });
    } else {
      results.push({ question, passages: await harness.kb.search(question.q, { k, language: question.lang, mode: method, relevanceGate: false }) });
    }
  }
  return results;
}

/** What the bot actually gets: hybrid ranking with the relevance check, top 5. */
export async function answerAll(harness: Harness, questions: readonly RetrievalQuestion[]): Promise<{ results: RankedResult[]; latenciesMs: number[]; cpuMs: number[] }> {
  const results: RankedResult[] = [];
  const latenciesMs: number[] = [];
  // CPU time is what a query costs; wall time also counts waiting for a core on a busy machine.
  const cpuMs: number[] = [];
  for (const question of questions) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const passages = await harness.kb.search(question.q, { k: 5, language: question.lang });
    const used = process.cpuUsage(cpu);
    latenciesMs.push(performance.now() - started);
    cpuMs.push((used.user + used.system) / 1000);
    results.push({ question, passages });
  }
  return { results, latenciesMs, cpuMs };
}
