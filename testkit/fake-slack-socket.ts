import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const websocketGuid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, length])
      : length < 65_536
        ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => {
            const big = Buffer.alloc(8);
            big.writeBigUInt64BE(BigInt(length));
            return big;
          })()]);
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

/**
 * Slack's Socket Mode server side, enough for tests: the WebSocket handshake (RFC 6455),
 * the `hello` Slack sends first, envelopes out, acknowledgements (`{envelope_id}`) in, and
 * pong for the client's pings.
 */
export class FakeSocketModeServer {
  private socket: Duplex | null = null;
  private readonly acks = new Map<string, (ack: Record<string, unknown>) => void>();
  private connectedWaiters: Array<() => void> = [];
  readonly received: Array<Record<string, unknown>> = [];

  handleUpgrade(req: IncomingMessage, socket: Duplex): void {
    const key = req.headers['sec-websocket-key'];
    if (typeof key !== 'string') {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(key + websocketGuid).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    this.socket = socket;
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const { frames, rest } = readFrames(Buffer.concat([pending, chunk]));
      pending = rest;
      for (const { opcode, payload } of frames) {
        if (opcode === 0x9) socket.write(frame(0xa, payload));
        else if (opcode === 0x8) socket.end(frame(0x8, payload));
        else if (opcode === 0x1) this.onText(payload.toString('utf8'));
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      if (this.socket === socket) this.socket = null;
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
    this.socket?.write(frame(0x1, Buffer.from(JSON.stringify(value))));
  }

  connected(): Promise<void> {
    return this.socket ? Promise.resolve() : new Promise((resolve) => this.connectedWaiters.push(resolve));
  }

  /** Sends an envelope as Slack does and resolves with the app's acknowledgement. */
  send(type: 'events_api' | 'interactive' | 'slash_commands', payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const envelopeId = randomUUID();
    const acked = new Promise<Record<string, unknown>>((resolve) => this.acks.set(envelopeId, resolve));
    this.sendJson({ envelope_id: envelopeId, payload, type, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' });
    return acked;
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }
}
