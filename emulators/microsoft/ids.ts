/**
 * Identifiers shaped like Outlook's: event ids are long base64 strings starting `AAMk`, iCalUIds
 * are Outlook global object ids (hex, the occurrence's date in bytes 16-19, zero for the series),
 * change keys are short base64 strings. An occurrence's id is derived from its series and original
 * start, so the exception made from an occurrence keeps the occurrence's id, as in Outlook.
 */
import { createHash, randomBytes } from 'node:crypto';

const UID_PREFIX = '040000008200E00074C5B7101A82E008';

export function newEventId(): string {
  return `AAMkA${randomBytes(60).toString('base64url')}=`;
}

export function occurrenceId(masterId: string, originalStartMs: number): string {
  const digest = createHash('sha256').update(`${masterId}|${originalStartMs}`).digest('base64url');
  return `AAMkO${digest}${digest.slice(0, 20)}=`;
}

export function newICalUId(): string {
  return `${UID_PREFIX}00000000${'0'.repeat(16)}${randomBytes(24).toString('hex').toUpperCase()}`;
}

/** The occurrence's uid: the series uid with the original date (year, month, day) in it. */
export function occurrenceICalUId(seriesUid: string, originalStartMs: number): string {
  if (!seriesUid.startsWith(UID_PREFIX)) return `${seriesUid}-${originalStartMs}`;
  const date = new Date(originalStartMs);
  const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');
  const stamp = `${hex(date.getUTCFullYear(), 4)}${hex(date.getUTCMonth() + 1, 2)}${hex(date.getUTCDate(), 2)}`;
  return `${UID_PREFIX}${stamp}${seriesUid.slice(UID_PREFIX.length + 8)}`;
}

export function newChangeKey(): string {
  return randomBytes(18).toString('base64');
}

/** A directory object id (GUID) derived from a name, so seeded users keep theirs across runs. */
export function stableGuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function randomToken(bytes = 30): string {
  return randomBytes(bytes).toString('base64url');
}
