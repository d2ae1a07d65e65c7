/**
 * From the octets of an .ics file or feed to its text. Two things must happen before the text
 * exists: the declared charset is applied (RFC 5545 §3.1.4: UTF-8 unless the transport says
 * otherwise, as a feed's or an upload's Content-Type does), and a fold that splits a UTF-8
 * character is mended (§3.1: lines are folded at octets, so a writer may cut a multi-octet
 * character in two, and unfolding must join it again; decoded first, both halves would become
 * U+FFFD).
 */

/** The encoding every reader assumes when nothing is declared. */
export const DEFAULT_CHARSET = 'utf-8';

/**
 * The encoding TextDecoder reads for a charset label (`ISO-8859-1` is read as windows-1252, as
 * the WHATWG Encoding Standard and browsers do), or null for a label it does not know.
 */
export function encodingOf(label: string): string | null {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return null;
  }
}

/** The charset parameter of a Content-Type header, unquoted (null when there is none). */
export function charsetOf(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  const value = (match?.[1] ?? match?.[2] ?? '').trim();
  return value === '' ? null : value;
}

/**
 * The text of an iCalendar file in `encoding` (an encoding TextDecoder knows: see encodingOf),
 * with folds that split a UTF-8 character mended first; a byte order mark is dropped.
 */
export function decodeIcs(bytes: Uint8Array, encoding: string = DEFAULT_CHARSET): string {
  const decoder = new TextDecoder(encoding);
  return decoder.decode(decoder.encoding === 'utf-8' ? mendSplitCharacters(bytes) : bytes);
}

/** An .ics text, and the charset label it declared when that could not be read (else null). */
export interface DecodedIcs {
  text: string;
  encoding: string;
  unknownCharset: string | null;
  /**
   * Set when nothing was declared and the bytes are not UTF-8: they were read as this legacy
   * encoding instead (see decodeUndeclared), which the caller should report.
   */
  guessed: string | null;
}

/** What old desktop exporters (Outlook, Lotus Notes) wrote when they did not write UTF-8. */
export const UNDECLARED_FALLBACK = 'windows-1252';

/**
 * The text of .ics bytes sent without a charset (a file, an upload part, a feed that names
 * none): UTF-8, as RFC 5545 says, unless the bytes are not valid UTF-8. Then they were written
 * in a legacy charset, and windows-1252 (ISO-8859-1 with the printable C1 range) reads every
 * byte as some character, where UTF-8 would turn each accented letter into U+FFFD for good.
 */
export function decodeUndeclared(bytes: Uint8Array): DecodedIcs {
  const plain = { encoding: DEFAULT_CHARSET, unknownCharset: null, guessed: null };
  if (!hasNonAscii(bytes)) return { text: decodeIcs(bytes), ...plain };
  const text = strictUtf8(mendSplitCharacters(bytes));
  if (text !== null) return { text, ...plain };
  const fallback = UNDECLARED_FALLBACK;
  return {
    text: decodeIcs(bytes, fallback),
    encoding: fallback,
    unknownCharset: null,
    guessed: fallback,
  };
}

/** How a reader says that bytes without a charset were not UTF-8 (see decodeUndeclared). */
export function guessedCharsetNote(what: string, decoded: DecodedIcs): string | null {
  if (decoded.guessed === null) return null;
  return (
    `${what} names no charset and is not valid UTF-8: it was read as ${decoded.guessed} ` +
    '(Western European); if its accented letters look wrong, send it as UTF-8'
  );
}

/**
 * The text of an .ics body sent with `declared` as its charset (a Content-Type's parameter; null
 * when it has none: UTF-8). A label TextDecoder does not know is read as UTF-8 and named in
 * `unknownCharset`, for the caller to refuse or report. A legacy charset declared for bytes that
 * are valid UTF-8 with non-ASCII characters in them is not believed: web servers add
 * `charset=ISO-8859-1` by default (Apache's AddDefaultCharset) to files written in UTF-8, as
 * RFC 5545 asks, and the chance that Latin-1 text is also valid UTF-8 is negligible.
 */
