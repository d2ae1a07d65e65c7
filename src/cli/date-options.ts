/**
 * The CLI's date and date-time flags (`ics expand --from/--to`, `conflicts` and `relationships
 * --as-of`) take the contract's times (analysis-io.md) and nothing else: a date `YYYY-MM-DD`, or
 * an RFC 3339 date-time with an offset or `Z` (seconds optional, `+0100` taken as `+01:00`, as in
 * the input lines). Where a command reads plain dates in a zone (`ics expand --tz`), a date-time
 * without an offset is taken too, in that zone; elsewhere it is refused, as its instant would be
 * a guess. A day that does not exist (30 February) or hour 24 is refused.
 *
 * Anything else is a usage error naming the flag and the forms: a time alone (`10:00`, which a
 * lenient ISO parser reads as today at 10:00), `tomorrow`, `12/01/2026`, and ISO 8601's other
 * shapes (`2026-W10`, `2026-060`, `2026`, `20260301`, `2026-03-01T10`).
 */
import { DateTime } from 'luxon';
import { DATE_ONLY, lineInstant } from '../domain/analysis/line-times.js';
import { UsageError } from './output.js';

const WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i;

const WITH_OFFSET =
  'an RFC 3339 date-time with an offset (such as 2026-03-01T09:00:00Z or 2026-03-01T09:00+01:00)';

/**
 * An instant flag without a zone of its own (`--as-of`): a date is midnight UTC at its start, a
 * date-time needs its offset.
 */
export function parseInstantOption(flag: string, value: string): Date {
  const instant = lineInstant(value.trim());
  if (instant === null)
    throw new UsageError(`${flag}: "${value}" is not a date (YYYY-MM-DD) or ${WITH_OFFSET}`);
  return new Date(instant);
}

/**
 * A bound of a window read in `zone` (`ics expand --from/--to` with `--tz`): a date is midnight in
 * the zone, a date-time without an offset is read in it, one with an offset is that instant.
 */
export function parseZonedOption(flag: string, value: string, zone: string): Date {
  const text = value.trim();
  // Checked as the contract's times are (real days, hours up to 23); luxon then places them.
  const local = DATE_ONLY.test(text) ? text : WITHOUT_OFFSET.test(text) ? `${text}Z` : null;
  if (local !== null && lineInstant(local) !== null)
    return DateTime.fromISO(text.toUpperCase(), { zone }).toJSDate();
  const instant = local === null ? lineInstant(text) : null;
  if (instant === null)
    throw new UsageError(
      `${flag}: "${value}" is not a date (YYYY-MM-DD), ${WITH_OFFSET}, or a date-time without one, read in --tz (2026-03-01T09:00)`,
    );
  return new Date(instant);
}
