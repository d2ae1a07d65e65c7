/**
 * The people of one account's meetings, by address. An account's few people come back in
 * meeting after meeting: each address is case folded and hashed once, and each person (folded
 * address) gets a small index, so that counts per person live in arrays instead of maps keyed
 * by strings, and `toLowerCase` (which returns a new string even when nothing changes) runs once
 * per address instead of once per attendee.
 */

export interface Address {
  /** The address case folded (`toLowerCase`): one person. */
  readonly email: string;
  /** The person's index in the book: 0, 1, 2... in the order first looked up. */
  readonly person: number;
  /**
   * Two FNV-1a hashes of the address as written (ASCII letters folded): the first, and the
   * second modulo 2^21, so that their sums over a meeting's people fit one exact number. See
   * implicit-series.ts.
   */
  readonly hash1: number;
  readonly hash2: number;
}

/** The second hash is summed modulo 2^21: 2^32 * 2^21 = 2^53, the integers a number holds. */
export const HASH2_MASK = 0x1fffff;

/** A group of people as one number, from the sums of their hash1 (mod 2^32) and hash2 (mod 2^21). */
export function groupKey(hash1Sum: number, hash2Sum: number): number {
  return hash1Sum * (HASH2_MASK + 1) + hash2Sum;
}

export class AddressBook {
  private readonly byAddress = new Map<string, Address>();
  private readonly people = new Map<string, number>();
  private readonly emails: string[] = [];

  /** How many people (folded addresses) the book has. */
  get size(): number {
    return this.people.size;
  }

  /** The folded address of a person (an index the book gave). */
  emailOf(person: number): string {
    const email = this.emails[person];
    if (email === undefined) throw new RangeError(`no person ${person} in the address book`);
    return email;
  }

  /** The entry of an address as written. */
  of(address: string): Address {
    let entry = this.byAddress.get(address);
    if (entry === undefined) {
      const email = address.toLowerCase();
      let person = this.people.get(email);
      if (person === undefined) {
        person = this.people.size;
        this.people.set(email, person);
        this.emails.push(email);
      }
      const hash1 = fnv1a(address, 0x811c9dc5);
      const hash2 = fnv1a(address, 0x01000193) & HASH2_MASK;
      entry = { email, person, hash1, hash2 };
      this.byAddress.set(address, entry);
    }
    return entry;
  }
}

/** FNV-1a over the address, ASCII letters case folded. */
function fnv1a(address: string, seed: number): number {
  let hash = seed;
  for (let i = 0; i < address.length; i++) {
    let code = address.charCodeAt(i);
    if (code >= 65 && code <= 90) code += 32;
    hash = Math.imul(hash ^ code, 0x01000193);
  }
  return hash >>> 0;
}
