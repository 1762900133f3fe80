import type { WidgetConfig } from './config.js';
import type { Strings } from './i18n.js';
import { element, messageView, relabel } from './message-view.js';
import type { HandoffStatus, WidgetLanguage, WidgetMessage } from './protocol.js';
import { styles } from './styles.js';

const chatIcon =
  '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6a1.3 1.3 0 1 0 0 2.6A1.3 1.3 0 0 0 7 10zm5 0a1.3 1.3 0 1 0 0 2.6 1.3 1.3 0 0 0 0-2.6zm5 0a1.3 1.3 0 1 0 0 2.6 1.3 1.3 0 0 0 0-2.6z"/></svg>';

export interface ViewHandlers {
  open(): void;
  close(): void;
  submit(text: string): void;
}

/**
 * The widget's DOM, in a shadow root: a launcher button and a non-modal chat dialog with a
 * live message log. Keyboard: Enter sends, Shift+Enter breaks the line, Esc closes and gives
 * focus back to the launcher.
 */
export class WidgetView {
  readonly host = element('div');
  readonly launcher = element('button', 'launcher');
  readonly panel = element('section', 'panel');
  readonly log = element('ol', 'log');
  readonly input = element('textarea');
  private readonly root = element('div', 'root');
  private readonly heading = element('h2');
  private readonly closeButton = element('button', 'close');
  private readonly banner = element('div', 'banner');
  private readonly typing = element('div', 'typing');
  private readonly typingText = element('span', 'sr');
  private readonly notice = element('p', 'notice');
  private readonly label = element('label', 'sr');
  private readonly sendButton = element('button');
  private readonly badge = element('span', 'badge');
  private readonly welcome = element('li', 'msg bot welcome');
  private handoff: HandoffStatus = { state: 'bot' };
  private unread = false;

