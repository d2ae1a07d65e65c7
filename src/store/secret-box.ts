/**
 * Authenticated encryption for secrets at rest (provider OAuth tokens, passwords): AES-256-GCM
 * with a random 12-byte IV per message, sealed as `v1:<iv>:<tag>:<ciphertext>` in base64url.
 * The version prefix lets a later format or key rotation coexist with rows written today.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
// 96-bit IVs are GCM's native size (NIST SP 800-38D); other sizes are hashed into one.
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
}

export class SecretBox {
  readonly #key: Buffer;

  /** `key`: 32 bytes as 64 hex characters or as base64/base64url (see generateSecretKey). */
  constructor(key: string) {
    this.#key = parseKey(key);
  }

  /** Encrypts `plain`; sealing the same text twice gives different results. */
  seal(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#key, iv, { authTagLength: TAG_BYTES });
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv, tag, body].map((p) => (typeof p === 'string' ? p : b64(p))).join(':');
  }

  /**
   * A 32-byte key for one other purpose (e.g. `change-cursor`), derived from this key so that
   * the one CALINTEL_SECRET_KEY serves every purpose without a key used for two of them.
   */
  deriveKey(purpose: string): Buffer {
    return createHmac('sha256', this.#key).update(`calintel:${purpose}`).digest();
  }

  /** Decrypts what seal made; throws SecretBoxError if it was altered or sealed under another key. */
  open(sealed: string): string {
    const [version, iv, tag, body, ...rest] = sealed.split(':');
    if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) {
      throw new SecretBoxError('sealed secret has an unknown format (expected v1:iv:tag:data)');
    }
    if (rest.length > 0) throw new SecretBoxError('sealed secret has too many parts');
    const ivBytes = Buffer.from(iv, 'base64url');
    const tagBytes = Buffer.from(tag, 'base64url');
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
      throw new SecretBoxError('sealed secret has a malformed IV or tag');
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, this.#key, ivBytes, {
        authTagLength: TAG_BYTES,
      });
      decipher.setAuthTag(tagBytes);
      const plain = Buffer.concat([
        decipher.update(Buffer.from(body, 'base64url')),
        decipher.final(),
      ]);
      return plain.toString('utf8');
    } catch (error) {
      throw new SecretBoxError(
        'sealed secret failed authentication: it was altered or sealed under another key',
        { cause: error },
      );
    }
  }
}

/** A fresh random key for CALINTEL_SECRET_KEY, as 64 hex characters. */
export function generateSecretKey(): string {
  return randomBytes(KEY_BYTES).toString('hex');
}

function parseKey(key: string): Buffer {
  const trimmed = key.trim();
  const bytes = /^[0-9a-f]{64}$/i.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (bytes.length !== KEY_BYTES) {
    throw new SecretBoxError(
      `secret key must be ${KEY_BYTES} bytes as hex or base64 (got ${bytes.length} bytes)`,
    );
  }
  return bytes;
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64url');
}
