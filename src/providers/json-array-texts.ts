/**
 * The source text of each element of one array in a JSON response, e.g. each event of a Google
 * events.list page (`items`), so that a provider can hand the store each event's raw JSON exactly
 * as it arrived instead of the store serialising the parsed object again: JSON.stringify of the
 * raw events was 0.6-0.9 s of a 100,000-event first sync, finding these slices 0.2 s
 * (BENCHMARKS.md).
 *
 * Only for a body that JSON.parse has already accepted: the scan trusts that strings are closed
 * and brackets balanced, and looks only at the structure.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * The elements of the array under `key` in the top-level object of `body`, as slices of `body`,
 * in order. Null when the body is not an object or has no array under that key.
 */
export function arrayElementTexts(body: string, key: string): string[] | null {
  const start = topLevelArrayStart(body, key);
  return start === -1 ? null : elementsFrom(body, start);
}

/** Where the `[` of the top-level member `key` is, or -1. */
function topLevelArrayStart(body: string, key: string): number {
  const quotedKey = JSON.stringify(key);
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === QUOTE) {
      const end = closingQuote(body, i);
      if (depth === 1 && body.startsWith(quotedKey, i) && end === i + quotedKey.length - 1) {
        const value = afterColon(body, end + 1);
        if (value !== -1) return body.charCodeAt(value) === OPEN_BRACKET ? value : -1;
      }
      i = end;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth += 1;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth -= 1;
  }
  return -1;
}

/** The first character of the value after the `:` that follows a key, or -1 if not a key. */
function afterColon(body: string, from: number): number {
  let i = skipWhitespace(body, from);
  if (body.charCodeAt(i) !== COLON) return -1;
  i = skipWhitespace(body, i + 1);
  return i;
}

function skipWhitespace(body: string, from: number): number {
  let i = from;
  while (i < body.length && isWhitespace(body.charCodeAt(i))) i += 1;
  return i;
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The array's elements from its `[` at `open`: each a slice without the whitespace around it. */
function elementsFrom(body: string, open: number): string[] {
  const elements: string[] = [];
  let depth = 0;
  let from = skipWhitespace(body, open + 1);
  for (let i = from; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === QUOTE) i = closingQuote(body, i);
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth += 1;
    else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && depth > 0) depth -= 1;
    else if (depth === 0 && (c === 0x2c || c === CLOSE_BRACKET)) {
      // A comma or the array's own `]` at its depth ends an element.
      if (i > from) elements.push(body.slice(from, trimEnd(body, i)));
      if (c === CLOSE_BRACKET) return elements;
      from = skipWhitespace(body, i + 1);
      i = from - 1;
    }
  }
  return elements;
}

function trimEnd(body: string, end: number): number {
  let i = end;
  while (i > 0 && isWhitespace(body.charCodeAt(i - 1))) i -= 1;
  return i;
}

/**
 * The index of the quote that closes the string opening at `open`. indexOf jumps over the
 * string's text, which is most of a JSON body; a quote counts when an even run of backslashes
 * precedes it.
 */
function closingQuote(body: string, open: number): number {
  let quote = open;
  for (;;) {
    quote = body.indexOf('"', quote + 1);
    if (quote === -1) return body.length;
    let backslashes = 0;
    while (body.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
  }
}
