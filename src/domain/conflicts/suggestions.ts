/**
 * Ways out of a conflict, each with a why, ranked best first: release an own hold or merge a
 * duplicate (safe, nobody else affected), join virtually (travel), reschedule to the next slot
 * everyone known is free, shorten, send a colleague, decline; within one action, the
 * lower-priority meeting first.
 *
 * Only what the owner organises is moved or shortened (an event without an organiser, such as a
 * personal block, is theirs): a meeting someone else organises is theirs to move, so the owner
 * is offered to decline it or to send a colleague other than its organiser.
 */
import { isCopyOf } from './availability.js';
import { isOrganisedByOwner, ownerAttendee, sameEmail } from './blocking.js';
import { internalAttendees, isOnOwnCalendar } from './people.js';
import type { Priority } from './priority.js';
import type { ConflictSettings } from './settings.js';
import { nextFreeSlot } from './slots.js';
import type {
  Availability,
  BusyRange,
  ConflictAttendee,
  ConflictEvent,
  Suggestion,
  TimeRange,
} from './types.js';
import { toldAt, wording, wordingText } from './wording.js';

const MINUTE = 60_000;
const MIN_SHORTENED_MS = 15 * MINUTE;

export interface SuggestionContext {
  settings: ConflictSettings;
  availability: Availability;
  now: number;
  /** The owner's blocking events (one copy of each meeting). */
  ownerBusy: readonly BusyRange[];
  priorityOf(event: ConflictEvent): Priority;
}

const ACTION_RANK: Readonly<Record<Suggestion['action'], number>> = {
  release: 0,
  merge: 0,
  join_virtually: 1,
  reschedule: 2,
  shorten: 3,
  delegate: 4,
  decline: 5,
};

export function rankSuggestions(
  suggestions: readonly (Suggestion | null)[],
  priorityOf: (eventId: string) => number,
): Suggestion[] {
  return suggestions
    .filter((s): s is Suggestion => s !== null)
    .sort(
      (a, b) =>
        ACTION_RANK[a.action] - ACTION_RANK[b.action] ||
        priorityOf(a.eventId) - priorityOf(b.eventId) ||
        (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0),
    );
}

/** The zone the owner's working hours are read in, so times are told in it too. */
function ownerZone(event: ConflictEvent, settings: ConflictSettings): string {
  return settings.timeZoneOf(event.owner) ?? settings.defaultTimeZone;
}

function quoted(event: ConflictEvent): string {
  return `"${event.title || '(no title)'}"`;
}

/**
 * The same meeting at the next slot its people are free, after its current start; only one the
 * owner organises (see the top of this file).
 */
export function reschedule(
  event: ConflictEvent,
  context: SuggestionContext,
  options: { paddingMs?: number; purpose: string },
): Suggestion | null {
  if (event.allDay || event.start <= context.now || !isOrganisedByOwner(event)) return null;
  const invited = internalAttendees(event, context.settings);
  const colleagues = invited.map((a) => a.email.trim().toLowerCase());
  const known = colleagues.filter((email) => context.availability.knows(email));
  // People read names where the invitation gives them, the email otherwise.
  const nameOf = (email: string) => {
    const attendee = invited.find((a) => sameEmail(a.email, email));
    return (attendee && nameOfAttendee(attendee, event)) || email;
  };
  const slot = nextFreeSlot(
    {
      durationMs: event.end - event.start,
      from: Math.max(context.now, event.start),
      people: [event.owner, ...known],
      ownerBusy: context.ownerBusy,
      availability: context.availability,
      isMovedMeeting: (range) => isCopyOf(range, event),
      ownerPaddingMs: options.paddingMs,
    },
    context.settings,
  );
  if (!slot) return null;
  const who = known.length > 0 ? `you and ${known.map(nameOf).join(', ')} are` : 'you are';
  const unknown = colleagues.length - known.length;
  const caveat = [
    unknown > 0 ? `${unknown} colleague calendar${unknown === 1 ? ' is' : 's are'} not known` : '',
    hasOutsiders(event, context) ? 'outside attendees must agree' : '',
  ].filter(Boolean);
  const whyParts = wording(
    `move ${quoted(event)} ${options.purpose}: `,
    toldAt(slot.start, ownerZone(event, context.settings)),
    ` is the next time ${who} free within working hours${caveat.length ? ` (${caveat.join('; ')})` : ''}`,
  );
  return {
    action: 'reschedule',
    eventId: event.id,
    to: slot,
    why: wordingText(whyParts),
    whyParts,
  };
}

