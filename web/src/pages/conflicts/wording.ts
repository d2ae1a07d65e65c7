import type { WordingPart } from '../../api/conflicts';
import { formatDateTime } from '../../lib/format';

function isPart(value: unknown): value is WordingPart {
  if (typeof value !== 'object' || value === null) return false;
  const part = value as Record<string, unknown>;
  return typeof part['text'] === 'string' || typeof part['at'] === 'string';
}

/**
 * The server's advice as the page writes it: its instants as every date on the page
 * (`Mon, 30 Nov 2026, 09:00` in the profile's zone, which the page's caption names) where the
 * server sent them apart, else its text as sent (records made before it did).
 */
export function wordingOf(text: string, parts: unknown, timeZone: string, locale?: string): string {
  if (!Array.isArray(parts) || parts.length === 0 || !parts.every(isPart)) return text;
  return parts
    .map((part) => ('text' in part ? part.text : formatDateTime(part.at, timeZone, locale)))
    .join('');
}
