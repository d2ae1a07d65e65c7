/**
 * How much a meeting matters, 0 to 100, with the reasons: the lower-priority side of a conflict
 * is the one suggestions move. Points, from a base of 30:
 *
 * | what | points |
 * | --- | --- |
 * | a sales meeting (detection) | +25 |
 * | its type: closing / negotiation / demo / discovery / follow-up / other | +20 / +15 / +10 / +8 / +5 / +3 |
 * | CRM stage: negotiation, proposal / demo, qualification / closed_won / prospecting / closed_lost | +10 / +6 / +5 / +3 / -5 |
 * | external attendees | +10 |
 * | organised by someone outside (the customer's meeting) | +10 |
 * | 5 or more people / 10 or more | +4 / +8 |
 * | a recurring internal meeting (one instance can move, or be missed) | -10 |
 * | the owner's own hold or focus block | -25 |
 * | tentative / not answered / optional for the owner | -5 / -3 / -5 |
 *
 * The reasons are quoted in suggestions (a decline's why), so they say what the owner can do:
 * only a meeting they organise can move (suggestions.ts); of someone else's, they can miss one.
 */
import { isOrganisedByOwner, isTentative, ownerAttendee } from './blocking.js';
import {
  externalPeople,
  hasExternalOrganizer,
  isOwnHold,
  isResource,
  otherPeople,
} from './people.js';
import type { ConflictSettings } from './settings.js';
import type { ConflictEvent } from './types.js';

const BASE = 30;

const TYPE_POINTS: Readonly<Record<string, number>> = {
  closing: 20,
  negotiation: 15,
  demo: 10,
  discovery: 8,
  follow_up: 5,
  other: 3,
};

const STAGE_POINTS: Readonly<Record<string, number>> = {
  negotiation: 10,
  proposal: 10,
  demo: 6,
  qualification: 6,
  closed_won: 5,
  prospecting: 3,
  closed_lost: -5,
};

export interface Priority {
  score: number;
  reasons: string[];
}

export function meetingPriority(event: ConflictEvent, settings: ConflictSettings): Priority {
  const parts: Array<{ points: number; reason: string }> = [];
  const add = (points: number, reason: string) => parts.push({ points, reason });
  const meeting = event.meeting;
  if (meeting?.isSalesMeeting) {
    add(25, `a sales meeting (${Math.round(meeting.confidence * 100)}% sure)`);
    const type = meeting.meetingType;
    if (type && TYPE_POINTS[type] !== undefined)
      add(TYPE_POINTS[type], `a ${type.replace('_', '-')} meeting`);
    const stage = meeting.accountStage;
    if (stage && STAGE_POINTS[stage] !== undefined)
      add(STAGE_POINTS[stage], `the account is at the ${stage.replace('_', ' ')} stage`);
  }
  const externals = externalPeople(event, settings);
  if (externals.length > 0)
    add(10, `${externals.length} external ${externals.length === 1 ? 'attendee' : 'attendees'}`);
  if (hasExternalOrganizer(event, settings))
    add(10, `organised by ${event.organizer?.email ?? 'someone outside'} (their meeting)`);
  const people = otherPeople(event, settings).length + 1;
  if (people >= 10) add(8, `${people} people invited`);
  else if (people >= 5) add(4, `${people} people invited`);
  if (isOwnHold(event, settings)) add(-25, 'your own hold or focus block');
  else if (externals.length === 0 && !meeting?.isSalesMeeting)
    add(
      event.seriesId ? -10 : 0,
      event.seriesId ? recurringReason(event) : 'a one-off internal meeting',
    );
  if (isTentative(event)) add(-5, 'tentative');
  const own = ownerAttendee(event);
  if (own?.responseStatus === 'needsAction' && !isResource(own, event, settings))
    add(-3, 'not answered yet');
  if (own?.optional) add(-5, 'you are optional');
  const score = Math.max(0, Math.min(100, BASE + parts.reduce((sum, p) => sum + p.points, 0)));
  const reasons = parts
    .filter((p) => p.points !== 0)
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points))
    .map((p) => `${p.reason} (${p.points > 0 ? '+' : ''}${p.points})`)
    .concat(parts.filter((p) => p.points === 0).map((p) => p.reason));
  return { score, reasons: reasons.length > 0 ? reasons : ['nothing sets it apart'] };
}

/** Why one instance of a recurring internal meeting matters less, as the owner can act on it. */
function recurringReason(event: ConflictEvent): string {
  return isOrganisedByOwner(event)
    ? 'a recurring internal meeting: one instance can move'
    : 'a recurring internal meeting: missing one instance costs little';
}
