import type { SectionInfo } from '../../knowledge/knowledge-base.js';
import type { MissGroup } from '../../knowledge/misses/group-misses.js';
import { formatTime, html, type SafeHtml } from './html.js';

/** Groups shown at once; the rest wait until these are dealt with. */
const shownGroups = 50;

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9\u3400-\u9fff]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48) || 'new-policy';

function sectionOptions(sections: readonly SectionInfo[], language: string): SafeHtml[] {
  // The group's language first: a phrasing helps most on a passage in the language it was asked in.
  const ordered = [...sections.filter((s) => s.language === language), ...sections.filter((s) => s.language !== language)];
  return ordered.map((s) => html`<option value="${s.chunkId}">${s.documentId} § ${s.section}</option>`);
}

function groupRow(group: MissGroup, index: number, sections: readonly SectionInfo[], csrf: string): SafeHtml {
  const ids = group.misses.map((miss) => miss.id).join(',');
  const language = group.languages[0] ?? 'en';
  const examples = group.misses.filter((miss) => miss.question !== group.question).slice(0, 3);
  return html`<tr data-miss-group="${index}"><td class="num"><strong>${group.count}</strong></td>
<td><span class="miss-question">${group.question}</span>${examples.map((miss) => html`<div class="small muted">also: ${miss.question}</div>`)}</td>
<td>${group.languages.join(', ')}</td><td class="small">${formatTime(group.lastAt)}<div class="muted">${Object.entries(group.kinds)
    .map(([kind, n]) => `${kind.replace('_', ' ')} ${n}`)
    .join(' · ')}</div></td>
<td><details><summary>Attach to a section</summary>
<form class="inline" method="post" action="/admin/kb/alias">
<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="misses" value="${ids}">
<label>As customers ask it <input type="text" name="question" value="${group.question}" maxlength="300" required></label>
<label>Section <select name="passage" aria-label="Section" required>${sectionOptions(sections, language)}</select></label>
<button class="primary" type="submit">Attach</button></form></details>
<details><summary>Start a new document</summary>
<form method="post" action="/admin/kb/misses/document">
<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="misses" value="${ids}"><input type="hidden" name="language" value="${language}">
<label>File name <input type="text" name="name" value="${slug(group.question)}.md" required></label>
<label>Title <input type="text" name="title" required></label>
<label>Section heading (what customers ask) <input type="text" name="question" value="${group.question}" maxlength="300" required></label>
<label>Answer <textarea name="answer" rows="4" cols="60" required></textarea></label>
<button class="primary" type="submit">Create document</button></form></details></td></tr>`;
}

/** The knowledge base page's list of questions the bot could not answer, with what to do about each. */
export function missesCard(groups: readonly MissGroup[], sections: readonly SectionInfo[], csrf: string): SafeHtml {
  const total = groups.reduce((sum, group) => sum + group.count, 0);
  return html`<section class="card" aria-labelledby="kb-misses"><h2 id="kb-misses">What the bot could not answer</h2>
${
  groups.length === 0
    ? html`<p class="muted">None waiting: every question so far was answered or has been dealt with.</p>`
    : html`<p class="small muted">${total} questions in ${groups.length} groups of similar questions, most asked first. Personal data was removed before they were stored. Attaching one to a section indexes it as another way to ask that section (a new version, live at once).</p>
<table id="misses"><thead><tr><th class="num">Asked</th><th>Question</th><th>Language</th><th>Last asked</th><th>Teach the bot</th></tr></thead>
<tbody>${groups.slice(0, shownGroups).map((group, index) => groupRow(group, index, sections, csrf))}</tbody></table>`
}
</section>`;
}
