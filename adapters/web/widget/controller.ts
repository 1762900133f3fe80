import { WidgetApi, WidgetApiError } from './api.js';
import type { WidgetConfig } from './config.js';
import { strings } from './i18n.js';
import { completeMessage } from './message-view.js';
import type { DeltaEvent, DoneEvent, HandoffStatus, WidgetLanguage, WidgetMessage } from './protocol.js';
import { panelMemory, randomId, TokenStorage } from './token-storage.js';
import { WidgetView } from './view.js';

/**
 * The widget's behaviour: a session (the signed token in localStorage) restored on load, the
 * history shown, messages sent with their replies streamed, and — while a colleague is asked
 * for or present — a push stream for what staff write.
 */
export class WidgetController {
  private readonly api: WidgetApi;
  private readonly view: WidgetView;
  private readonly openKey: string;
  private cursor = 0;
  private language: WidgetLanguage;
  private handoff: HandoffStatus = { state: 'bot' };
  private ready: Promise<void> | null = null;
  private push: { stop(): void } | null = null;
  /** Pushed messages wait while a reply streams, so the two never show one message twice. */
  private sending = 0;
  private held: WidgetMessage[] = [];

  constructor(private readonly config: WidgetConfig) {
    this.language = config.language;
    this.api = new WidgetApi(config.server, new TokenStorage(`aftercare-widget:${config.server}`));
    this.openKey = `aftercare-widget-open:${config.server}`;
    this.view = new WidgetView(config, strings[this.language], {
      open: () => this.open(true),
      close: () => this.close(),
      submit: (text) => void this.send(text, randomId()),
    });
  }

  mount(): void {
    document.body.append(this.view.host);
    // A returning visitor's conversation is restored at once, so staff replies can show a badge.
    if (this.api.hasToken) void this.ensureSession().catch(() => undefined);
    if (panelMemory.get(this.openKey)) this.open(false);
  }

  private open(focus: boolean): void {
    this.view.open(focus);
    panelMemory.set(this.openKey, true);
    void this.ensureSession().catch((error: unknown) => {
      const refused = error instanceof WidgetApiError && error.kind === 'refused';
      // A 403 here means the site's origin is not in the server's WIDGET_ALLOWED_ORIGINS: say so to whoever set it up.
      if (refused) console.error(`aftercare: ${location.origin} may not use the chat widget of ${this.config.server}; add it to WIDGET_ALLOWED_ORIGINS`);
      this.view.showNotice(refused ? this.view.currentStrings.unavailable : this.view.currentStrings.reconnecting);
    });
  }

  private close(): void {
    this.view.close();
    panelMemory.set(this.openKey, false);
  }

  private ensureSession(): Promise<void> {
    this.ready ??= (async () => {
      const session = await this.api.session();
      if (session.language) this.setLanguage(session.language);
      if (session.resumed) {
        const history = await this.api.history(0);
        for (const message of history.messages) this.show(message);
        this.cursor = Math.max(this.cursor, history.cursor);
      }
      this.setHandoff(session.handoff);
    })().catch((error: unknown) => {
      this.ready = null;
      throw error;
    });
    return this.ready;
  }

  private setLanguage(language: WidgetLanguage): void {
    if (language === this.language) return;
    this.language = language;
    this.view.setLanguage(language, strings[language]);
  }

  private setHandoff(status: HandoffStatus): void {
    this.handoff = status;
    this.view.setHandoff(status);
    if (status.state !== 'bot' && !this.push) {
      this.push = this.api.listen(() => this.cursor, {
        message: (message) => (this.sending > 0 ? this.held.push(message) : this.show(message)),
        handoff: (next) => this.setHandoff(next),
        connection: (connected) => this.view.showNotice(connected ? null : this.view.currentStrings.reconnecting),
      });
    } else if (status.state === 'bot' && this.push) {
      this.push.stop();
      this.push = null;
    }
  }

  private show(message: WidgetMessage): void {
    this.cursor = Math.max(this.cursor, message.id);
    if (this.view.has(message.id)) return;
    this.view.addMessage(message);
    if (message.author !== 'customer') this.view.setUnread(true);
  }

  private async send(text: string, id: string, pending = this.view.addPending(text)): Promise<void> {
    this.view.showNotice(null);
    // With a colleague on the conversation the bot stays quiet: nobody is "typing".
    this.view.showTyping(this.handoff.state !== 'with_staff');
    this.sending++;
    const stream: { reply: ReturnType<WidgetView['addStreaming']> | null } = { reply: null };
    try {
      await this.ensureSession();
      const done = await this.sendWithFreshToken(text, id, (delta) => {
        this.view.showTyping(false);
        // Labelled in the reply's language from its first piece, not relabelled at the end.
        if (delta.language) this.setLanguage(delta.language);
        stream.reply ??= this.view.addStreaming();
        stream.reply.append(delta.text);
      });
      this.settle(done, text, pending, stream.reply?.item ?? null);
    } catch (error) {
      stream.reply?.item.remove();
      const s = this.view.currentStrings;
      const limited = error instanceof WidgetApiError && error.kind === 'rate_limited';
      const retryable = !(error instanceof WidgetApiError) || error.retryable;
      this.view.markFailed(pending, limited ? s.rateLimited : s.failed, retryable ? () => void this.send(text, id, pending) : null);
    } finally {
      this.view.showTyping(false);
      this.sending--;
      if (this.sending === 0) for (const message of this.held.splice(0)) this.show(message);
    }
  }

  /** A token the server no longer accepts (expired, secret changed) is replaced once, starting anew. */
  private async sendWithFreshToken(text: string, id: string, onDelta: (delta: DeltaEvent) => void): Promise<DoneEvent> {
    try {
      return await this.api.send(text, id, this.cursor, onDelta);
    } catch (error) {
      if (!(error instanceof WidgetApiError) || error.kind !== 'unauthorized') throw error;
      this.ready = null;
      await this.ensureSession();
      return this.api.send(text, id, this.cursor, onDelta);
    }
  }

  /** Puts the stored messages in place of the pending ones, in order, without repeating any. */
  private settle(done: DoneEvent, text: string, pending: HTMLLIElement, streamed: HTMLLIElement | null): void {
    this.setLanguage(done.language);
    // Read after the switch: the completed reply is labelled in the conversation's language.
    const s = this.view.currentStrings;
    const mine = done.messages.find((m) => m.author === 'customer' && m.text === text.trim());
    if (mine && this.view.has(mine.id)) pending.remove();
    else if (mine) {
      pending.dataset.id = String(mine.id);
      pending.classList.remove('pending');
    }
    const answer = mine ? done.messages.find((m) => m.id > mine.id && m.author !== 'customer') : undefined;
    let answerItem: HTMLLIElement | null = null;
    if (answer && !this.view.has(answer.id)) {
      if (streamed) completeMessage((answerItem = streamed), answer, s);
      else answerItem = this.view.addMessage(answer);
    } else streamed?.remove();
    this.view.addFollowUps(answerItem, done.followUps ?? [], (followUp) => void this.send(followUp, randomId()));
    for (const message of done.messages) if (message !== mine && message !== answer) this.show(message);
    this.cursor = Math.max(this.cursor, done.cursor);
    this.setHandoff(done.handoff);
  }
}
