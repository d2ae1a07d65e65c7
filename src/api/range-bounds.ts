/**
 * The bounds of a list's time range (`from`, `to`): a date `YYYY-MM-DD`, the start of that day in
 * the list's zone (its `timeZone`, else the user's, else UTC), or an RFC 3339 date-time with an
 * offset or `Z` (`t` and `z` in lower case too, as RFC 3339 allows). Anything else is refused naming both forms; a value that would be a date-time
 * had its space been a `+` gets a word on %2B, since a `+` in a query string is read as a space.
 */
import { z } from 'zod';
import { DATE_ONLY, lineInstant } from '../domain/analysis/line-times.js';

const dateTime = z.iso.datetime({ offset: true });

const FORMS =
  'a date (YYYY-MM-DD, the start of that day in the time zone) or an RFC 3339 date-time with an offset (such as 2026-03-01T09:00:00Z or 2026-03-01T09:00:00+01:00)';

/** Whether `value` is a bound this API reads. */
export function isRangeBound(value: string): boolean {
  if (DATE_ONLY.test(value)) return lineInstant(value) !== null;
  return dateTime.safeParse(normalised(value)).success;
}

/**
 * RFC 3339 (5.6) lets a date-time's `T` and `Z` be written `t` and `z`, which zod's ISO check and
 * what reads the bound after it do not take: they are read in upper case. A date alone has no
 * letter; an invalid value is left as it was sent, for its message.
 */
function normalised(value: string): string {
  return value.toUpperCase();
}

/** Why `value` is not a bound, in words that say what is. */
export function rangeBoundProblem(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  const plus = value.includes(' ') && isRangeBound(value.replaceAll(' ', '+'));
  return `"${shown}" is not ${FORMS}${plus ? "; a '+' in the offset must be sent as %2B (in a query string a '+' reads as a space)" : ''}`;
}

/**
 * A range bound of a list's query; `what` says which items it bounds, `zone` whether the list
 * takes a `timeZone` or reads dates in the user's zone.
 */
export function rangeBoundSchema(what: string, zone: 'timeZone' | 'user' = 'timeZone') {
  const where =
    zone === 'timeZone'
      ? "`timeZone` (else your user's time zone, else UTC)"
      : "your user's time zone (else UTC)";
  return z
    .string()
    .max(100)
    .superRefine((value, context) => {
      if (!isRangeBound(value))
        context.addIssue({ code: 'custom', message: rangeBoundProblem(value) });
    })
    .overwrite(normalised)
    .describe(`${what}: ${FORMS}; a date alone stands for midnight at its start in ${where}`);
}
