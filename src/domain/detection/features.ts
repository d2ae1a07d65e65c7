/**
 * The features both models read from one event: named features a salesperson could state
 * ("2 external attendees", "a CRM contact is invited", "title mentions pricing") and hashed
 * word and character n-grams of the title and description for everything the names miss.
 */
import { findConferenceUrl } from '../conferencing.js';
import type { Attendee, EventStatus, Person, Transparency } from '../event.js';
import type { CrmIndex } from '../matching/crm.js';
import type { MeetingMatch } from '../matching/match-meeting.js';
import { conceptsIn, CONCEPTS, type Concept } from './lexicon.js';
import { normaliseText } from './text.js';
import { meetsTheirSeller, participationFeatures } from './participation.js';
import { citesTicket } from './signals.js';
import { venueOf, type Venue } from './venue.js';
import { hashedGrams, HASH_BUCKETS } from './hashed-grams.js';
import { localTime } from './local-time.js';

export { HASH_BUCKETS };

export interface MeetingInput {
  id: string;
  title: string;
  description: string | null;
  location: string | null;
  /** UTC instants (all-day: midnight of the first day). */
  start: string;
  end: string;
  allDay: boolean;
  timeZone: string | null;
  /**
   * The UTC offset `start` was written with, when it named one other than UTC (offline lines):
   * without a zone it is the best word on the event's local time of day (see localTime).
   */
  startOffsetMinutes?: number | null | undefined;
  organizer: Person | null;
  attendees: readonly Attendee[];
  status: EventStatus;
  transparency: Transparency;
  seriesId: string | null;
  calendarOwner: string | null;
  /** The calendar owner's other addresses (MatchInput); not part of the offline contract. */
  calendarOwnerAliases?: readonly string[] | undefined;
  conferenceUrl?: string | null;
}

export interface Features {
  /** Named features and their values (absent means 0). */
  named: Map<string, number>;
  /** Hashed n-gram bucket indices (binary features), already reduced modulo the bucket count. */
  hashed: number[];
  titleConcepts: Set<Concept>;
  descriptionConcepts: Set<Concept>;
}

/**
 * The features of one event. `crm` adds what the CRM says about the people beyond the match
 * (their titles); without it those features are absent, as for an organisation with no contacts.
 */
export function extractFeatures(
  event: MeetingInput,
  match: MeetingMatch,
  crm?: CrmIndex,
): Features {
  const named = new Map<string, number>();
  const set = (name: string, value = 1) => {
    if (value !== 0) named.set(name, value);
  };
  const title = normaliseText(event.title);
  const description = normaliseText(event.description);
  const location = normaliseText(event.location);
  const titleConcepts = conceptsIn(title);
  const descriptionConcepts = conceptsIn(`${description} ${location}`);
  peopleFeatures(match, set);
  participationFeatures(event.attendees, match, set, event.calendarOwner !== null);
  if (crm) set('external_seller', meetsTheirSeller(match, crm) ? 1 : 0);
  timeFeatures(event, set);
  shapeFeatures(event, match, venueOf(event.location, location), set);
  for (const { concept, inTitle, inText } of CONCEPT_FEATURES) {
    if (titleConcepts.has(concept)) set(inTitle);
    if (descriptionConcepts.has(concept)) set(inText);
  }
  if (!title) set('title:empty');
  set('ticket_reference', citesTicket(title) || citesTicket(description) ? 1 : 0);
  return { named, hashed: hashedGrams(title, description), titleConcepts, descriptionConcepts };
}

/** Each concept's feature names, made once rather than per event. */
const CONCEPT_FEATURES = (Object.keys(CONCEPTS) as Concept[]).map((concept) => ({
  concept,
  inTitle: `title:${concept}`,
  inText: `text:${concept}`,
}));

type Setter = (name: string, value?: number) => void;

