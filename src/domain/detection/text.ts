/**
 * Text as the models read it: folded to lower case without accents or emoji, scheduling-tool
 * boilerplate and links removed, split into words; character n-grams make a typo ("dmeo",
 * "Vertragsverhandlng") still share most features with the word it misspells.
 */

const BOILERPLATE: readonly RegExp[] = [
  // Dial-in and conferencing blocks, and any URL (the link itself is a separate feature).
  /https?:\/\/\S+/gi,
  /join (zoom|microsoft teams|google meet|webex) meeting.*$/gim,
  /meeting id:?\s*[\d ]+/gi,
  /passcode:?\s*\S+/gi,
  /(need to|want to) (make changes|reschedule|cancel)[^.\n]*[.\n]?/gi,
  /powered by (calendly|chili ?piper|hubspot)/gi,
  /-{3,}[\s\S]*?-{3,}/g,
  /<[^>]+>/g,
  /&[a-z]+;|&#\d+;/gi,
];

export function normaliseText(text: string | null | undefined): string {
  if (!text) return '';
  let cleaned = text;
  for (const pattern of BOILERPLATE) cleaned = cleaned.replace(pattern, ' ');
  return cleaned
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9@.\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function words(normalised: string): string[] {
  return normalised
    .split(' ')
    .map((w) => w.replace(/^[.@]+|[.@]+$/g, ''))
    .filter((w) => w.length > 1 && !/^\d+$/.test(w));
}

/** Character n-grams of each word, with word boundaries marked, for typo tolerance. */
export function charGrams(tokens: readonly string[], sizes: readonly number[] = [3, 4]): string[] {
  const grams: string[] = [];
  for (const token of tokens) {
    const padded = `<${token}>`;
    for (const size of sizes) {
      for (let i = 0; i + size <= padded.length; i++) grams.push(padded.slice(i, i + size));
    }
  }
  return grams;
}

/** 32-bit FNV-1a: a fixed, fast hash for the hashing trick (same buckets in training and use). */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
