import { randomUUID } from 'node:crypto';
import type { WebSocketPeer } from './websocket-peer.js';

/**
 * Slack's Socket Mode server side, enough for tests: the `hello` Slack sends first, envelopes
 * out, acknowledgements (`{envelope_id}`) in. The WebSocket protocol itself (handshake, pings,
 * close) is `ws`'s, through WebSocketPeer.
 */
export class FakeSocketModeServer {
  private peer: WebSocketPeer | null = null;
  private readonly acks = new Map<string, (ack: Record<string, unknown>) => void>();
  private connectedWaiters: Array<() => void> = [];
  readonly received: Array<Record<string, unknown>> = [];

  accept(peer: WebSocketPeer): void {
    this.peer = peer;
    peer.onText((text) => this.onText(text));
    peer.onClose(() => {
      if (this.peer === peer) this.peer = null;
    });
    this.sendJson({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-slack', approximate_connection_time: 3600 }, connection_info: { app_id: 'A1' } });
    for (const resolve of this.connectedWaiters) resolve();
    this.connectedWaiters = [];
  }

  private onText(text: string): void {
    const message = JSON.parse(text) as Record<string, unknown>;
    this.received.push(message);
    const id = String(message.envelope_id);
    this.acks.get(id)?.(message);
    this.acks.delete(id);
  }

  private sendJson(value: unknown): void {
    this.peer?.sendText(JSON.stringify(value));
  }

  connected(): Promise<void> {
    return this.peer ? Promise.resolve() : new Promise((resolve) => this.connectedWaiters.push(resolve));
  }

  /** Sends an envelope as Slack does and resolves with the app's acknowledgement. */
  send(type: 'events_api' | 'interactive' | 'slash_commands', payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const envelopeId = randomUUID();
    const acked = new Promise<Record<string, unknown>>((resolve) => this.acks.set(envelopeId, resolve));
    this.sendJson({ envelope_id: envelopeId, payload, type, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' });
    return acked;
  }

  close(): void {
    this.peer?.drop();
    this.peer = null;
  }
}