function peopleFeatures(match: MeetingMatch, set: Setter): void {
  const externals = match.externals;
  const people = match.participants.filter((p) => !p.resource);
  const internals = people.filter((p) => p.internal || p.owner);
  set('bias');
  set('externals', Math.log1p(externals.length));
  set('has_external', externals.length > 0 ? 1 : 0);
  set('no_external', externals.length === 0 ? 1 : 0);
  set('external_domains', Math.log1p(match.externalDomains.length));
  set('internals', Math.log1p(internals.length));
  set('external_share', people.length > 0 ? externals.length / people.length : 0);
  const contacts = externals.filter((p) => p.contactIds.length > 0).length;
  const leads = externals.filter((p) => p.leadIds.length > 0).length;
  set('crm_contact', contacts > 0 ? 1 : 0);
  set('crm_lead', leads > 0 ? 1 : 0);
  set('crm_people_share', externals.length > 0 ? (contacts + leads) / externals.length : 0);
  set('account_matched', match.accountId ? 1 : 0);
  set('account_by_domain_only', match.accountId && contacts + leads === 0 ? 1 : 0);
  const freeMail = externals.filter((p) => p.freeMail);
  set('freemail_any', freeMail.length > 0 ? 1 : 0);
  set('freemail_all', externals.length > 0 && freeMail.length === externals.length ? 1 : 0);
  set('freemail_crm', freeMail.some((p) => p.leadIds.length + p.contactIds.length > 0) ? 1 : 0);
  set('external_unknown', externals.filter((p) => !p.accountId && !p.freeMail).length > 0 ? 1 : 0);
  const organizer = match.participants.find((p) => p.organizer);
  set('organizer_external', organizer && !organizer.internal && !organizer.owner ? 1 : 0);
  set('organizer_owner', organizer?.owner ? 1 : 0);
  set('externals_declined', externals.some((p) => p.responseStatus === 'declined') ? 1 : 0);
  set('externals_accepted', externals.some((p) => p.responseStatus === 'accepted') ? 1 : 0);
  const owner = match.participants.find((p) => p.owner);
  set('owner_declined', owner?.responseStatus === 'declined' ? 1 : 0);
}

function timeFeatures(event: MeetingInput, set: Setter): void {
  if (event.allDay) {
    set('all_day');
    return;
  }
  const minutes = (Date.parse(event.end) - Date.parse(event.start)) / 60_000;
  set('duration_le15', minutes <= 15 ? 1 : 0);
  set('duration_le30', minutes > 15 && minutes <= 30 ? 1 : 0);
  set('duration_le60', minutes > 30 && minutes <= 60 ? 1 : 0);
  set('duration_le120', minutes > 60 && minutes <= 120 ? 1 : 0);
  set('duration_long', minutes > 120 ? 1 : 0);
  const local = localTime(event.start, event.timeZone, event.startOffsetMinutes ?? null);
  if (local) {
    set('weekend', local.weekday >= 6 ? 1 : 0);
    set('early_or_late', local.hour < 8 || local.hour >= 19 ? 1 : 0);
    set('lunchtime', local.hour >= 12 && local.hour < 14 ? 1 : 0);
  }
}

function shapeFeatures(
  event: MeetingInput,
  match: MeetingMatch,
  venue: Venue | null,
  set: Setter,
): void {
  const conference = event.conferenceUrl ?? findConferenceUrl(event.location, event.description);
  set('conference_link', conference ? 1 : 0);
  set('recurring', event.seriesId ? 1 : 0);
  set('cancelled', event.status === 'cancelled' ? 1 : 0);
  set('tentative', event.status === 'tentative' ? 1 : 0);
  set('transparent', event.transparency === 'transparent' ? 1 : 0);
  const people = match.participants.filter((p) => !p.resource).length;
  set('solo', people <= 1 ? 1 : 0);
  set('crowd', people > 15 ? 1 : 0);
  set('room_booked', match.participants.some((p) => p.resource) ? 1 : 0);
  set('physical_location', !conference && venue === 'place' ? 1 : 0);
}