function hasOutsiders(event: ConflictEvent, context: SuggestionContext): boolean {
  const colleagues = new Set(
    internalAttendees(event, context.settings, { includeOptional: true }).map((a) =>
      a.email.trim().toLowerCase(),
    ),
  );
  return event.attendees.some(
    (a) =>
      !sameEmail(a.email, event.owner) &&
      a.resource !== true &&
      !colleagues.has(a.email.trim().toLowerCase()) &&
      a.responseStatus !== 'declined',
  );
}

/**
 * The event cut so that it is clear of `clearOf`, when those all lie at one end of it and
 * enough of it is left (settings.minShortenedShare, and 15 minutes); only one the owner
 * organises.
 */
export function shorten(
  event: ConflictEvent,
  clearOf: readonly TimeRange[],
  context: SuggestionContext,
  purpose: string,
): Suggestion | null {
  if (event.allDay || event.end <= context.now || !isOrganisedByOwner(event)) return null;
  const touching = clearOf.filter((r) => r.start < event.end && r.end > event.start);
  if (touching.length === 0) return null;
  let to: TimeRange | null = null;
  if (touching.every((r) => r.start > event.start))
    to = { start: event.start, end: Math.min(...touching.map((r) => r.start)) };
  else if (touching.every((r) => r.end < event.end && r.start <= event.start))
    to = { start: Math.max(...touching.map((r) => r.end)), end: event.end };
  if (!to || to.start < context.now) return null;
  const kept = to.end - to.start;
  const whole = event.end - event.start;
  if (kept < Math.max(MIN_SHORTENED_MS, whole * context.settings.minShortenedShare)) return null;
  const zone = ownerZone(event, context.settings);
  const whyParts = wording(
    ...(shortenedAt(event, to) === 'end'
      ? ['end it at ', toldAt(to.end, zone)]
      : ['start it at ', toldAt(to.start, zone)]),
    ` ${purpose}: ${Math.round(kept / MINUTE)} of its ${Math.round(whole / MINUTE)} minutes are left`,
  );
  return {
    action: 'shorten',
    eventId: event.id,
    to,
    why: wordingText(whyParts),
    whyParts,
  };
}

/**
 * Which end of the event a shortening moves: the end when it ends earlier, else the start (it
 * starts later). The service words its advice by the same rule.
 */
export function shortenedAt(event: TimeRange, to: TimeRange): 'start' | 'end' {
  return to.end < event.end ? 'end' : 'start';
}

/**
 * A colleague who is also invited goes instead (accepted first, then required, then listed);
 * never the organiser, who runs the meeting and cannot stand in for a guest. One who accepted
 * attends anyway: the owner can skip it, with nobody to ask.
 */
export function delegate(event: ConflictEvent, context: SuggestionContext): Suggestion | null {
  if (event.end <= context.now) return null;
  const organiser = event.organizer?.email;
  const colleagues = internalAttendees(event, context.settings, { includeOptional: true }).filter(
    (a) => !organiser || !sameEmail(a.email, organiser),
  );
  const rank = (a: (typeof colleagues)[number]) =>
    (a.responseStatus === 'accepted' ? 0 : 2) + (a.optional ? 1 : 0);
  const chosen = [...colleagues].sort((a, b) => rank(a) - rank(b))[0];
  if (!chosen) return null;
  const delegateName = nameOfAttendee(chosen, event);
  const name = chosen.name ? `${chosen.name} (${chosen.email})` : chosen.email;
  return {
    action: 'delegate',
    eventId: event.id,
    delegateTo: chosen.email.trim().toLowerCase(),
    ...(delegateName ? { delegateName } : {}),
    why:
      chosen.responseStatus === 'accepted'
        ? `${name} attends ${quoted(event)} too (accepted): you can skip it`
        : `${name} is also invited: they can cover ${quoted(event)} for you`,
  };
}

