/**
 * The people of one account's meetings, by address. An account's few people come back in
 * meeting after meeting: each address as written is looked up once, and each person (mailbox,
 * see personKey) gets a small index and one pair of hashes, so that counts per person live in
 * arrays instead of maps keyed by strings, and the key (a new string even when nothing changes)
 * is made once per address instead of once per attendee.
 */
import { mailboxKey } from '../matching/addresses.js';

export interface Address {
  /** The person's mailbox key (personKey): what the analysis shows as their address. */
  readonly email: string;
  /** The person's index in the book: 0, 1, 2... in the order first looked up. */
  readonly person: number;
  /**
   * Two FNV-1a hashes of the person's key: the first, and the second modulo 2^21, so that their
   * sums over a meeting's people fit one exact number. See implicit-series.ts.
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

/**
 * The person an address names: its mailbox key (matching's, which groups the meetings into
 * accounts), so that `John.Smith@gmail.com` and `johnsmith+work@gmail.com` are one stakeholder
 * as they are one account; the address case folded when it is no address.
 */
export function personKey(address: string): string {
  // mailboxKey parses and rebuilds the address: asked only when its answer could differ from
  // the case-folded address, which for most addresses it cannot.
  if (!MAY_NORMALISE.test(address)) return address.toLowerCase();
  return mailboxKey(address) ?? address.toLowerCase();
}

/**
 * What mailboxKey changes beyond case: blanks around the address, `mailto:`, a `+tag`, a
 * domain's final dot, Gmail's dots and googlemail.com. Matching more than that costs only time.
 */
const MAY_NORMALISE = /^\s|\s$|^mailto:|\+|\.$|@g(?:oogle)?mail\.com$/i;

export class AddressBook {
  private readonly byAddress = new Map<string, Address>();
  private readonly byPerson = new Map<string, Address>();
  private readonly people: Address[] = [];

  /** How many people (mailboxes) the book has. */
  get size(): number {
    return this.people.length;
  }

  /** The key of a person (an index the book gave). */
  emailOf(person: number): string {
    const entry = this.people[person];
    if (entry === undefined) throw new RangeError(`no person ${person} in the address book`);
    return entry.email;
  }

  /** The entry of the person an address (as written) names: one entry per person. */
  of(address: string): Address {
    let entry = this.byAddress.get(address);
    if (entry === undefined) {
      const email = personKey(address);
      entry = this.byPerson.get(email);
      if (entry === undefined) {
        // Hashed by person, not by spelling: a meeting's people key (implicit series) must not
        // change when someone writes their address another way.
        const hash1 = fnv1a(email, 0x811c9dc5);
        const hash2 = fnv1a(email, 0x01000193) & HASH2_MASK;
        entry = { email, person: this.people.length, hash1, hash2 };
        this.byPerson.set(email, entry);
        this.people.push(entry);
      }
      this.byAddress.set(address, entry);
    }
    return entry;
  }
}

/** FNV-1a over the key's UTF-16 code units. */
function fnv1a(key: string, seed: number): number {
  let hash = seed;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
