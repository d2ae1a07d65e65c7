/**
 * The basis of an account's summary, in one pass over its sales meetings: each attendee's
 * address is looked up once, and that one lookup feeds the stakeholders, the stage facts and the
 * people keys of implicit series (the full analysis, account-basis.ts, looks attendees up once
 * for its stakeholders and again for the people keys). Nothing is built per stakeholder: the
 * summary only counts them and reads when each joined and the rank and departments of their
 * last title, kept per person in typed columns reused from account to account (analysis is
 * synchronous, one account at a time). Who joins when is collectStakeholders' rule
 * (stakeholders.ts) restated over those columns, and summary-basis.test.ts checks the two agree;
 * the timeline and the meeting facts are built by the full analysis' own builders.
 */
import { AddressBook, groupKey, HASH2_MASK } from './address-book.js';
import type { ExternalPerson, RelationshipMeeting } from './model.js';
import { completeStageFacts, type StageFacts } from './stage.js';
import { MeetingFactsBuilder, newMeetingFacts, type MeetingFacts } from './meeting-facts.js';
import { TimelineBuilder, type StakeholderTimeline } from './stakeholders.js';
import { firstBooked, orderMeetings, type OrderedMeetings } from './timeline.js';
import { profileTitle, seniorityRank, titleRank } from './titles.js';
import { DECLINED_SO_FAR, JOINED, NOT_INVITED, ParticipantColumns } from './participant-columns.js';

/**
 * The facts' per-meeting columns and `salesKeys` live in buffers reused by the next account:
 * read them before working out another account's basis.
 */
export interface SummaryBasis {
  ordered: OrderedMeetings;
  /** The account's addresses, shared with the series. */
  book: AddressBook;
  /** How many stakeholders (AccountBasis' stakeholders.length). */
  stakeholders: number;
  facts: StageFacts;
  /** Per sales meeting (ordered.sales), its people key; NaN in a provider series. */
  salesKeys: Float64Array;
}

const participants = new ParticipantColumns();
let keyBuffer = new Float64Array(256);
let meetingColumns = newMeetingFacts(256);

/** The reused meeting columns, large enough for `count` past meetings. */
function meetingColumnsFor(count: number): MeetingFacts {
  if (meetingColumns.starts.length < count)
    meetingColumns = newMeetingFacts(Math.max(count, 2 * meetingColumns.starts.length));
  return meetingColumns;
}

/** The summary's basis of an account as of `now`, from meetings that are all its own. */
export function summaryBasis(own: readonly RelationshipMeeting[], now: number): SummaryBasis {
  const ordered = orderMeetings(own, now);
  const book = new AddressBook();
  const { sales } = ordered;
  const pastCount = ordered.past.length;
  if (keyBuffer.length < sales.length)
    keyBuffer = new Float64Array(Math.max(sales.length, 2 * keyBuffer.length));
  const meetings = new MeetingFactsBuilder(meetingColumnsFor(pastCount));
  try {
    for (let i = 0; i < sales.length; i++) {
      const meeting = sales[i] as RelationshipMeeting;
      // Past meetings come first in `sales`: they and the upcoming ones outside provider series
      // need their people; upcoming instances of a provider series need nothing.
      if (i < pastCount) readPast(meeting, book, meetings, i);
      else keyBuffer[i] = meeting.seriesId ? Number.NaN : peopleKeyOf(meeting, book);
    }
    const people = stakeholderTimeline(book);
    return {
      ordered,
      book,
      stakeholders: people.count,
      facts: completeStageFacts(
        meetings.done(),
        people.timeline,
        firstBooked(ordered.upcoming),
        'as of now',
      ),
      salesKeys: keyBuffer,
    };
  } finally {
    participants.clear(book.size);
  }
}

/**
 * Reads the past meeting at `index` of the sales meetings (held or declined by every external
 * person): its stage facts and what collectStakeholders counts of its external people (the
 * rules of stage.ts and stakeholders.ts, in one loop), and its people key (NaN in a provider
 * series).
 */
function readPast(
  meeting: RelationshipMeeting,
  book: AddressBook,
  meetings: MeetingFactsBuilder,
  index: number,
): void {
  const start = meeting.start;
  let hash1 = 0;
  let hash2 = 0;
  let declined = 0;
  let rank = 0;
  const external = meeting.externalPeople;
  for (let j = 0; j < external.length; j++) {
    const attendee = external[j] as ExternalPerson;
    const address = book.of(attendee.email);
    hash1 = (hash1 + address.hash1) >>> 0;
    hash2 = (hash2 + address.hash2) & HASH2_MASK;
    const person = address.person;
    if (person >= participants.state.length) participants.reserve(person + 1);
    const state = participants.state[person];
    if (state === NOT_INVITED) participants.order.push(person);
    const title = attendee.title;
    if (attendee.responseStatus === 'declined') {
      declined += 1;
      // Declined before joining: not a stakeholder yet, and the title is not theirs yet.
      if (state !== JOINED) {
        participants.state[person] = DECLINED_SO_FAR;
        continue;
      }
    } else {
      if (title) rank = Math.max(rank, rankOf(person, title));
      if (state !== JOINED) {
        participants.state[person] = JOINED;
        participants.firstSeen[person] = start;
        participants.titles[person] = null;
      }
    }
    if (title) participants.titles[person] = title;
  }
  meetings.add(start, declined, external.length, rank);
  // A provider series' meeting has no people key: its internal people are not needed.
  if (meeting.seriesId) {
    keyBuffer[index] = Number.NaN;
    return;
  }
  for (const person of meeting.internalPeople) {
    const address = book.of(person.email);
    hash1 = (hash1 + address.hash1) >>> 0;
    hash2 = (hash2 + address.hash2) & HASH2_MASK;
  }
  // Written here rather than returned: a number returned from a call is boxed on the heap.
  keyBuffer[index] = groupKey(hash1, hash2);
}

/** titleRank of a title, remembered per person: a person's title rarely changes. */
function rankOf(person: number, title: string): number {
  if (participants.rankedTitles[person] === title) return participants.ranks[person] as number;
  const rank = titleRank(title);
  participants.rankedTitles[person] = title;
  participants.ranks[person] = rank;
  return rank;
}

/** peopleKey (implicit-series.ts) of an upcoming meeting. */
function peopleKeyOf(meeting: RelationshipMeeting, book: AddressBook): number {
  let hash1 = 0;
  let hash2 = 0;
  for (const person of meeting.externalPeople) {
    const address = book.of(person.email);
    hash1 = (hash1 + address.hash1) >>> 0;
    hash2 = (hash2 + address.hash2) & HASH2_MASK;
  }
  for (const person of meeting.internalPeople) {
    const address = book.of(person.email);
    hash1 = (hash1 + address.hash1) >>> 0;
    hash2 = (hash2 + address.hash2) & HASH2_MASK;
  }
  return groupKey(hash1, hash2);
}

/** The stakeholders' timeline (stakeholders.ts stakeholderFacts) from the counts per person. */
function stakeholderTimeline(book: AddressBook): { count: number; timeline: StakeholderTimeline } {
  const joined = participants.inJoinOrder((person) => book.emailOf(person));
  const timeline = new TimelineBuilder();
  for (const person of joined) {
    const profile = profileTitle(participants.titles[person] ?? null);
    timeline.join(
      participants.firstSeen[person] as number,
      seniorityRank(profile.seniority),
      profile.departments,
    );
  }
  return { count: joined.length, timeline: timeline.done() };
}
