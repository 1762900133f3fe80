import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';

// One server object for every fake: it only completes upgrades handed to it (noServer) and
// tracks no clients, so it holds nothing once a connection ends.
const upgrades = new WebSocketServer({ noServer: true, clientTracking: false });

/** Close codes that mean "no close frame came" (RFC 6455 §7.4.1): reported as null. */
const noCode = new Set([1005, 1006]);

/** The server end of one WebSocket connection, on `ws`: text messages, close codes, and drops. */
export class WebSocketPeer {
  private readonly textHandlers: Array<(text: string) => void> = [];
  private readonly closeHandlers: Array<(code: number | null) => void> = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8');
      for (const handler of this.textHandlers) handler(text);
    });
    socket.on('error', () => {});
    socket.on('close', (code) => {
      for (const handler of this.closeHandlers.splice(0)) handler(noCode.has(code) ? null : code);
    });
  }

  /**
   * Completes the upgrade of a server's 'upgrade' event; `ws` answers a request that is not a
   * WebSocket one with a 400 itself, and `opened` then never runs.
   */
  static accept(req: IncomingMessage, socket: Duplex, head: Buffer, opened: (peer: WebSocketPeer) => void): void {
    upgrades.handleUpgrade(req, socket, head, (ws) => opened(new WebSocketPeer(ws)));
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  onText(handler: (text: string) => void): void {
    this.textHandlers.push(handler);
  }

  onClose(handler: (code: number | null) => void): void {
    this.closeHandlers.push(handler);
  }

  sendText(text: string): void {
    if (this.isOpen) this.socket.send(text);
  }

  /** A clean close with a code the client acts on (Discord's 4004, 4014…). */
  close(code: number, reason = ''): void {
    if (this.isOpen) this.socket.close(code, reason);
  }

  /** The connection drops without a close frame (a network failure). */
  drop(): void {
    this.socket.terminate();
  }
}
