import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { InvalidArgumentError, type Command } from 'commander';
import { z } from 'zod';
import type { Config } from '../config/schema.js';
import type { Language } from '../domain/types.js';
import type { BuildOutcome } from '../knowledge/index/index-builder.js';
import { AmbiguousDocumentError, DocumentNotFoundError, DocumentParseError, KnowledgeBuildError, SectionNotFoundError } from '../knowledge/errors.js';
import { MissesService } from '../knowledge/misses/misses-service.js';
import { missGroupJson } from '../knowledge/misses/group-misses.js';
import { collectDocumentFiles } from '../knowledge/ingest/collect-files.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { openKnowledgeBase } from '../knowledge/open-knowledge-base.js';
import type { SearchMode } from '../knowledge/search/hybrid-search.js';
import { searchResultJson } from '../knowledge/search/result-json.js';
import type { KnowledgePassage } from '../knowledge/types.js';
import type { Logger } from '../logger.js';
import { detectLanguage } from '../text/language.js';
import { redactPersonalData } from '../text/redact.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { CliError, commandContext } from './context.js';

export interface SearchCommandOptions {
  k: number;
  lang?: Language;
  mode: SearchMode;
  json?: boolean;
  jsonl?: boolean;
}

/**
 * Runs an admin action against the knowledge base in this data directory. It does not seed
 * the sample policies: documents ingested into a fresh data directory are the knowledge base.
 * A server running on the same data directory picks the new version up by itself.
 */
async function withKnowledgeBase<T>(action: (kb: KnowledgeBase, config: Config, logger: Logger, store: SqliteStore) => Promise<T>): Promise<T> {
  const { config, logger } = commandContext('tool');
  // stdout carries results only (`--json` must parse); pdf.js prints its warnings with console.log.
  console.log = (...args: unknown[]) => console.error(...args);
  const store = SqliteStore.open(resolve(config.AFTERCARE_DATA_DIR), { lockLeaseMs: config.TURN_LOCK_TIMEOUT_MS });
  try {
    const kb = await openKnowledgeBase(config, store.locks, logger, { seed: false, watch: false, buildInWorker: false });
    try {
      return await action(kb, config, logger, store);
    } finally {
      await kb.close();
    }
  } catch (error) {
    // Expected failures are one clear line, not a stack trace.
    const known = [KnowledgeBuildError, DocumentParseError, DocumentNotFoundError, AmbiguousDocumentError, SectionNotFoundError].some((type) => error instanceof type);
    throw known ? new CliError((error as Error).message) : error;
  } finally {
    await store.close();
  }
}

function printOutcome(outcome: BuildOutcome & { skipped?: string[] }, json: boolean | undefined): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(outcome)}\n`);
    return;
  }
  const changed = outcome.version !== outcome.previous;
  process.stdout.write(
    changed
      ? `${outcome.version} is live (was ${outcome.previous ?? 'empty'}): ${outcome.documents} documents, ${outcome.chunks} passages\n`
      : `nothing changed; ${outcome.version ?? 'the empty knowledge base'} keeps serving (${outcome.documents} documents)\n`,
  );
  const lines: Array<[string, string[]]> = [
    ['added', outcome.added],
    ['replaced', outcome.replaced],
    ['removed', outcome.removed],
    ['unchanged', changed ? [] : outcome.unchanged],
    ['skipped', outcome.skipped ?? []],
  ];
  for (const [label, ids] of lines) for (const id of ids) process.stdout.write(`  ${label.padEnd(10)} ${id}\n`);
}

function kbIngestCommand(paths: string[], options: { json?: boolean }): Promise<void> {
  return withKnowledgeBase(async (kb) => {
    const { files, skipped } = await collectDocumentFiles(paths);
    printOutcome({ ...(await kb.ingest(files)), skipped }, options.json);
  });
}

function kbRemoveCommand(references: string[], options: { json?: boolean }): Promise<void> {
  return withKnowledgeBase(async (kb) => printOutcome(await kb.remove(references), options.json));
}

function kbListCommand(options: { json?: boolean }): Promise<void> {
  return withKnowledgeBase(async (kb) => {
    const status = kb.status();
    const documents = kb.documents();
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ version: status.version, builtAt: status.builtAt, embedder: status.embedder, documents })}\n`);
      return;
    }
    if (!status.version) {
      process.stdout.write('the knowledge base is empty (`aftercare serve` or `chat` loads the sample policies on first start; `aftercare kb ingest` adds documents)\n');
      return;
    }
    process.stdout.write(`${status.version} (built ${status.builtAt}) · ${documents.length} documents · ${status.passages} passages · embedder ${status.embedder.id}\n`);
    const width = Math.max(...documents.map((d) => d.id.length), 8);
    process.stdout.write(`${'document'.padEnd(width)}  lang  ${'version'.padEnd(12)} rev  ${'updated'.padEnd(10)}  passages\n`);
    for (const d of documents) {
      process.stdout.write(
        `${d.id.padEnd(width)}  ${d.language.padEnd(4)}  ${d.version.padEnd(12)} ${String(d.revision).padStart(3)}  ${(d.updated ?? '').slice(0, 10).padEnd(10)}  ${String(d.chunks).padStart(8)}\n`,
      );
    }
  });
}