export function decodeDeclared(bytes: Uint8Array, declared: string | null): DecodedIcs {
  if (declared === null) return decodeUndeclared(bytes);
  const encoding = encodingOf(declared);
  if (encoding === null) {
    const text = decodeIcs(bytes);
    return { text, encoding: DEFAULT_CHARSET, unknownCharset: declared, guessed: null };
  }
  if (encoding !== DEFAULT_CHARSET && !encoding.startsWith('utf-16') && hasNonAscii(bytes)) {
    const text = strictUtf8(mendSplitCharacters(bytes));
    if (text !== null)
      return { text, encoding: DEFAULT_CHARSET, unknownCharset: null, guessed: null };
  }
  return { text: decodeIcs(bytes, encoding), encoding, unknownCharset: null, guessed: null };
}

/** A charset label as a message may quote it: short, printable. */
export function printableCharset(label: string): string {
  return JSON.stringify(label.slice(0, 40).replace(/[^\x20-\x7e]/g, '?'));
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(DEFAULT_CHARSET, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * The bytes with every UTF-8 character that a fold (CRLF or LF, then a space or a tab) cuts in
 * two made whole again: the character's first octets are moved past the fold, to join the rest
 * (`Caf\xC3` CRLF SP `\xA9` becomes `Caf` CRLF SP `\xC3\xA9`). Unfolding then gives the same
 * text as unfolding the octets would, and every line stays where it was in the file, so the line
 * numbers that problems name are still the file's. A character cut by several folds moves on at
 * each. Bytes that are not a cut character (invalid UTF-8) are left as they are.
 *
 * One pass over the bytes, by the native indexOf; the input is copied only when a character is
 * moved, and is never modified.
 */
export function mendSplitCharacters(bytes: Uint8Array): Uint8Array {
  let out = bytes;
  const lead = new Uint8Array(3);
  for (let newline = bytes.indexOf(LF); newline >= 0; newline = out.indexOf(LF, newline + 1)) {
    const after = newline + 1;
    const indent = out[after];
    if (indent !== SPACE && indent !== TAB) continue;
    const next = out[after + 1];
    // Only a continuation octet after the fold can finish a character cut before it.
    if (next === undefined || (next & 0xc0) !== 0x80) continue;
    const end = newline > 0 && out[newline - 1] === CR ? newline - 1 : newline;
    const cut = incompleteTail(out, end);
    if (cut === 0) continue;
    // A copy: a Buffer's slice() would share the caller's memory.
    if (out === bytes) out = new Uint8Array(bytes);
    // [lead octets][CR]LF[indent] becomes [CR]LF[indent][lead octets]: at most six octets,
    // moved one by one (no allocation per fold: a file may have a million of them).
    const from = end - cut;
    const lineBreak = after + 1 - end;
    for (let i = 0; i < cut; i++) lead[i] = out[from + i]!;
    for (let i = 0; i < lineBreak; i++) out[from + i] = out[end + i]!;
    for (let i = 0; i < cut; i++) out[from + lineBreak + i] = lead[i]!;
    // The moved octets now end the fold's indent; the next line break is further on.
    newline = after - cut;
  }
  return out;
}

/**
 * How many octets at the end of `bytes[0, end)` begin a UTF-8 character that they do not finish
 * (0 when the line ends on a whole character or on bytes that are not UTF-8).
 */
function incompleteTail(bytes: Uint8Array, end: number): number {
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const octet = bytes[end - back]!;
    if ((octet & 0xc0) === 0x80) continue;
    const length =
      octet >= 0xf5 ? 0 : octet >= 0xf0 ? 4 : octet >= 0xe0 ? 3 : octet >= 0xc2 ? 2 : 0;
    return length > back ? back : 0;
  }
  return 0;
}
