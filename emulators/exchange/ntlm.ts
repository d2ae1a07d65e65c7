/**
 * The server side of NTLM over HTTP (MS-NLMP): a Type 1 (negotiate) is answered with a 401
 * carrying a Type 2 (challenge); the Type 3 (authenticate) that follows is checked by recomputing
 * its NTLMv2 proof from the stored password. @ewsjs/xhr runs the handshake before every request
 * and does not keep the connection, so challenges are remembered by value, not by socket, for a
 * few minutes, and each can be used once.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { md4 } from './md4.js';

const SIGNATURE = Buffer.from('NTLMSSP\0', 'ascii');
const FLAGS = {
  unicode: 1 << 0,
  requestTarget: 1 << 2,
  ntlm: 1 << 9,
  alwaysSign: 1 << 15,
  targetTypeDomain: 1 << 16,
  // "NTLM2 key" (extended session security): ntlm-client answers it with NTLMv2.
  extendedSessionSecurity: 1 << 19,
  targetInfo: 1 << 23,
};
const CHALLENGE_LIFETIME_MS = 5 * 60_000;
const MAX_OPEN_CHALLENGES = 1_000;

export type NtlmMessage =
  | { type: 1 }
  | { type: 3; user: string; domain: string; workstation: string; ntResponse: Buffer; lm: Buffer };

/** Decodes the base64 token of an `Authorization: NTLM ...` header; null when it is not NTLM. */
export function readNtlmMessage(token: string): NtlmMessage | null {
  const buffer = Buffer.from(token, 'base64');
  if (buffer.length < 12 || !buffer.subarray(0, 8).equals(SIGNATURE)) return null;
  const type = buffer.readUInt32LE(8);
  if (type === 1) return { type: 1 };
  if (type !== 3 || buffer.length < 52) return null;
  const flags = buffer.length >= 64 ? buffer.readUInt32LE(60) : FLAGS.unicode;
  const encoding: BufferEncoding = flags & FLAGS.unicode ? 'utf16le' : 'latin1';
  const field = (offset: number) => {
    const length = buffer.readUInt16LE(offset);
    const start = buffer.readUInt32LE(offset + 4);
    return buffer.subarray(start, start + length);
  };
  return {
    type: 3,
    lm: field(12),
    ntResponse: field(20),
    domain: field(28).toString(encoding),
    user: field(36).toString(encoding),
    workstation: field(44).toString(encoding),
  };
}

/** NTLMv2 check: HMAC-MD5 over the server challenge and the client's blob (MS-NLMP 3.3.2). */
export function verifyNtlmV2(
  message: Extract<NtlmMessage, { type: 3 }>,
  password: string,
  serverChallenge: Buffer,
): boolean {
  if (message.ntResponse.length <= 24) return false; // NTLMv1: not offered by this server
  const ntHash = md4(Buffer.from(password, 'utf16le'));
  const identity = Buffer.from(message.user.toUpperCase() + message.domain, 'utf16le');
  const v2Hash = createHmac('md5', ntHash).update(identity).digest();
  const proof = message.ntResponse.subarray(0, 16);
  const blob = message.ntResponse.subarray(16);
  const expected = createHmac('md5', v2Hash).update(serverChallenge).update(blob).digest();
  return timingSafeEqual(proof, expected);
}

/** The challenges handed out and not yet used. */
export class NtlmChallenges {
  private readonly open = new Map<string, number>();

  constructor(
    private readonly nowMs: () => number,
    private readonly domain: string,
  ) {}

  /** A fresh Type 2 message, base64, for `WWW-Authenticate: NTLM ...`. */
  issue(): string {
    this.forgetOld();
    const challenge = randomBytes(8);
    this.open.set(challenge.toString('hex'), this.nowMs());
    return challengeMessage(challenge, this.domain).toString('base64');
  }

  /** The open challenge the password proves (consumed), or false. */
  redeem(message: Extract<NtlmMessage, { type: 3 }>, password: string): boolean {
    this.forgetOld();
    for (const hex of this.open.keys()) {
      if (verifyNtlmV2(message, password, Buffer.from(hex, 'hex'))) {
        this.open.delete(hex);
        return true;
      }
    }
    return false;
  }

  private forgetOld(): void {
    const oldest = this.nowMs() - CHALLENGE_LIFETIME_MS;
    for (const [hex, issuedMs] of this.open) {
      if (issuedMs < oldest || this.open.size > MAX_OPEN_CHALLENGES) this.open.delete(hex);
    }
  }
}

function challengeMessage(challenge: Buffer, domain: string): Buffer {
  const target = Buffer.from(domain, 'utf16le');
  const info = targetInfo(domain);
  const header = Buffer.alloc(48);
  SIGNATURE.copy(header, 0);
  header.writeUInt32LE(2, 8);
  header.writeUInt16LE(target.length, 12);
  header.writeUInt16LE(target.length, 14);
  header.writeUInt32LE(48, 16);
  header.writeUInt32LE(
    FLAGS.unicode |
      FLAGS.requestTarget |
      FLAGS.ntlm |
      FLAGS.alwaysSign |
      FLAGS.targetTypeDomain |
      FLAGS.extendedSessionSecurity |
      FLAGS.targetInfo,
    20,
  );
  challenge.copy(header, 24);
  header.writeUInt16LE(info.length, 40);
  header.writeUInt16LE(info.length, 42);
  header.writeUInt32LE(48 + target.length, 44);
  return Buffer.concat([header, target, info]);
}

/** AV pairs: NetBIOS domain and computer, DNS domain and computer, end of list. */
function targetInfo(domain: string): Buffer {
  const pair = (id: number, value: string) => {
    const data = Buffer.from(value, 'utf16le');
    const head = Buffer.alloc(4);
    head.writeUInt16LE(id, 0);
    head.writeUInt16LE(data.length, 2);
    return Buffer.concat([head, data]);
  };
  const dns = `${domain.toLowerCase()}.test`;
  return Buffer.concat([
    pair(2, domain),
    pair(1, 'EXCH01'),
    pair(4, dns),
    pair(3, `exch01.${dns}`),
    Buffer.alloc(4),
  ]);
}
