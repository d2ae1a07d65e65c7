/**
 * Text as the models read it: folded to lower case without accents or emoji, scheduling-tool
 * boilerplate and links removed, split into words; character n-grams make a typo ("dmeo",
 * "Vertragsverhandlng") still share most features with the word it misspells.
 */

/**
 * Each pattern with the text a match of it must contain, one of `needs` (in lower case when
 * `anyCase`, for a case-insensitive pattern): a pattern is run only on a text that has it. Most
 * texts have none of them, and `includes` is far cheaper than a regular expression's search. A
 * case-insensitive pattern matches only ASCII case variants of its letters (non-ASCII characters
 * never fold to ASCII ones), which the lower-case copy of the text contains.
 */
interface Boilerplate {
  pattern: RegExp;
  needs: readonly string[];
  anyCase: boolean;
}

const BOILERPLATE: readonly Boilerplate[] = [
  // Dial-in and conferencing blocks, and any URL (the link itself is a separate feature).
  { pattern: /https?:\/\/\S+/gi, needs: ['://'], anyCase: false },
  {
    pattern: /join (zoom|microsoft teams|google meet|webex) meeting.*$/gim,
    needs: ['join '],
    anyCase: true,
  },
  { pattern: /meeting id:?\s*[\d ]+/gi, needs: ['meeting id'], anyCase: true },
  { pattern: /passcode:?\s*\S+/gi, needs: ['passcode'], anyCase: true },
  {
    pattern: /(need to|want to) (make changes|reschedule|cancel)[^.\n]*[.\n]?/gi,
    needs: ['need to ', 'want to '],
    anyCase: true,
  },
  {
    pattern: /powered by (calendly|chili ?piper|hubspot)/gi,
    needs: ['powered by '],
    anyCase: true,
  },
  { pattern: /-{3,}[\s\S]*?-{3,}/g, needs: ['---'], anyCase: false },
  { pattern: /<[^>]+>/g, needs: ['<'], anyCase: false },
  { pattern: /&[a-z]+;|&#\d+;/gi, needs: ['&'], anyCase: false },
];

export function normaliseText(text: string | null | undefined): string {
  if (!text) return '';
  let cleaned = text;
  // The lower-case copy of `cleaned`, made when first needed and again after a pattern removes text.
  let lower: string | null = null;
  for (const { pattern, needs, anyCase } of BOILERPLATE) {
    if (anyCase) lower ??= cleaned.toLowerCase();
    const searched = anyCase ? (lower ?? '') : cleaned;
    if (!needs.some((need) => searched.includes(need))) continue;
    const replaced = cleaned.replace(pattern, ' ');
    if (replaced !== cleaned) {
      cleaned = replaced;
      lower = null;
    }
  }
  // ASCII text is its own NFKD form, with no accents and no ß: only its case is folded.
  const folded = isAscii(cleaned)
    ? (lower ?? cleaned.toLowerCase())
    : cleaned
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/ß/g, 'ss');
  return keptRuns(folded);
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * The runs of `a-z 0-9 @ .` in the folded text, joined by one space: what replacing every other
 * character by a space, collapsing white space and trimming gave, in one pass.
 */
function keptRuns(folded: string): string {
  let out = '';
  let start = -1;
  for (let i = 0; i <= folded.length; i++) {
    if (i < folded.length && isKept(folded.charCodeAt(i))) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out = out === '' ? folded.slice(start, i) : `${out} ${folded.slice(start, i)}`;
      start = -1;
    }
  }
  return out;
}

function isKept(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x40 ||
    code === 0x2e
  );
}

/**
 * The words of a normalised text: split at spaces, dots and at signs trimmed from both ends, and
 * without one-character words and numbers.
 */
export function words(normalised: string): string[] {
  const out: string[] = [];
  for (const piece of normalised.split(' ')) {
    const word = trimDotsAndAts(piece);
    if (word.length > 1 && !isNumber(word)) out.push(word);
  }
  return out;
}

function trimDotsAndAts(piece: string): string {
  let start = 0;
  let end = piece.length;
  while (start < end && isDotOrAt(piece.charCodeAt(start))) start += 1;
  while (end > start && isDotOrAt(piece.charCodeAt(end - 1))) end -= 1;
  return start === 0 && end === piece.length ? piece : piece.slice(start, end);
}

function isDotOrAt(code: number): boolean {
  return code === 0x2e || code === 0x40;
}

/** Digits only (`^\d+$`: ASCII digits). */
function isNumber(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return word.length > 0;
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