/**
 * An attendee's name as the invitation gives it, with the email when another attendee has the
 * same name ("Sam (sam.k@…)"); null without a name.
 */
function nameOfAttendee(attendee: ConflictAttendee, event: ConflictEvent): string | null {
  const name = attendee.name?.trim();
  if (!name) return null;
  const key = name.toLowerCase();
  const shared = event.attendees.some(
    (a) => !sameEmail(a.email, attendee.email) && a.name?.trim().toLowerCase() === key,
  );
  return shared ? `${name} (${attendee.email.trim()})` : name;
}

/**
 * Declining someone else's lower-priority meeting (one the owner organises is moved instead):
 * only one the owner is invited to, on their own calendar (on a calendar shared with them, the
 * answer would be someone else's).
 */
export function decline(
  event: ConflictEvent,
  keep: ConflictEvent,
  context: SuggestionContext,
): Suggestion | null {
  if (event.end <= context.now || isOrganisedByOwner(event)) return null;
  if (!isOnOwnCalendar(event) || ownerAttendee(event) === null) return null;
  const mine = context.priorityOf(event);
  const theirs = context.priorityOf(keep);
  return {
    action: 'decline',
    eventId: event.id,
    why: `decline ${quoted(event)} (priority ${mine.score}: ${mine.reasons[0] ?? 'no reason'}) and keep ${quoted(keep)} (priority ${theirs.score}: ${theirs.reasons[0] ?? 'no reason'})`,
  };
}

/** Release the owner's own hold or focus block for a meeting with outsiders. */
export function release(hold: ConflictEvent, meeting: ConflictEvent): Suggestion {
  return {
    action: 'release',
    eventId: hold.id,
    why: `${quoted(hold)} is your own block with nobody else invited: free it for ${quoted(meeting)}, a meeting with people outside`,
  };
}

export function joinVirtually(event: ConflictEvent, otherPlace: string): Suggestion {
  if (event.conferenceUrl) {
    return {
      action: 'join_virtually',
      eventId: event.id,
      why: `${quoted(event)} has a video link (${hostOf(event.conferenceUrl)}): join it from ${otherPlace} instead of travelling`,
    };
  }
  return {
    action: 'join_virtually',
    eventId: event.id,
    why: isOrganisedByOwner(event)
      ? `add a video link to ${quoted(event)} and join it from ${otherPlace}`
      : `ask the organiser of ${quoted(event)} for a video link and join it from ${otherPlace}`,
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Remove each extra copy, keeping the first. Copies are told apart by what their owner sees: the
 * calendar each is on (its name), else their titles; never by ids.
 */
export function merge(copies: readonly ConflictEvent[], reason: string): Suggestion[] {
  const [keep, ...others] = copies;
  if (!keep) return [];
  return others.map((copy) => ({
    action: 'merge' as const,
    eventId: copy.id,
    keepEventId: keep.id,
    why: `${reason}: ${mergeAdvice(keep, copy)}`,
  }));
}

function mergeAdvice(keep: ConflictEvent, copy: ConflictEvent): string {
  const titled = keep.title !== copy.title;
  const kept = titled ? quoted(keep) : 'the copy';
  const removed = titled ? `this copy, ${quoted(copy)}` : 'this one';
  const [on, onCopy] = [keep.calendarName, copy.calendarName];
  if (on && onCopy && on !== onCopy)
    return `keep ${kept} on ${on} and remove ${removed} on ${onCopy}`;
  const both = on && on === onCopy ? `, both on ${on}` : '';
  if (titled) return `keep ${kept} and remove ${removed}${both}`;
  return `keep one copy and remove this one${both}`;
}
