import { describe, expect, it } from 'vitest';
import { SecretBox, SecretBoxError, generateSecretKey } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox(generateSecretKey());

  it('opens what it sealed', () => {
    const plain = 'refresh-token: 1//0gÆé✓';
    expect(box.open(box.seal(plain))).toBe(plain);
  });

  it('seals the same text differently each time (random IV)', () => {
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('writes the versioned v1:iv:tag:data format in base64url', () => {
    expect(box.seal('x')).toMatch(/^v1:[\w-]{16}:[\w-]{22}:[\w-]+$/);
  });

  it('detects a changed ciphertext', () => {
    const [v, iv, tag, body] = box.seal('top secret').split(':') as [
      string,
      string,
      string,
      string,
    ];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    const tampered = [v, iv, tag, flipped.toString('base64url')].join(':');
    expect(() => box.open(tampered)).toThrow(SecretBoxError);
    expect(() => box.open(tampered)).toThrow(/altered or sealed under another key/);
  });

  it('detects a changed tag or IV', () => {
    const [v, iv, tag, body] = box.seal('top secret').split(':') as [
      string,
      string,
      string,
      string,
    ];
    const otherTag = Buffer.alloc(16, 7).toString('base64url');
    const otherIv = Buffer.alloc(12, 7).toString('base64url');
    expect(() => box.open([v, iv, otherTag, body].join(':'))).toThrow(SecretBoxError);
    expect(() => box.open([v, otherIv, tag, body].join(':'))).toThrow(SecretBoxError);
  });

  it('refuses a secret sealed under another key', () => {
    const other = new SecretBox(generateSecretKey());
    expect(() => box.open(other.seal('hello'))).toThrow(SecretBoxError);
  });

  it('refuses unknown formats', () => {
    expect(() => box.open('v2:a:b:c')).toThrow(/unknown format/);
    expect(() => box.open('plain text')).toThrow(/unknown format/);
  });

  it('accepts a key as hex or base64 and rejects other lengths', () => {
    const hex = generateSecretKey();
    const base64 = Buffer.from(hex, 'hex').toString('base64');
    expect(new SecretBox(base64).open(new SecretBox(hex).seal('k'))).toBe('k');
    expect(() => new SecretBox('too short')).toThrow(/32 bytes/);
  });
});
