/**
 * The meeting key: one integer standing for an event's (iCalendar UID, original start), which
 * every copy of one meeting on teammates' calendars shares. calendar_events indexes it instead
 * of the two text columns. Those columns came to ~75 bytes an index entry, against ~18 for the
 * integer, and a first sync writes the entries in random order: each commit rewrote most of a
 * text index's pages, ~0.5 s of SQLite's time in a 100,000-event sync (BENCHMARKS.md).
 *
 * Two meetings may share a key; readers compare the columns themselves after the index found
 * the candidates. The value is stored, so this function must never change: its test pins it.
 */

/** The key of a row; null when the event has no UID: it is then a copy of nothing. */
export function meetingKey(iCalUid: string | null, originalStart: string | null): number | null {
  return iCalUid === null ? null : meetingKeyOf(iCalUid, originalStart);
}

export function meetingKeyOf(iCalUid: string, originalStart: string | null): number {
  // The separator cannot occur in either part, and marks a series instance apart from a
  // single event of the same UID.
  return hash53(originalStart === null ? iCalUid : `${iCalUid}\u0000${originalStart}`);
}

/**
 * A 53-bit hash (a safe integer, stored exactly by both SQLite and PostgreSQL bigint) of the
 * string's UTF-16 code units: two 32-bit multiplicative lanes, mixed at the end. The scheme is
 * bryc's public-domain cyrb53; a hash from node:crypto cost ~1 µs an event, this ~0.1 µs.
 */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
