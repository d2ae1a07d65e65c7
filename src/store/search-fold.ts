/**
 * Text search that ignores case and accents: "reunion" finds "Reunión", "DEMO PRODUIT" finds
 * "Démo produit", and a title written decomposed (an e and a combining acute, as macOS writes)
 * finds the same as one written precomposed. Sales teams search in the languages they meet in,
 * and people type without accents.
 *
 * The same folding runs in JavaScript (the search text, and SQLite's `search_fold`) and in
 * PostgreSQL (`translate(lower(column), FROM, TO)`), from the one table below, so that both
 * stores find the same events: lower case first, then each accented Latin letter to its base
 * letter, and combining marks dropped (PostgreSQL's translate deletes the characters of FROM
 * that TO has no counterpart for). Letters that fold to two (ß, æ, œ) are left as they are.
 */

/** Combining diacritical marks (U+0300-U+036F): dropped. */
const COMBINING_FIRST = 0x300;
const COMBINING_LAST = 0x36f;

/** Letters without a decomposition that readers take for accented ones. */
const EXTRA: Readonly<Record<string, string>> = {
  ø: 'o',
  Ø: 'o',
  đ: 'd',
  Đ: 'd',
  ł: 'l',
  Ł: 'l',
  ı: 'i',
};

function buildTable(): { from: string; to: string; map: Map<string, string> } {
  const map = new Map<string, string>();
  // Latin-1 Supplement, Latin Extended-A and -B: every letter whose decomposition is one ASCII
  // letter and marks, in both cases (PostgreSQL's lower() may not fold them, in a C locale).
  for (let code = 0xc0; code <= 0x24f; code++) {
    const letter = String.fromCodePoint(code);
    const base = letter.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    if (base !== letter && /^[A-Za-z]$/.test(base)) map.set(letter, base.toLowerCase());
  }
  for (const [letter, base] of Object.entries(EXTRA)) map.set(letter, base);
  const from = [...map.keys()].join('');
  const to = [...map.values()].join('');
  let marks = '';
  for (let code = COMBINING_FIRST; code <= COMBINING_LAST; code++)
    marks += String.fromCodePoint(code);
  return { from: from + marks, to, map };
}

const TABLE = buildTable();

/** PostgreSQL translate()'s FROM and TO: the letters, then the marks it deletes. */
export const FOLD_FROM = TABLE.from;
export const FOLD_TO = TABLE.to;

/** Lower case, accents off: what a search compares. */
export function foldForSearch(text: string): string {
  let folded = '';
  for (const char of text.toLowerCase()) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= COMBINING_FIRST && code <= COMBINING_LAST) continue;
    folded += TABLE.map.get(char) ?? char;
  }
  return folded;
}
