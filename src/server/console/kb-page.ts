import type { KnowledgeStatus, SectionInfo } from '../../knowledge/knowledge-base.js';
import type { MissGroup } from '../../knowledge/misses/group-misses.js';
import { missesCard } from './kb-misses-card.js';
import type { DocumentInfo, KnowledgePassage } from '../../knowledge/types.js';
import { meter } from './charts.js';
import { formatTime, html, truncate, type SafeHtml } from './html.js';

export interface KbSearch {
  q: string;
  k: number;
  lang: 'auto' | 'en' | 'zh';
  mode: 'hybrid' | 'keyword' | 'vector';
  language: string | null;
  results: KnowledgePassage[] | null;
}

function statusCard(status: KnowledgeStatus): SafeHtml {
  return html`<section class="card" aria-labelledby="kb-status"><h2 id="kb-status">Live index</h2>
<div class="tiles">
  <div class="tile"><div class="value" data-testid="kb-version">${status.version ?? 'none'}</div><div class="label">version serving</div></div>
  <div class="tile"><div class="value">${status.documents}</div><div class="label">documents</div></div>
  <div class="tile"><div class="value">${status.passages}</div><div class="label">passages</div></div>
  <div class="tile"><div class="value small">${status.embedder.id}</div><div class="label">embedder${status.embedder.fallback ? ' (stand-in: no model loaded)' : ''}</div></div>
</div>
<p class="small muted">Built ${status.builtAt ?? 'never'} · keyword search: ${status.keyword}</p>
${status.lastError ? html`<div class="notice error">Last failed change (${status.lastError.at}): ${status.lastError.message}</div>` : ''}
</section>`;
}

function documentsCard(documents: DocumentInfo[], csrf: string): SafeHtml {
  const sorted = [...documents].sort((a, b) => a.id.localeCompare(b.id));
  return html`<section class="card" aria-labelledby="kb-documents"><h2 id="kb-documents">Documents</h2>
<table><thead><tr><th>Document</th><th>Language</th><th>Version</th><th class="num">Revision</th><th>Updated</th><th class="num">Passages</th><th>Ingested</th><th></th></tr></thead>
<tbody>${sorted.map(
    (doc) => html`<tr data-document="${doc.id}"><td><strong>${doc.id}</strong>${doc.title ? html`<div class="small muted">${doc.title}</div>` : ''}</td>
<td>${doc.language}</td><td class="small">${truncate(doc.version, 24)}</td><td class="num">${doc.revision}</td><td class="small">${doc.updated ?? ''}</td>
<td class="num">${doc.chunks}</td><td class="small">${formatTime(new Date(doc.ingestedAt))}</td>
<td><details class="confirm"><summary>Delete</summary><form method="post" action="/admin/kb/delete">
<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="name" value="${doc.id}">
<button class="danger" type="submit">Delete ${doc.id} from the knowledge base</button></form></details></td></tr>`,
  )}</tbody></table>
${sorted.length === 0 ? html`<p class="muted">No documents yet.</p>` : ''}
</section>`;
}

function uploadCard(csrf: string, maxBytes: number): SafeHtml {
  return html`<section class="card" aria-labelledby="kb-upload"><h2 id="kb-upload">Upload</h2>
<form class="inline" method="post" action="/admin/kb/upload" enctype="multipart/form-data">
  <input type="hidden" name="_csrf" value="${csrf}">
  <label>Policy documents (.md, .txt, .html, .pdf; up to ${Math.round(maxBytes / 1024 / 1024)} MB each)
    <input type="file" name="files" multiple required accept=".md,.markdown,.txt,.html,.htm,.pdf"></label>
  <button class="primary" type="submit">Upload</button>
</form>
<p class="small muted">A file with the name of an existing document replaces it. Every change builds a new index version beside the live one; a file that cannot be read changes nothing.</p>
</section>`;
}

function searchCard(search: KbSearch): SafeHtml {
  const option = (value: string, label: string, current: string) => html`<option value="${value}"${value === current ? html` selected` : ''}>${label}</option>`;
  return html`<section class="card" aria-labelledby="kb-search"><h2 id="kb-search">Try a search</h2>
<form class="inline" method="get" action="/admin/kb" role="search">
  <label>Question <input type="search" name="q" value="${search.q}" required></label>
  <label>Language <select name="lang">${option('auto', 'detect', search.lang)}${option('en', 'English', search.lang)}${option('zh', '中文', search.lang)}</select></label>
  <label>Method <select name="mode">${option('hybrid', 'hybrid', search.mode)}${option('keyword', 'keyword only', search.mode)}${option('vector', 'vector only', search.mode)}</select></label>
  <label>Results <input type="text" name="k" value="${search.k}" inputmode="numeric" size="3"></label>
  <button class="primary" type="submit">Search</button>
</form>
${
  search.results === null
    ? ''
    : search.results.length === 0
      ? html`<p class="notice error">Nothing answers this question well enough: the bot would say it does not know.</p>`
      : html`
<p class="small muted">${search.results.length} passages, ${search.language} (most relevant first)</p>
<table id="search-results"><thead><tr><th class="num">#</th><th>Score</th><th>Source</th><th>Passage</th><th>Why</th></tr></thead><tbody>
${search.results.map(
  (p, i) => html`<tr><td class="num">${i + 1}</td><td class="num">${meter(p.score)}<span class="score-value">${p.score.toFixed(3)}</span></td>
<td><strong>${p.source}</strong>${p.section ? html`<div class="small">${p.section}</div>` : ''}<div class="small muted">${p.language} · ${p.version}</div></td>
<td class="passage">${truncate(p.text, 700)}${p.translation ? html`<div class="small muted">Also in ${p.translation.language}: ${p.translation.source}</div>` : ''}</td>
<td class="small">words matched ${(p.signals.coverage * 100).toFixed(0)}%<br>similarity ${p.signals.similarity === null ? '–' : p.signals.similarity.toFixed(3)}<br>keyword rank ${p.signals.keywordRank ?? '–'} · vector rank ${p.signals.vectorRank ?? '–'}</td></tr>`,
)}</tbody></table>`
}
</section>`;
}

export function kbPageBody(options: {
  status: KnowledgeStatus;
  documents: DocumentInfo[];
  search: KbSearch;
  csrf: string;
  maxBytes: number;
  misses: MissGroup[];
  sections: SectionInfo[];
}): SafeHtml {
  return html`${searchCard(options.search)}${missesCard(options.misses, options.sections, options.csrf)}${statusCard(options.status)}${uploadCard(options.csrf, options.maxBytes)}${documentsCard(options.documents, options.csrf)}`;
}
