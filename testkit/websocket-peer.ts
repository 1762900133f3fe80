import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const websocketGuid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  let header: Buffer;
  if (length < 126) header = Buffer.from([0x80 | opcode, length]);
  else if (length < 65_536) header = Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff]);
  else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

/** Reads complete client frames (always masked) off the front of `buffer`. */
function readFrames(buffer: Buffer): { frames: Array<{ opcode: number; payload: Buffer }>; rest: Buffer } {
  const frames: Array<{ opcode: number; payload: Buffer }> = [];
  let offset = 0;
  for (;;) {
    if (buffer.length - offset < 2) break;
    const opcode = buffer[offset]! & 0x0f;
    const masked = (buffer[offset + 1]! & 0x80) !== 0;
    let length = buffer[offset + 1]! & 0x7f;
    let cursor = offset + 2;
    if (length === 126) {
      if (buffer.length < cursor + 2) break;
      length = buffer.readUInt16BE(cursor);
      cursor += 2;
    } else if (length === 127) {
      if (buffer.length < cursor + 8) break;
      length = Number(buffer.readBigUInt64BE(cursor));
      cursor += 8;
    }
    const maskLength = masked ? 4 : 0;
    if (buffer.length < cursor + maskLength + length) break;
    const mask = buffer.subarray(cursor, cursor + maskLength);
    cursor += maskLength;
    const payload = Buffer.from(buffer.subarray(cursor, cursor + length));
    if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
    frames.push({ opcode, payload });
    offset = cursor + length;
  }
  return { frames, rest: buffer.subarray(offset) };
}

/** The server end of one WebSocket connection (RFC 6455): text frames, pings, and close codes. */
export class WebSocketPeer {
  private closed = false;
  private readonly textHandlers: Array<(text: string) => void> = [];
  private readonly closeHandlers: Array<(code: number | null) => void> = [];

  private constructor(private readonly socket: Duplex) {
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const { frames, rest } = readFrames(Buffer.concat([pending, chunk]));
      pending = rest;
      for (const { opcode, payload } of frames) {
        if (opcode === 0x9) socket.write(frame(0xa, payload));
        else if (opcode === 0x8) {
          const code = payload.length >= 2 ? payload.readUInt16BE(0) : null;
          if (!this.closed) socket.end(frame(0x8, payload));
          this.finish(code);
        } else if (opcode === 0x1) for (const handler of this.textHandlers) handler(payload.toString('utf8'));
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => this.finish(null));
  }

  /** Completes the upgrade handshake; null (and a 400) when the request is not a WebSocket one. */
  static accept(req: IncomingMessage, socket: Duplex): WebSocketPeer | null {
    const key = req.headers['sec-websocket-key'];
    if (typeof key !== 'string') {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return null;
    }
    const accept = createHash('sha1').update(key + websocketGuid).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    return new WebSocketPeer(socket);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  onText(handler: (text: string) => void): void {
    this.textHandlers.push(handler);
  }

  onClose(handler: (code: number | null) => void): void {
    this.closeHandlers.push(handler);
  }

  sendText(text: string): void {
    if (!this.closed) this.socket.write(frame(0x1, Buffer.from(text, 'utf8')));
  }

  /** A clean close with a code the client acts on (Discord's 4004, 4014…). */
  close(code: number, reason = ''): void {
    if (this.closed) return;
    const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
    payload.writeUInt16BE(code, 0);
    payload.write(reason, 2);
    this.socket.write(frame(0x8, payload));
    this.closed = true;
    this.socket.end();
  }

  /** The connection drops without a close frame (a network failure). */
  drop(): void {
    this.closed = true;
    this.socket.destroy();
  }

  /** Runs the close handlers once, whichever way the connection ended. */
  private finish(code: number | null): void {
    this.closed = true;
    for (const handler of this.closeHandlers.splice(0)) handler(code);
  }
}
