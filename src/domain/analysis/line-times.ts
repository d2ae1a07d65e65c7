/**
 * The contract's times: a date (YYYY-MM-DD, an all-day event) or an RFC 3339 date-time with an
 * offset, and the UTC instant each stands for. Starts and ends repeat across a file (meetings
 * begin on the hour and the half hour), so a time's instant is kept once worked out instead of
 * being parsed by `Date` three times per time (check, convert, and again for the next event).
 */
import { boundedMemo } from '../bounded-memo.js';

export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Longer strings are worked out each time, so that odd input cannot fill the memo with them. */
const LONGEST_KEPT = 40;
export const INSTANT_MEMO_LIMIT = 10_000;

/** The UTC instant of a contract time, or null when it is not one. */
function instantOrNull(value: string): string | null {
  if (DATE_ONLY.test(value)) return `${value}T00:00:00.000Z`;
  if (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) return null;
  return new Date(value).toISOString();
}

const keptInstant = boundedMemo(instantOrNull, INSTANT_MEMO_LIMIT);

/** The UTC instant (`…T…:…:….sssZ`) of a contract time, or null when it is not one. */
export function lineInstant(value: string): string | null {
  return value.length <= LONGEST_KEPT ? keptInstant(value) : instantOrNull(value);
}

/** Whether the value is a contract time (the schema's check). */
export function isLineTime(value: string): boolean {
  return lineInstant(value) !== null;
}

/** Empties the memo (for tests). */
export function clearInstantMemo(): void {
  keptInstant.clear();
}
