import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CallbackRejectedError } from './errors.js';

/** SHA-1 of the parts sorted and joined: the platform's `signature` and `msg_signature`. */
export function callbackSignature(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** Constant-time comparison of two hex signatures. */
export function signatureMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected.toLowerCase(), 'utf8');
  const b = Buffer.from(given.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

// The platform pads to 32-byte blocks (not AES's 16), so OpenSSL's own padding is switched off.
const BLOCK = 32;

/**
 * The message encryption of WeChat Official Accounts' safe mode and of WeCom callbacks
 * (WXBizMsgCrypt): AES-256-CBC, key = base64(EncodingAESKey + "="), IV = the key's first 16
 * bytes, plaintext = 16 random bytes + 4-byte big-endian length + message + receiver id
 * (the AppID or CorpID), PKCS#7-padded to 32 bytes.
 */
export class MessageCrypto {
  private readonly key: Buffer;
  private readonly iv: Buffer;

  constructor(
    encodingAesKey: string,
    private readonly receiverId: string,
  ) {
    this.key = Buffer.from(`${encodingAesKey}=`, 'base64');
    if (encodingAesKey.length !== 43 || this.key.length !== 32) throw new Error('EncodingAESKey must be 43 base64 characters');
    this.iv = this.key.subarray(0, 16);
  }

  encrypt(message: string, random: Buffer = randomBytes(16)): string {
    const body = Buffer.from(message, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    const plain = Buffer.concat([random, length, body, Buffer.from(this.receiverId, 'utf8')]);
    const pad = BLOCK - (plain.length % BLOCK);
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
    return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
  }

  /** The message inside `encrypted`; refuses a ciphertext that is damaged or meant for another receiver. */
  decrypt(encrypted: string): string {
    const data = Buffer.from(encrypted, 'base64');
    if (data.length === 0 || data.length % 16 !== 0) throw new CallbackRejectedError(400, 'decrypt_failed', 'ciphertext length');
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
      plain = Buffer.concat([decipher.update(data), decipher.final()]);
    } catch {
      throw new CallbackRejectedError(400, 'decrypt_failed', 'cipher error');
    }
    const pad = plain[plain.length - 1]!;
    if (pad < 1 || pad > BLOCK || pad > plain.length) throw new CallbackRejectedError(400, 'decrypt_failed', 'padding');
    const content = plain.subarray(0, plain.length - pad);
    if (content.length < 20) throw new CallbackRejectedError(400, 'decrypt_failed', 'too short');
    const length = content.readUInt32BE(16);
    if (20 + length > content.length) throw new CallbackRejectedError(400, 'decrypt_failed', 'length field');
    const receiver = content.subarray(20 + length).toString('utf8');
    if (receiver !== this.receiverId) throw new CallbackRejectedError(403, 'wrong_receiver', 'message is for another app id / corp id');
    return content.subarray(20, 20 + length).toString('utf8');
  }
}
