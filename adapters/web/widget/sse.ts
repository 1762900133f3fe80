import { createParser } from 'eventsource-parser';

export interface ServerEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * Reads a `text/event-stream` body event by event (fetch, so the token can go in a header).
 * eventsource-parser keeps a line ending split across two chunks (`\r` | `\n`) as one line end,
 * where splitting each chunk on its own would see a blank line and end the event early.
 */
export async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parsed: ServerEvent[] = [];
  const parser = createParser({
    onEvent: ({ event, data, id }) => parsed.push({ event: event ?? 'message', data, ...(id === undefined ? {} : { id }) }),
  });
  let text = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      // The parser holds back a final "\r" in case "\n" follows; at the end it is a line end on its own.
      if (done && text.endsWith('\r')) parser.feed('\n');
      else if (done) return;
      else {
        const piece = decoder.decode(value, { stream: true });
        if (piece) text = piece;
        parser.feed(piece);
      }
      while (parsed.length > 0) yield parsed.shift()!;
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}
