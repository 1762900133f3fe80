import type { Response } from 'express';

/** Starts a `text/event-stream` response that no proxy buffers or transforms. */
export function openEventStream(res: Response): void {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
}

/** Writes one event; a no-op once the client has gone. */
export function sendEvent(res: Response, event: string, data: unknown, id?: number): void {
  if (res.writableEnded || res.destroyed) return;
  res.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
