import type { DeltaEvent, DoneEvent, ErrorEvent, HandoffStatus, HistoryResponse, SessionResponse, WidgetMessage } from './protocol.js';
import { readEvents } from './sse.js';
import type { TokenStorage } from './token-storage.js';

export class WidgetApiError extends Error {
  override readonly name = 'WidgetApiError';
  constructor(
    readonly kind: 'network' | 'rate_limited' | 'unauthorized' | 'refused' | 'server',
    readonly retryable: boolean,
    message: string,
  ) {
    super(message);
  }
}

function errorFor(status: number): WidgetApiError {
  if (status === 429) return new WidgetApiError('rate_limited', true, 'too many requests');
  if (status === 401) return new WidgetApiError('unauthorized', true, 'token refused');
  if (status >= 500) return new WidgetApiError('server', true, `server error ${status}`);
  return new WidgetApiError('refused', false, `request refused (${status})`);
}

export interface PushHandlers {
  message(message: WidgetMessage): void;
  handoff(status: HandoffStatus): void;
  connection(connected: boolean): void;
}

/** The widget's calls to the aftercare server; the token travels in a header, never in a URL. */
export class WidgetApi {
  constructor(
    private readonly server: string,
    private readonly tokens: TokenStorage,
  ) {}

  get hasToken(): boolean {
    return this.tokens.get() !== null;
  }

  private async request(path: string, init: RequestInit = {}): Promise<Response> {
    const token = this.tokens.get();
    const headers = new Headers(init.headers);
    if (token) headers.set('Authorization', `Bearer ${token}`);
    let response: Response;
    try {
      response = await fetch(`${this.server}${path}`, { ...init, headers, mode: 'cors', credentials: 'omit', cache: 'no-store' });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new WidgetApiError('network', true, 'network error');
    }
    if (!response.ok) throw errorFor(response.status);
    return response;
  }

  /** Renews the stored token (same conversation) or gets a first one. */
  async session(): Promise<SessionResponse> {
    const session = (await (await this.request('/api/widget/session', { method: 'POST' })).json()) as SessionResponse;
    this.tokens.set(session.token);
    return session;
  }

  async history(after = 0): Promise<HistoryResponse> {
    return (await (await this.request(`/api/widget/messages?after=${after}`)).json()) as HistoryResponse;
  }

  /** Sends one message; `onDelta` gets the reply as it is written; resolves with the stored messages. */
  async send(text: string, id: string, after: number, onDelta: (delta: DeltaEvent) => void): Promise<DoneEvent> {
    const response = await this.request('/api/widget/messages', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text, id, after }),
    });
    try {
      for await (const event of readEvents(response.body!)) {
        if (event.event === 'delta') onDelta(JSON.parse(event.data) as DeltaEvent);
        else if (event.event === 'done') return JSON.parse(event.data) as DoneEvent;
        else if (event.event === 'error') {
          const failure = JSON.parse(event.data) as ErrorEvent;
          throw new WidgetApiError('server', failure.retryable, failure.error);
        }
      }
    } catch (error) {
      if (error instanceof WidgetApiError) throw error;
      throw new WidgetApiError('network', true, 'the answer was cut off');
    }
    throw new WidgetApiError('network', true, 'the answer was cut off');
  }

  /**
   * Listens for what is written to the conversation after `cursor()` (staff replies, notices),
   * reconnecting with backoff until `stop()` is called.
   */
  listen(cursor: () => number, handlers: PushHandlers): { stop(): void } {
    const controller = new AbortController();
    let failures = 0;
    const run = async () => {
      while (!controller.signal.aborted) {
        try {
          const response = await this.request(`/api/widget/events?after=${cursor()}`, { signal: controller.signal });
          handlers.connection(true);
          failures = 0;
          for await (const event of readEvents(response.body!)) {
            if (event.event === 'message') handlers.message(JSON.parse(event.data) as WidgetMessage);
            else if (event.event === 'handoff') handlers.handoff(JSON.parse(event.data) as HandoffStatus);
          }
        } catch (error) {
          if (controller.signal.aborted) return;
          if (error instanceof WidgetApiError && !error.retryable) return;
        }
        if (controller.signal.aborted) return;
        handlers.connection(false);
        failures++;
        await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** Math.min(failures, 5))));
      }
    };
    void run();
    return { stop: () => controller.abort() };
  }
}
