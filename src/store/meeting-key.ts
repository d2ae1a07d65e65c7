/**
 * The meeting key: one integer standing for an event's (iCalendar UID, original start), which
 * every copy of one meeting on teammates' calendars shares. calendar_events indexes it instead
 * of the two text columns. Those came to ~75 bytes an index entry, against ~18 for the integer,
 * and a Google first sync writes the entries in random order: each commit rewrote most of a
 * text index's pages, ~0.5 s of a 100,000-event sync (BENCHMARKS.md).
 *
 * The high 32 bits hash the UID and the low 21 count minutes of the original start, so that the
 * instances of one series sort together and by start, as the text index had them: an ICS
 * import, which writes a series' instances one after another, appends to one place of the
 * index instead of scattering them (a hash of both parts made that import ~0.5 s slower).
 *
 * Two meetings may share a key (a 32-bit UID hash, starts 2^21 minutes, about four years,
 * apart); readers compare the columns themselves after the index found the candidates. The
 * value is stored, so this function must never change: its test pins it.
 */

const START_BITS = 2 ** 21;

/** The key of a row; null when the event has no UID: it is then a copy of nothing. */
export function meetingKey(iCalUid: string | null, originalStart: string | null): number | null {
  return iCalUid === null ? null : meetingKeyOf(iCalUid, originalStart);
}

export function meetingKeyOf(iCalUid: string, originalStart: string | null): number {
  // At most (2^32 - 1) * 2^21 + 2^21 - 1 = 2^53 - 1: a safe integer, stored exactly by SQLite
  // and PostgreSQL's bigint alike.
  return hash32(iCalUid) * START_BITS + startBits(originalStart);
}

/** 0 for a single event; otherwise 1 + the start's minute, within 2^21 minutes. */
function startBits(originalStart: string | null): number {
  if (originalStart === null) return 0;
  // A UTC instant or an all-day date; anything else still gets a value of its own text.
  const ms = Date.parse(originalStart);
  const minutes = Number.isFinite(ms) ? Math.floor(ms / 60_000) : hash32(originalStart);
  return 1 + (((minutes % (START_BITS - 1)) + (START_BITS - 1)) % (START_BITS - 1));
}

/**
 * A 32-bit hash of the string's UTF-16 code units: two multiplicative lanes mixed at the end,
 * the scheme of bryc's public-domain cyrb53. A hash from node:crypto cost ~1 µs an event, this
 * ~0.1 µs.
 */
function hash32(text: string): number {
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
  return (h1 ^ h2) >>> 0;
}
