/**
 * Cursors of the change log, opaque to clients and bound to one user.
 *
 * The log's sequence is one for every tenant. The first cursors showed it (base64url of
 * `chg:<sequence>`), so a client polling its own changes could read, from the gaps between its
 * cursors, how many changes the other organisations made in between. A cursor is now the
 * sequence and a tag of its user enciphered as one AES-256 block, under a key derived from
 * CALINTEL_SECRET_KEY: it shows nothing, and another user's cursor is refused. Cursors of the
 * first form are still read, so that the ones clients hold keep working; they reveal nothing a
 * client did not already have.
 */
import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidCursorError } from './event-rows.js';

const BLOCK_BYTES = 16;
const TAG_BYTES = 8;
const LEGACY_PREFIX = 'chg:';

export class ChangeCursors {
  readonly #key: Buffer;

  /** `key`: 32 bytes (SecretBox.deriveKey('change-cursor')). */
  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('a change cursor key is 32 bytes');
    this.#key = key;
  }

  /** The cursor for the position after `sequence` in `userId`'s log. */
  encode(userId: string, sequence: number): string {
    const block = Buffer.alloc(BLOCK_BYTES);
    block.writeBigUInt64BE(BigInt(sequence), 0);
    this.#tag(userId).copy(block, BLOCK_BYTES - TAG_BYTES);
    const cipher = createCipheriv('aes-256-ecb', this.#key, null).setAutoPadding(false);
    return Buffer.concat([cipher.update(block), cipher.final()]).toString('base64url');
  }

  /** The sequence `cursor` stands for; InvalidCursorError unless it was given to `userId`. */
  decode(userId: string, cursor: string): number {
    const legacy = legacySequence(cursor);
    if (legacy !== null) return legacy;
    const bytes = Buffer.from(cursor, 'base64url');
    // base64url decoding skips what it cannot read, so only an exact round trip is ours.
    if (bytes.length !== BLOCK_BYTES || bytes.toString('base64url') !== cursor) throw refused();
    const decipher = createDecipheriv('aes-256-ecb', this.#key, null).setAutoPadding(false);
    const block = Buffer.concat([decipher.update(bytes), decipher.final()]);
    const tag = block.subarray(BLOCK_BYTES - TAG_BYTES);
    if (!timingSafeEqual(tag, this.#tag(userId))) throw refused();
    const sequence = Number(block.readBigUInt64BE(0));
    if (!Number.isSafeInteger(sequence)) throw refused();
    return sequence;
  }

  // A page of the log encodes up to a thousand cursors of one user: its tag is made once.
  #tagged: { userId: string; tag: Buffer } | null = null;

  #tag(userId: string): Buffer {
    if (this.#tagged?.userId !== userId) {
      const tag = createHmac('sha256', this.#key).update(`user:${userId}`).digest();
      this.#tagged = { userId, tag: tag.subarray(0, TAG_BYTES) };
    }
    return this.#tagged.tag;
  }
}

/** A cursor of the first form (base64url of `chg:<sequence>`), or null. */
function legacySequence(cursor: string): number | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^chg:(0|[1-9][0-9]{0,15})$/.exec(text);
  if (!match) return null;
  const sequence = Number(match[1]);
  if (!Number.isSafeInteger(sequence) || legacyCursor(sequence) !== cursor) return null;
  return sequence;
}

/** The first form of a cursor, as clients may still hold it. */
export function legacyCursor(sequence: number): string {
  return Buffer.from(`${LEGACY_PREFIX}${sequence}`, 'utf8').toString('base64url');
}

function refused(): InvalidCursorError {
  return new InvalidCursorError('the cursor is not one this API returned');
}
