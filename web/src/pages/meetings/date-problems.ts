/**
 * What the page says of dates in the address that are not dates (`from=garbage`, a link typed by
 * hand or cut short): each side is read as this week's start or end then, which made a garbage
 * "From" look like a "From" after "To" ("must be a date on or before"), not like what it was.
 */
import { isLocalDate } from '../../lib/dates';
import { formatLocalDate } from '../../lib/format';
import type { MeetingRange } from './meeting-filters';

const SIDES = [
  { param: 'from', label: '“From”', key: 'from' },
  { param: 'to', label: '“To”', key: 'to' },
] as const;

/** Long enough to recognise, short enough for one line. */
const SHOWN_CHARACTERS = 40;

function quoted(value: string): string {
  const text = value.length > SHOWN_CHARACTERS ? `${value.slice(0, SHOWN_CHARACTERS)}…` : value;
  return `“${text}”`;
}

export interface DateProblems {
  /** Why the list cannot be shown, when a broken date is why; else null (the order message). */
  error: string | null;
  /** What the list shows instead of a broken date, when it can be shown. */
  note: string | null;
}

/**
 * The dates of the address that are neither a date (`YYYY-MM-DD`, a real day) nor empty (no
 * bound), said plainly: an error when the range they leave cannot be listed, else a note of the
 * date used in their place.
 */
export function dateProblems(
  params: URLSearchParams,
  range: MeetingRange,
  listed: boolean,
  locale?: string,
): DateProblems {
  const broken = SIDES.flatMap((side) => {
    const value = params.get(side.param);
    return value !== null && value !== '' && !isLocalDate(value) ? [{ ...side, value }] : [];
  });
  if (broken.length === 0) return { error: null, note: null };
  const which = broken.map((side) => `${side.label} (${quoted(side.value)})`).join(' and ');
  const verb = broken.length === 1 ? 'is not a valid date' : 'are not valid dates';
  if (!listed)
    return { error: `${which} ${verb}: choose a date, or clear the field for none.`, note: null };
  const used = broken
    .map((side) => {
      const date = range[side.key];
      if (date === null) return side.key === 'from' ? 'has no start' : 'has no end';
      return `${side.key === 'from' ? 'starts' : 'ends'} on ${formatLocalDate(date, locale)}`;
    })
    .join(' and ');
  return { error: null, note: `${which} ${verb}: the list ${used} instead.` };
}
