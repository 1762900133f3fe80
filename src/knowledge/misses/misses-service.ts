import type { Language } from '../../domain/types.js';
import type { KbMissRepository } from '../../store/types.js';
import type { BuildOutcome } from '../index/index-builder.js';
import type { KnowledgeBase } from '../knowledge-base.js';
import { groupMisses, type MissGroup } from './group-misses.js';

export interface MissesSettings {
  /** How many of the newest unresolved misses are grouped for the list. */
  listLimit: number;
  /** Cosine of two questions' terms at which they count as one group. */
  groupSimilarity: number;
}

export interface AttachRequest {
  document: string;
  section: string;
  question: string;
  /** Misses this answers (besides any open miss with exactly this question). */
  missIds?: number[];
}

export interface NewDocumentRequest {
  /** File name of the new document, e.g. `gift-wrapping.md`. */
  name: string;
  title: string;
  /** The question, which becomes the section heading. */
  question: string;
  answer: string;
  language: Language;
  missIds?: number[];
}

/**
 * Learning from misses, shared by the console, the admin API and the CLI: the grouped list of
 * questions the bot could not answer, attaching one to a section as an alternative phrasing,
 * or starting a new document from it. Either change is a new knowledge base version, live at
 * once, and the misses it answers leave the list.
 */
export class MissesService {
  constructor(
    private readonly kb: KnowledgeBase,
    private readonly misses: KbMissRepository,
    private readonly settings: MissesSettings,
  ) {}

  async groups(): Promise<MissGroup[]> {
    const open = await this.misses.listOpen(this.settings.listLimit);
    return groupMisses(open, (text) => this.kb.termsOf(text), this.settings.groupSimilarity);
  }

  async attach(request: AttachRequest): Promise<{ outcome: BuildOutcome; resolved: number }> {
    const outcome = await this.kb.addPhrasings(request.document, request.section, [request.question]);
    const ids = await this.answeredIds(request.question, request.missIds);
    const resolved = await this.misses.resolve(ids, `phrasing ${request.document} § ${request.section}`);
    return { outcome, resolved };
  }

  async startDocument(request: NewDocumentRequest): Promise<{ outcome: BuildOutcome; resolved: number }> {
    const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
    const markdown = `---\ntitle: ${JSON.stringify(oneLine(request.title))}\nlanguage: ${request.language}\n---\n# ${oneLine(request.title)}\n\n## ${oneLine(request.question)}\n${request.answer.trim()}\n`;
    const outcome = await this.kb.ingest([{ id: request.name, bytes: Buffer.from(markdown), modified: new Date(), standalone: !request.name.includes('/') }]);
    const ids = await this.answeredIds(request.question, request.missIds);
    const resolved = await this.misses.resolve(ids, `document ${request.name}`);
    return { outcome, resolved };
  }

  private async answeredIds(question: string, given: readonly number[] = []): Promise<number[]> {
    const same = await this.misses.findOpenByQuestion(question);
    return [...new Set([...given, ...same.map((miss) => miss.id)])];
  }
}
