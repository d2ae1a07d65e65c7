/**
 * Hashed word and character n-grams of an event's title and description: the binary features
 * that carry everything the named features miss.
 */
import { words } from './text.js';

/** The size of the hashed feature space: n-grams fold into this many buckets. */
export const HASH_BUCKETS = 1 << 15;

/**
 * The hashed n-gram buckets, in order of first appearance: title words (`t:word`), title bigrams
 * (`t2:a b`), character 3- and 4-grams of each title word marked `<word>` (`tc:gram`), and the
 * first 200 description words (`d:word`). Each token's FNV-1a hash is carried on from its prefix's
 * instead of building the token's string: `hash32(\`t:${word}\`)` is `fnv(T, word)` with `T`
 * the hash of `t:` (FNV-1a reads one character after the other).
 */
export function hashedGrams(title: string, description: string): number[] {
  const titleWords = words(title);
  const descriptionWords = words(description).slice(0, 200);
  const buckets: number[] = [];
  const add = (hash: number) => {
    const bucket = (hash >>> 0) % HASH_BUCKETS;
    if (SEEN[bucket] === 0) {
      SEEN[bucket] = 1;
      buckets.push(bucket);
    }
  };
  for (const word of titleWords) add(fnv(PREFIX_T, word));
  for (let i = 0; i + 1 < titleWords.length; i++) {
    add(fnv(fnvChar(fnv(PREFIX_T2, titleWords[i] ?? ''), SPACE), titleWords[i + 1] ?? ''));
  }
  for (const word of titleWords) {
    // The grams of `<word>`: positions 0 and length + 1 are the marks.
    const length = word.length + 2;
    for (const size of GRAM_SIZES) {
      for (let start = 0; start + size <= length; start++) {
        let hash = PREFIX_TC;
        for (let j = start; j < start + size; j++) {
          hash = fnvChar(hash, j === 0 ? OPEN : j === length - 1 ? CLOSE : word.charCodeAt(j - 1));
        }
        add(hash);
      }
    }
  }
  for (const word of descriptionWords) add(fnv(PREFIX_D, word));
  for (const bucket of buckets) SEEN[bucket] = 0;
  return buckets;
}

/** Buckets already taken by the call under way; all 0 between calls. */
const SEEN = new Uint8Array(HASH_BUCKETS);
const GRAM_SIZES = [3, 4] as const;
const SPACE = 0x20;
const OPEN = 0x3c; // <
const CLOSE = 0x3e; // >
const FNV_OFFSET = 0x811c9dc5;

function fnvChar(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}

function fnv(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

const PREFIX_T = fnv(FNV_OFFSET, 't:');
const PREFIX_T2 = fnv(FNV_OFFSET, 't2:');
const PREFIX_TC = fnv(FNV_OFFSET, 'tc:');
const PREFIX_D = fnv(FNV_OFFSET, 'd:');
