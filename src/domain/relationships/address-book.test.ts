import { describe, expect, it } from 'vitest';
import { AddressBook } from './address-book.js';

describe('address book', () => {
  it('gives each person (address case folded) one index, in the order first looked up', () => {
    const book = new AddressBook();
    const jane = book.of('Jane@Acme.com');
    const sam = book.of('sam@acme.com');
    const janeAgain = book.of('jane@acme.com');
    expect(jane).toMatchObject({ email: 'jane@acme.com', person: 0 });
    expect(sam).toMatchObject({ email: 'sam@acme.com', person: 1 });
    expect(janeAgain.person).toBe(0);
    expect(book.size).toBe(2);
    expect([book.emailOf(0), book.emailOf(1)]).toEqual(['jane@acme.com', 'sam@acme.com']);
    expect(() => book.emailOf(2)).toThrow(RangeError);
  });

  it('hashes the address as written, ASCII letters folded (FNV-1a)', () => {
    // FNV-1a of "a": (0x811c9dc5 ^ 0x61) * 0x01000193 mod 2^32 = 0xe40c292c; with the prime
    // as the seed: (0x01000193 ^ 0x61) * 0x01000193 mod 2^32 = 0x85030ff6, of which the low
    // 21 bits are 0x030ff6.
    const book = new AddressBook();
    expect(book.of('a')).toMatchObject({ hash1: 0xe40c292c, hash2: 0x030ff6 });
    expect(book.of('A')).toMatchObject({ email: 'a', person: 0, hash1: 0xe40c292c });
  });

  it('keeps the hashes of each spelling: letters outside ASCII are not folded by them', () => {
    const book = new AddressBook();
    const upper = book.of('\u00c4@x.de');
    const lower = book.of('\u00e4@x.de');
    expect(upper.person).toBe(lower.person);
    expect(upper.hash1).not.toBe(lower.hash1);
  });
});
