/**
 * Item ids and change keys. Real ones are opaque base64 blobs; these are too, but readable
 * inside, so an occurrence id can name its master and original start without a lookup table.
 */
import { randomBytes } from 'node:crypto';

const OCCURRENCE_PREFIX = 'AAMkOcc';

export function newItemId(): string {
  return `AAMkA${randomBytes(18).toString('base64url')}`;
}

/** A new ChangeKey for each version of an item (EWS: it changes on every save). */
export function changeKeyOf(itemId: string, version: number): string {
  return `DwAAABY${Buffer.from(`${version}:${itemId.slice(-8)}`).toString('base64url')}`;
}

export function occurrenceId(masterId: string, originalStartMs: number): string {
  return OCCURRENCE_PREFIX + Buffer.from(`${masterId}|${originalStartMs}`).toString('base64url');
}

/** The master and original start an occurrence id names, or null for any other id. */
export function readOccurrenceId(id: string): { masterId: string; originalStartMs: number } | null {
  if (!id.startsWith(OCCURRENCE_PREFIX)) return null;
  const [masterId, start] = Buffer.from(id.slice(OCCURRENCE_PREFIX.length), 'base64url')
    .toString('utf8')
    .split('|');
  const originalStartMs = Number(start);
  if (!masterId || !Number.isFinite(originalStartMs)) return null;
  return { masterId, originalStartMs };
}

/** Opaque tokens (SyncState, Watermark): base64 of a small JSON object. */
export function encodeToken(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64');
}

export function decodeToken(text: string | undefined): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