function printPassages(passages: readonly KnowledgePassage[]): void {
  if (passages.length === 0) process.stdout.write('no passage is relevant enough to answer from\n');
  passages.forEach((p, i) => {
    const cite = p.section ? `${p.source} § ${p.section}` : p.source;
    process.stdout.write(`${i + 1}. ${p.score.toFixed(3)}  ${cite}  (${p.language})\n`);
    process.stdout.write(`   ${p.text.replace(/\s+/g, ' ').slice(0, 240)}\n`);
    if (p.translation) process.stdout.write(`   translation: ${p.translation.source}${p.translation.section ? ` § ${p.translation.section}` : ''} (${p.translation.language})\n`);
  });
}

/** The question as the retrieve stage searches it (personal data replaced), so `kb search` ranks what the bot ranks. */
const asTheBotReads = (text: string) => redactPersonalData(text).text;

const jsonlQuerySchema = z.object({
  q: z.string().min(1),
  k: z.number().int().positive().max(50).optional(),
  lang: z.enum(['en', 'zh']).optional(),
});

function kbSearchCommand(query: string | undefined, options: SearchCommandOptions): Promise<void> {
  return withKnowledgeBase(async (kb, config) => {
    const languageOf = (text: string, given?: Language) => given ?? detectLanguage(text, config.DEFAULT_LANGUAGE).language;
    if (options.jsonl) {
      let lineNumber = 0;
      for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
        lineNumber++;
        if (!line.trim()) continue;
        let output: unknown;
        try {
          const parsed = jsonlQuerySchema.safeParse(JSON.parse(line));
          if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; '));
          const { q, k, lang } = parsed.data;
          output = (await kb.search(asTheBotReads(q), { k: k ?? options.k, language: languageOf(q, lang ?? options.lang), mode: options.mode })).map(searchResultJson);
        } catch (error) {
          output = { error: (error as Error).message, line: lineNumber };
          process.exitCode = 1;
        }
        process.stdout.write(`${JSON.stringify(output)}\n`);
      }
      return;
    }
    if (!query) throw new Error('give a question to search for, or --jsonl to read questions from stdin');
    const passages = await kb.search(asTheBotReads(query), { k: options.k, language: languageOf(query, options.lang), mode: options.mode });
    if (options.json) process.stdout.write(`${JSON.stringify(passages.map(searchResultJson))}\n`);
    else printPassages(passages);
  });
}

const missesOf = (kb: KnowledgeBase, store: SqliteStore, config: Config) =>
  new MissesService(kb, store.misses, { listLimit: config.KB_MISSES_LIST_LIMIT, groupSimilarity: config.KB_MISSES_GROUP_SIMILARITY });