  constructor(
    private readonly config: WidgetConfig,
    private strings: Strings,
    private readonly handlers: ViewHandlers,
  ) {
    this.host.id = 'aftercare-chat-widget';
    const shadow = this.host.attachShadow({ mode: 'open' });
    const style = element('style', undefined, styles);
    this.root.classList.toggle('left', config.position === 'left');
    this.root.style.setProperty('--accent', config.accent);

    this.launcher.type = 'button';
    this.launcher.innerHTML = chatIcon;
    this.launcher.setAttribute('aria-controls', 'aftercare-panel');
    this.launcher.setAttribute('aria-expanded', 'false');
    this.badge.hidden = true;
    this.launcher.append(this.badge);

    this.panel.id = 'aftercare-panel';
    this.panel.hidden = true;
    this.panel.setAttribute('role', 'dialog');
    this.panel.setAttribute('aria-modal', 'false');
    this.panel.setAttribute('aria-labelledby', 'aftercare-title');
    this.heading.id = 'aftercare-title';
    this.closeButton.type = 'button';
    this.closeButton.textContent = '×';
    const header = element('header');
    header.append(this.heading, this.closeButton);

    this.banner.hidden = true;
    this.banner.setAttribute('role', 'status');
    this.log.setAttribute('role', 'log');
    this.log.setAttribute('aria-live', 'polite');
    this.log.tabIndex = 0;
    this.typing.hidden = true;
    this.typing.setAttribute('role', 'status');
    const dots = element('span', 'dots');
    dots.setAttribute('aria-hidden', 'true');
    dots.append(element('i'), element('i'), element('i'));
    this.typing.append(dots, this.typingText);
    this.notice.hidden = true;
    this.notice.setAttribute('role', 'alert');

    const form = element('form');
    this.input.id = 'aftercare-input';
    this.input.rows = 1;
    this.input.maxLength = 4000;
    this.label.htmlFor = 'aftercare-input';
    this.sendButton.type = 'submit';
    form.append(this.label, this.input, this.sendButton);
    this.log.append(this.welcome);
    this.panel.append(header, this.banner, this.log, this.typing, this.notice, form);
    this.root.append(this.panel, this.launcher);
    shadow.append(style, this.root);

    this.launcher.addEventListener('click', () => (this.isOpen ? handlers.close() : handlers.open()));
    this.closeButton.addEventListener('click', () => handlers.close());
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        handlers.close();
      }
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.applyStrings();
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text) return;
    this.input.value = '';
    this.handlers.submit(text);
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  setLanguage(language: WidgetLanguage, strings: Strings): void {
    this.strings = strings;
    this.root.lang = language;
    this.applyStrings();
  }

  get currentStrings(): Strings {
    return this.strings;
  }

  private applyStrings(): void {
    const s = this.strings;
    this.root.lang ||= this.config.language;
    this.launcher.setAttribute('aria-label', this.unread ? s.launcherUnread : s.launcher);
    this.panel.setAttribute('aria-label', s.dialog);
    this.heading.textContent = this.config.title ?? s.title;
    this.closeButton.setAttribute('aria-label', s.close);
    this.log.setAttribute('aria-label', s.dialog);
    this.typingText.textContent = s.typing;
    this.label.textContent = s.inputLabel;
    this.input.placeholder = s.placeholder;
    this.sendButton.textContent = s.send;
    this.welcome.replaceChildren(...messageView({ author: 'bot', text: s.welcome }, s).childNodes);
    for (const item of this.log.querySelectorAll<HTMLLIElement>('li[data-author]')) relabel(item, s);
    this.setHandoff(this.handoff);
  }

  open(focus: boolean): void {
    this.panel.hidden = false;
    this.root.classList.add('open');
    this.launcher.setAttribute('aria-expanded', 'true');
    this.setUnread(false);
    this.scrollToEnd();
    if (focus) this.input.focus();
  }

  close(): void {
    this.panel.hidden = true;
    this.root.classList.remove('open');
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.focus();
  }

  setUnread(unread: boolean): void {
    this.unread = unread && !this.isOpen;
    this.badge.hidden = !this.unread;
    this.launcher.setAttribute('aria-label', this.unread ? this.strings.launcherUnread : this.strings.launcher);
  }

  has(id: number): boolean {
    return this.log.querySelector(`li[data-id="${id}"]`) !== null;
  }

  /** Adds a stored message in id order (pending ones without an id stay last). */
  addMessage(message: WidgetMessage): HTMLLIElement {
    const item = messageView(message, this.strings);
    const later = [...this.log.querySelectorAll<HTMLLIElement>('li[data-id]')].find((li) => Number(li.dataset.id) > message.id);
    const firstPending = this.log.querySelector<HTMLLIElement>('li.pending');
    this.log.insertBefore(item, later ?? firstPending ?? null);
    this.scrollToEnd();
    return item;
  }

  /** The visitor's message before the server has stored it. */
  addPending(text: string): HTMLLIElement {
    const item = messageView({ author: 'customer', text }, this.strings);
    item.classList.add('pending');
    this.log.append(item);
    this.scrollToEnd();
    return item;
  }

  /** A reply being written: announced once complete (aria-busy), shown as it grows. */
  addStreaming(): { item: HTMLLIElement; append(text: string): void } {
    const item = messageView({ author: 'bot', text: '' }, this.strings);
    item.classList.add('pending');
    item.setAttribute('aria-busy', 'true');
    this.log.append(item);
    const bubble = item.querySelector('.bubble')!;
    return {
      item,
      append: (text) => {
        bubble.textContent += text;
        this.scrollToEnd();
      },
    };
  }

  /** Buttons under an answer for the questions it suggests; one tap sends it (and the buttons go). */
  addFollowUps(after: HTMLLIElement | null, followUps: ReadonlyArray<{ title: string; text: string }>, send: (text: string) => void): void {
    this.log.querySelectorAll('li.follow-ups').forEach((old) => old.remove());
    if (followUps.length === 0) return;
    const item = element('li', 'follow-ups');
    for (const followUp of followUps) {
      const button = element('button', 'follow-up', followUp.title);
      button.type = 'button';
      button.addEventListener('click', () => {
        item.remove();
        send(followUp.text);
      });
      item.append(button);
    }
    this.log.insertBefore(item, after?.nextSibling ?? null);
    this.scrollToEnd();
  }

  markFailed(item: HTMLLIElement, message: string, retry: (() => void) | null): void {
    item.classList.add('failed');
    item.querySelector('.problem')?.remove();
    const problem = element('div', 'problem', message);
    if (retry) {
      const button = element('button', undefined, this.strings.retry);
      button.type = 'button';
      button.addEventListener('click', () => {
        item.classList.remove('failed');
        problem.remove();
        retry();
      });
      problem.append(button);
    }
    item.append(problem);
  }

  showTyping(visible: boolean): void {
    this.typing.hidden = !visible;
    if (visible) this.scrollToEnd();
  }

  showNotice(text: string | null): void {
    this.notice.hidden = text === null;
    this.notice.textContent = text ?? '';
  }

  setHandoff(status: HandoffStatus): void {
    this.handoff = status;
    this.banner.hidden = status.state === 'bot';
    this.banner.classList.toggle('with-staff', status.state === 'with_staff');
    this.banner.textContent =
      status.state === 'waiting'
        ? this.strings.waiting
        : status.state === 'unstaffed'
          ? this.strings.unstaffed
          : status.state === 'with_staff'
            ? this.strings.withStaff(status.staffName)
            : '';
  }

  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }
}
