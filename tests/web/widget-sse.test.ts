import { describe, expect, it } from 'vitest';
import { readEvents, type ServerEvent } from '../../adapters/web/widget/sse.js';

/** A response body delivered in exactly these chunks, as a network may cut it. */
function body(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function eventsOf(chunks: string[]): Promise<ServerEvent[]> {
  const events: ServerEvent[] = [];
  for await (const event of readEvents(body(chunks))) events.push(event);
  return events;
}

describe('the widget reads server-sent events', () => {
  it('a CRLF split across two chunks is one line end, not the blank line that ends an event', async () => {
    const stream = 'event: delta\r\ndata: {"text":"Hel"}\r\ndata: {"more":true}\r\n\r\nevent: done\r\ndata: {}\r\n\r\n';
    const cut = stream.indexOf('\r\ndata: {"more"') + 1; // chunk one ends in "\r", chunk two starts with "\n"
    const events = await eventsOf([stream.slice(0, cut), stream.slice(cut)]);
    expect(events).toEqual([
      { event: 'delta', data: '{"text":"Hel"}\n{"more":true}' },
      { event: 'done', data: '{}' },
    ]);
  });

  it('gives the same events however the stream is cut, with LF, CRLF or CR line ends', async () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const stream = [': keep-alive', 'event: delta', 'data: 你好', 'data: world', '', 'id: 7', 'data: plain', '', ''].join(eol);
      const whole = await eventsOf([stream]);
      expect(whole).toEqual([
        { event: 'delta', data: '你好\nworld' },
        { event: 'message', data: 'plain', id: '7' },
      ]);
      const bytes = new TextEncoder().encode(stream);
      for (let cut = 1; cut < bytes.length; cut++) {
        // Cuts through multi-byte characters too: the decoder keeps a half character for the next chunk.
        const chunks = [bytes.slice(0, cut), bytes.slice(cut)];
        const split = new ReadableStream<Uint8Array>({
          start(controller) {
            for (const chunk of chunks) controller.enqueue(chunk);
            controller.close();
          },
        });
        const events: ServerEvent[] = [];
        for await (const event of readEvents(split)) events.push(event);
        expect(events, `${JSON.stringify(eol)} cut at byte ${cut}`).toEqual(whole);
      }
    }
  });
});