function kbMissesCommand(options: { json?: boolean }): Promise<void> {
  return withKnowledgeBase(async (kb, config, _logger, store) => {
    const groups = await missesOf(kb, store, config).groups();
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ version: kb.version, groups: groups.map(missGroupJson) })}\n`);
      return;
    }
    if (groups.length === 0) {
      process.stdout.write('no unanswered questions: every question so far was answered or dealt with\n');
      return;
    }
    process.stdout.write(`${groups.reduce((sum, g) => sum + g.count, 0)} unanswered questions in ${groups.length} groups (most asked first)\n`);
    for (const group of groups) {
      process.stdout.write(
        `${String(group.count).padStart(4)}×  ${group.question}  (${group.languages.join('/')}, last ${group.lastAt.toISOString().slice(0, 16).replace('T', ' ')})\n`,
      );
      for (const miss of group.misses.slice(1, 4)) process.stdout.write(`        also: ${miss.question}\n`);
    }
    process.stdout.write('attach one to a section: aftercare kb alias <document> <section> "<question>"\n');
  });
}

function kbAliasCommand(document: string, section: string, question: string, options: { json?: boolean }): Promise<void> {
  return withKnowledgeBase(async (kb, config, _logger, store) => {
    const text = question.trim();
    if (!text) throw new CliError('give the question to attach');
    const { outcome, resolved } = await missesOf(kb, store, config).attach({ document, section, question: text });
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ ...outcome, resolved })}\n`);
      return;
    }
    printOutcome(outcome, false);
    process.stdout.write(`  phrased    ${document} § ${section}: "${text}"${resolved ? ` (${resolved} unanswered question${resolved === 1 ? '' : 's'} dealt with)` : ''}\n`);
  });
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function oneOf<T extends string>(allowed: readonly T[]) {
  return (value: string): T => {
    if (!allowed.includes(value as T)) throw new InvalidArgumentError(`must be one of ${allowed.join(', ')}`);
    return value as T;
  };
}

/** `aftercare kb …`: the knowledge base's admin commands. */
export function registerKbCommands(program: Command): void {
  const kb = program.command('kb').description('the knowledge base: ingest, list, remove and search policy documents');

  kb.command('ingest')
    .description('add or replace documents (Markdown, text, HTML, PDF; folders recursively) as a new index version')
    .argument('<paths...>', 'files or folders')
    .option('--json', 'print the outcome as JSON')
    .action((paths: string[], options) => kbIngestCommand(paths, options));

  kb.command('list')
    .description('the documents in the live version, with their versions')
    .option('--json', 'print as JSON')
    .action((options) => kbListCommand(options));

  kb.command('remove')
    .description('remove documents by id (as `kb list` shows it) or file name')
    .argument('<documents...>', 'document ids or file names')
    .option('--json', 'print the outcome as JSON')
    .action((references: string[], options) => kbRemoveCommand(references, options));

  kb.command('misses')
    .description('questions the bot could not answer (or handed over as unanswered), grouped by similarity with counts')
    .option('--json', 'print as JSON')
    .action((options) => kbMissesCommand(options));

  kb.command('alias')
    .description('index a question as another phrasing of a section, so the bot answers it from there (a new version, live at once)')
    .argument('<document>', 'document id or file name, as `kb list` shows it')
    .argument('<section>', 'section title as citations show it, or the passage id (returns.md#3)')
    .argument('<question>', 'the question, as customers ask it')
    .option('--json', 'print the outcome as JSON')
    .action((document: string, section: string, question: string, options) => kbAliasCommand(document, section, question, options));

  kb.command('search')
    .description('the passages the bot would answer a question from')
    .argument('[query]', 'the question')
    .option('-k, --k <n>', 'how many passages', positiveInt, 5)
    .option('--lang <language>', "the customer's language (default: detected from the question)", oneOf(['en', 'zh'] as const))
    .option('--mode <mode>', 'hybrid, keyword or vector', oneOf(['hybrid', 'keyword', 'vector'] as const), 'hybrid')
    .option('--json', 'print one JSON array of results')
    .option('--jsonl', 'read {"q": "..."} lines from stdin, write one JSON array of results per line')
    .action((query: string | undefined, options) => kbSearchCommand(query, options));
}
