/**
 * What the user does for a suggestion calintel does not carry out itself (a new time, a
 * delegate): the advice a decision records as its write-back message, worded for who can act on
 * it. A pass moves or shortens only the owner's own meetings, so those are hers to change; a
 * suggestion stored before that rule, on a meeting someone else organises, is still put to its
 * organiser. Its instants are also kept apart (`messageParts`), so that the dashboard writes
 * them as it writes every date.
 */
import {
  isOrganisedByOwner,
  conflictSettings,
  isTrip,
  sameEmail,
  shortenedAt,
  toldAt,
  wording,
  wordingText,
  type ConflictEvent,
  type ToldInstant,
  type WordingPart,
} from '../../domain/conflicts/index.js';
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

/** Someone else's meeting (its organiser is not the owner); not when it is gone. */
function othersMeeting(event: ConflictEvent | undefined): boolean {
  return event !== undefined && !isOrganisedByOwner(event);
}

/**
 * The advice for `suggestion`; `event` is the event as stored now, read as a pass reads it
 * (absent when it is gone). Times are told in `zone`, as the suggestion's why ("Mon 2026-11-30
 * 15:45 (Europe/Berlin)").
 */
export function adviceFor(
  suggestion: StoredSuggestion,
  event: ConflictEvent | undefined,
  zone: string,
): Advice {
  switch (suggestion.action) {
    case 'reschedule':
      return rescheduleAdvice(suggestion.to, event, zone);
    case 'shorten':
      return shortenAdvice(suggestion.to, event, zone);
    case 'delegate':
      return delegateAdvice(suggestion.delegateTo, event);
    case 'join_virtually':
      if (event?.conferenceUrl) return advice('recorded: join it by video');
      return othersMeeting(event)
        ? advice('recorded: ask the organiser for a video link')
        : advice('recorded: add a video link to it and join it by video');
    case 'merge':
      return advice('recorded: the copies count as one meeting');
    default:
      return advice('recorded');
  }
}

/** Rooms told apart from guests by the provider's flag and their names, as a pass does. */
const ADVICE_SETTINGS = conflictSettings({});

function rescheduleAdvice(
  to: StoredSuggestion['to'],
  event: ConflictEvent | undefined,
  zone: string,
): Advice {
  // A trip has no organiser to ask: the user books another one.
  if (to && event && isTrip(event, ADVICE_SETTINGS))
    return advice('recorded: rebook it to leave at ', at(to.start, zone));
  if (othersMeeting(event))
    return to
      ? advice('recorded: propose ', at(to.start, zone), ' to the organiser')
      : advice('recorded: propose the suggested time to the organiser');
  return to
    ? advice('recorded: move it to ', at(to.start, zone))
    : advice('recorded: move it to the suggested time');
}

/** The shortening's one change, by the rule its suggestion was worded with (shortenedAt). */
function shortenAdvice(
  to: StoredSuggestion['to'],
  event: ConflictEvent | undefined,
  zone: string,
): Advice {
  if (!to) return advice('recorded: shorten the meeting as suggested');
  if (!event)
    return advice('recorded: shorten the meeting to ', at(to.start, zone), ' - ', at(to.end, zone));
  const ask = othersMeeting(event) ? 'ask the organiser to ' : '';
  const range = { start: Date.parse(to.start), end: Date.parse(to.end) };
  return shortenedAt(event, range) === 'end'
    ? advice(`recorded: ${ask}end the meeting at `, at(to.end, zone))
    : advice(`recorded: ${ask}start the meeting at `, at(to.start, zone));
}

/** A colleague who has accepted goes anyway: nobody to ask, only to tell. */
function delegateAdvice(delegateTo: string | undefined, event: ConflictEvent | undefined): Advice {
  if (!delegateTo) return advice('recorded: ask a colleague to go instead');
  const colleague = event?.attendees.find((a) => sameEmail(a.email, delegateTo));
  const who = colleague?.name?.trim() || delegateTo;
  return colleague?.responseStatus === 'accepted'
    ? advice(`recorded: ${who} attends too: let them know you will skip it`)
    : advice(`recorded: ask ${who} to go instead`);
}
