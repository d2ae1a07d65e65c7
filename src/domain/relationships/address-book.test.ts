import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mailboxKey } from '../matching/addresses.js';
import { AddressBook, personKey } from './address-book.js';

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

  it('hashes the person, not the spelling (FNV-1a of the key)', () => {
    // FNV-1a of "a": (0x811c9dc5 ^ 0x61) * 0x01000193 mod 2^32 = 0xe40c292c; with the prime
    // as the seed: (0x01000193 ^ 0x61) * 0x01000193 mod 2^32 = 0x85030ff6, of which the low
    // 21 bits are 0x030ff6.
    const book = new AddressBook();
    expect(book.of('a')).toMatchObject({ hash1: 0xe40c292c, hash2: 0x030ff6 });
    expect(book.of('A')).toMatchObject({ email: 'a', person: 0, hash1: 0xe40c292c });
  });

  it('gives spellings that differ outside ASCII one person and one pair of hashes', () => {
    const book = new AddressBook();
    const upper = book.of('\u00c4@x.de');
    const lower = book.of('\u00e4@x.de');
    expect(upper).toBe(lower);
  });
});

describe('personKey', () => {
  it('is the mailbox key, or the address case folded when it has none', () => {
    const piece = fc.constantFrom(
      'a',
      'B',
      '.',
      '+',
      '@',
      ' ',
      '\u00a0',
      'mailto:',
      'MailTo:',
      'gmail.com',
      'GoogleMail.COM',
      'hotmail.com',
      'acme.co.uk',
      '\u00c4',
      '\u0130',
      'x',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const address = pieces.join('');
        expect(personKey(address)).toBe(mailboxKey(address) ?? address.toLowerCase());
      }),
      { numRuns: 500 },
    );
    expect(personKey(' MailTo:John.Smith+x@GoogleMail.com. ')).toBe('johnsmith@gmail.com');
    expect(personKey('Jane.Doe@Acme.com')).toBe('jane.doe@acme.com');
    expect(personKey('no address')).toBe('no address');
  });
});
