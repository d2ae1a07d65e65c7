import type { Conflict, ConflictSuggestion } from '../../api/conflicts';
import { formatClockRange, formatTimeRange } from '../../lib/format';

/** What a suggestion's words need: as listed on an open conflict, or as its resolution records it. */
export type SuggestionParts = Pick<
  ConflictSuggestion,
  'action' | 'eventId' | 'to' | 'delegateTo' | 'delegateName' | 'keepEventId'
>;

function titleOf(conflict: Pick<Conflict, 'events'>, eventId: string | undefined): string {
  const title = conflict.events.find((e) => e.id === eventId)?.title;
  return title ? `“${title}”` : 'the meeting';
}

/** A suggestion as something to do: `Move “Demo” to Tue, 3 Mar 2026, 14:00–15:00`. */
export function suggestionText(
  conflict: Pick<Conflict, 'events'>,
  suggestion: SuggestionParts,
  timeZone: string,
  locale?: string,
): string {
  const title = titleOf(conflict, suggestion.eventId);
  const to = suggestion.to;
  switch (suggestion.action) {
    case 'reschedule':
      return to
        ? `Move ${title} to ${formatTimeRange(to.start, to.end, timeZone, locale)}`
        : `Move ${title} to another time`;
    case 'shorten':
      return to
        ? `Shorten ${title} to ${formatClockRange(to.start, to.end, timeZone, locale)}`
        : `Shorten ${title}`;
    case 'join_virtually':
      return `Join ${title} virtually`;
    case 'delegate':
      // Right whether the colleague is still to be asked or already going (the why says which).
      return suggestion.delegateTo
        ? `Leave ${title} to ${suggestion.delegateName ?? suggestion.delegateTo}`
        : `Leave ${title} to a colleague`;
    case 'decline':
      return `Decline ${title}`;
    case 'merge':
      return `Merge the copies, keeping ${titleOf(conflict, suggestion.keepEventId ?? suggestion.eventId)}`;
    case 'release':
      return `Release your hold ${title}`;
    default:
      return `${suggestion.action.replace(/_/g, ' ')}: ${title}`;
  }
}
