import type { Strings } from './i18n.js';
import type { WidgetCitation, WidgetMessage } from './protocol.js';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export { element };

function authorLabel(message: Pick<WidgetMessage, 'author' | 'authorName'>, strings: Strings): string {
  if (message.author === 'customer') return strings.you;
  if (message.author === 'staff') return message.authorName ? `${message.authorName} · ${strings.staff}` : strings.staff;
  if (message.author === 'system') return strings.system;
  return strings.assistant;
}

/** The cited passages, collapsed: the source's name and section, and the passage when expanded. */
function sourcesView(citations: readonly WidgetCitation[], strings: Strings): HTMLDetailsElement {
  const details = element('details', 'sources');
  details.append(element('summary', undefined, strings.sources(citations.length)));
  const list = element('ul');
  for (const citation of citations) {
    const item = element('li');
    const name = element('strong', undefined, citation.source);
    item.append(name);
    if (citation.section) item.append(document.createTextNode(` › ${citation.section}`));
    if (citation.excerpt) item.append(element('p', 'excerpt', citation.excerpt));
    list.append(item);
  }
  details.append(list);
  // An opened source should be in view, not below the fold of the log.
  details.addEventListener('toggle', () => {
    if (details.open) list.scrollIntoView({ block: 'nearest' });
  });
  return details;
}

/** Writes the labels of a message already shown in the language the widget switched to. */
export function relabel(item: HTMLLIElement, strings: Strings): void {
  const author = item.dataset.author as WidgetMessage['author'] | undefined;
  if (!author) return;
  const who = item.querySelector('.who');
  if (who) who.textContent = authorLabel({ author, authorName: item.dataset.authorName }, strings);
  const summary = item.querySelector('details.sources > summary');
  if (summary) summary.textContent = strings.sources(item.querySelectorAll('details.sources li').length);
}

/** One message in the log. Text is always set as text: nothing a message says becomes markup. */
export function messageView(message: Pick<WidgetMessage, 'author' | 'authorName' | 'text'> & Partial<WidgetMessage>, strings: Strings): HTMLLIElement {
  const item = element('li', `msg ${message.author}`);
  if (message.id !== undefined) item.dataset.id = String(message.id);
  item.dataset.author = message.author;
  if (message.authorName) item.dataset.authorName = message.authorName;
  const who = element('div', 'who', authorLabel(message, strings));
  // Screen readers hear who speaks before what they say; sighted users see the label above.
  item.append(who, element('div', 'bubble', message.text));
  if (message.citations?.length) item.append(sourcesView(message.citations, strings));
  return item;
}

/** Fills a streamed reply's bubble with the stored message, keeping its place in the log. */
export function completeMessage(item: HTMLLIElement, message: WidgetMessage, strings: Strings): void {
  item.replaceWith(messageView(message, strings));
}
