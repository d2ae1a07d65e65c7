/**
 * What the user does for a suggestion calintel does not carry out itself (a new time, a
 * delegate): the advice a decision records as its write-back message. Its instants are also
 * kept apart (`messageParts`), so that the dashboard writes them as it writes every date.
 */
import {
  isTripTitle,
  shortenedAt,
  toldAt,
  wording,
  wordingText,
  type ToldInstant,
  type WordingPart,
} from '../../domain/conflicts/index.js';
import type { CalendarEvent } from '../../domain/event.js';
import type { StoredSuggestion } from './conflict-snapshot.js';

export interface Advice {
  message: string;
  /** The message with its instants apart; absent when it names none. */
  messageParts?: WordingPart[];
}

/** A stored instant told in `zone`, or its text as stored when it is not one. */
function at(instant: string, zone: string): ToldInstant | string {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? instant : toldAt(ms, zone);
}

/** A stored instant as the user reads it in words ("Mon 2026-11-30 15:45 (Europe/Berlin)"). */
export function instantText(instant: string, zone: string): string {
  return wordingText(wording(at(instant, zone)));
}

function advice(...pieces: (string | ToldInstant)[]): Advice {
  const parts = wording(...pieces);
  const message = wordingText(parts);
  return parts.some((part) => 'at' in part) ? { message, messageParts: parts } : { message };
}

/**
 * The advice for `suggestion`; `event` is the event as stored now (absent when it is gone).
 * Times are told in `zone`, as the suggestion's why ("Mon 2026-11-30 15:45 (Europe/Berlin)").
 */
export function adviceFor(
  suggestion: StoredSuggestion,
  event: CalendarEvent | undefined,
  zone: string,
): Advice {
  switch (suggestion.action) {
    case 'reschedule':
      // A trip has no organiser to ask: the user books another one.
      if (suggestion.to && event && isTripTitle(event.title))
        return advice('recorded: rebook it to leave at ', at(suggestion.to.start, zone));
      return suggestion.to
        ? advice('recorded: propose ', at(suggestion.to.start, zone), ' to the organiser')
        : advice('recorded: propose the suggested time to the organiser');
    case 'shorten':
      return shortenAdvice(suggestion.to, event, zone);
    case 'delegate':
      return advice(`recorded: ask ${suggestion.delegateTo ?? 'a colleague'} to go instead`);
    case 'join_virtually':
      return advice('recorded: ask the organiser for a video link');
    case 'merge':
      return advice('recorded: the copies count as one meeting');
    default:
      return advice('recorded');
  }
}

/** The shortening's one change, by the rule its suggestion was worded with (shortenedAt). */
function shortenAdvice(
  to: StoredSuggestion['to'],
  event: CalendarEvent | undefined,
  zone: string,
): Advice {
  if (!to) return advice('recorded: shorten the meeting as suggested');
  if (!event)
    return advice('recorded: shorten the meeting to ', at(to.start, zone), ' - ', at(to.end, zone));
  const range = (r: { start: string; end: string }) => ({
    start: Date.parse(r.start),
    end: Date.parse(r.end),
  });
  return shortenedAt(range(event), range(to)) === 'end'
    ? advice('recorded: end the meeting at ', at(to.end, zone))
    : advice('recorded: start the meeting at ', at(to.start, zone));
}
