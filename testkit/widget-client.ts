import type { DoneEvent, HistoryResponse, SessionResponse } from '../adapters/web/widget/protocol.js';

/** The widget's HTTP protocol as a test speaks it (what `adapters/web/widget/api.ts` does in the browser). */
export interface ParsedEvent {
  event: string;
  data: unknown;
  id?: string;
}

export function parseEventStream(text: string): ParsedEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.split('\n').some((line) => line.startsWith('data:')))
    .map((block) => {
      const fields = Object.fromEntries(
        block
          .split('\n')
          .filter((l) => !l.startsWith(':'))
          .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
      );
      return { event: fields.event ?? 'message', data: JSON.parse(fields.data ?? 'null'), ...(fields.id ? { id: fields.id } : {}) };
    });
}

const headers = (token?: string, extra: Record<string, string> = {}) => ({ ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra });

export async function newSession(url: string, token?: string, extra: Record<string, string> = {}): Promise<SessionResponse> {
  const response = await fetch(`${url}/api/widget/session`, { method: 'POST', headers: headers(token, extra) });
  if (!response.ok) throw new Error(`session: ${response.status} ${await response.text()}`);
  return (await response.json()) as SessionResponse;
}

export function postTurn(url: string, token: string | undefined, body: Record<string, unknown>, extra: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/api/widget/messages`, {
    method: 'POST',
    headers: headers(token, { 'content-type': 'application/json', ...extra }),
    body: JSON.stringify(body),
  });
}

let sequence = 0;
/** Sends a message and reads the whole event stream of its answer. */
export async function sendTurn(url: string, token: string, text: string, options: { id?: string; after?: number } = {}): Promise<{ events: ParsedEvent[]; done: DoneEvent }> {
  const response = await postTurn(url, token, { text, id: options.id ?? `msg-${process.pid}-${++sequence}`, after: options.after ?? 0 });
  if (!response.ok) throw new Error(`turn: ${response.status} ${await response.text()}`);
  const events = parseEventStream(await response.text());
  const done = events.find((e) => e.event === 'done');
  if (!done) throw new Error(`no done event: ${JSON.stringify(events)}`);
  return { events, done: done.data as DoneEvent };
}

export async function history(url: string, token: string | undefined, after = 0): Promise<{ status: number; body: HistoryResponse }> {
  const response = await fetch(`${url}/api/widget/messages?after=${after}`, { headers: headers(token) });
  return { status: response.status, body: (await response.json()) as HistoryResponse };
}

/** Reads a push stream as it arrives; `next` waits for the next event that fits. */
export async function openPush(url: string, token: string, after = 0) {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/widget/events?after=${after}`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const seen: ParsedEvent[] = [];
  const next = async (fits: (event: ParsedEvent) => boolean): Promise<ParsedEvent> => {
    for (;;) {
      const index = seen.findIndex(fits);
      if (index >= 0) return seen.splice(0, index + 1).at(-1)!;
      const { value, done } = await reader.read();
      if (done) throw new Error('push stream ended');
      buffer += decoder.decode(value, { stream: true });
      const end = buffer.lastIndexOf('\n\n');
      if (end >= 0) {
        seen.push(...parseEventStream(buffer.slice(0, end + 2)));
        buffer = buffer.slice(end + 2);
      }
    }
  };
  return { response, next, ended: () => reader.read().then((r) => r.done), close: () => controller.abort() };
}
