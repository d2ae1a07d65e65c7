/**
 * Stakeholders: the external people who took part (invited, did not decline) in an account's
 * held sales meetings, with seniority and departments from their titles, and whether the group
 * widened over the recent window (more people, someone more senior, a new department).
 */
import type { AddressBook } from './address-book.js';
import { DAY_MS, EXPANSION_MIN_NEW_PEOPLE, RECENT_DAYS } from './definitions.js';
import type { Department, ExternalPerson, RelationshipMeeting, Stakeholder } from './model.js';
import { describeSeniority, profileTitle, seniorityOfRank, seniorityRank } from './titles.js';
import { counted, text } from './text.js';
import { compact } from './compact.js';

const RECENT_MS = RECENT_DAYS * DAY_MS;

/**
 * What the stage rules look up by time about the stakeholders, in the order they joined (by
 * first seen, then email): enough for the stage and the widening, without the stakeholders.
 */
export interface StakeholderTimeline {
  /** The i-th stakeholder's firstSeen, ascending. */
  joins: number[];
  /** prefixMaxRank[i]: the highest seniority rank among stakeholders[0..i-1]. */
  prefixMaxRank: number[];
  ranks: number[];
  /** When each department first took part, ascending. */
  departments: { department: Department; joined: number }[];
}

/** Stakeholders, sorted by when they joined, with what the stage rules look up by time. */
export interface StakeholderFacts extends StakeholderTimeline {
  stakeholders: Stakeholder[];
}

/** The stakeholders of held sales meetings (sorted by start). */
export function collectStakeholders(
  held: readonly RelationshipMeeting[],
  book: AddressBook,
): StakeholderFacts {
  // By person (see AddressBook): who took part, and how often those who had not yet declined.
  const people: (Participant | undefined)[] = [];
  const declinedBeforeJoining: number[] = [];
  for (const meeting of held) {
    for (const person of meeting.externalPeople) {
      const address = book.of(person.email);
      const declined = person.responseStatus === 'declined';
      let known = people[address.person];
      if (!known && declined) {
        declinedBeforeJoining[address.person] = (declinedBeforeJoining[address.person] ?? 0) + 1;
        continue;
      }
      if (!known) {
        known = new Participant(
          address.email,
          meeting.start,
          declinedBeforeJoining[address.person] ?? 0,
        );
        people[address.person] = known;
      }
      known.count(person, declined, meeting.start);
    }
  }
  // Emails are one per person: the order is total, whatever order they were found in.
  const joined = people
    .filter((p): p is Participant => p !== undefined)
    .sort((a, b) => a.firstSeen - b.firstSeen || (a.email < b.email ? -1 : 1));
  return stakeholderFacts(joined.map(toStakeholder));
}

/**
 * A person being counted. The Stakeholder is made once the counts are complete: its seniority
 * and departments come from the last title, known only at the end.
 */
class Participant {
  name: string | null = null;
  title: string | null = null;
  lastSeen: number;
  meetings = 0;
  invited: number;
  declined: number;

  constructor(
    readonly email: string,
    readonly firstSeen: number,
    declinedBeforeJoining: number,
  ) {
    this.lastSeen = firstSeen;
    this.invited = declinedBeforeJoining;
    this.declined = declinedBeforeJoining;
  }

  count(person: ExternalPerson, declined: boolean, start: number): void {
    this.invited += 1;
    this.name ??= person.name;
    if (person.title) this.title = person.title;
    if (declined) this.declined += 1;
    else {
      this.meetings += 1;
      this.lastSeen = start;
    }
  }
}

function toStakeholder(p: Participant): Stakeholder {
  const profile = profileTitle(p.title);
  return {
    email: p.email,
    name: p.name,
    title: p.title,
    seniority: profile.seniority,
    departments: profile.departments,
    firstSeen: p.firstSeen,
    lastSeen: p.lastSeen,
    meetings: p.meetings,
    invited: p.invited,
    declined: p.declined,
  };
}

/** What the stage rules look up by time, from the stakeholders sorted by when they joined. */
function stakeholderFacts(stakeholders: Stakeholder[]): StakeholderFacts {
  const timeline = new TimelineBuilder();
  for (const stakeholder of stakeholders)
    timeline.join(
      stakeholder.firstSeen,
      seniorityRank(stakeholder.seniority),
      stakeholder.departments,
    );
  return { stakeholders, ...timeline.done() };
}

/**
 * A StakeholderTimeline built one stakeholder at a time, in join order: the full analysis feeds
 * it its stakeholders, the summary (summary-basis.ts) only what it counted of each person, so
 * that the two cannot disagree on it.
 */
export class TimelineBuilder {
  private readonly joins: number[] = [];
  private readonly ranks: number[] = [];
  private readonly prefixMaxRank = [0];
  private readonly departments: { department: Department; joined: number }[] = [];

  join(firstSeen: number, rank: number, departments: readonly Department[]): void {
    for (const department of departments)
      if (!this.departments.some((d) => d.department === department))
        this.departments.push({ department, joined: firstSeen });
    this.joins.push(firstSeen);
    this.ranks.push(rank);
    this.prefixMaxRank.push(Math.max(this.prefixMaxRank[this.prefixMaxRank.length - 1] ?? 0, rank));
  }

  done(): StakeholderTimeline {
    return {
      joins: this.joins,
      prefixMaxRank: this.prefixMaxRank,
      ranks: this.ranks,
      departments: this.departments,
    };
  }
}

/** The number of ascending `values` that are <= `x`. */
export function countAtMost(values: ArrayLike<number>, x: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((values[mid] as number) <= x) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Stakeholders who joined in the recent window ending at `t`. */
export function newStakeholdersAt(facts: StakeholderTimeline, t: number): number {
  return countAtMost(facts.joins, t) - countAtMost(facts.joins, t - RECENT_MS);
}

interface Widening {
  windowStart: number;
  joined: number;
  newest: number;
  earlier: number;
  newDepartments: number;
}

/** What joined in the recent window ending at `t`; null when nobody joined or nobody before. */
function wideningCounts(facts: StakeholderTimeline, t: number): Widening | null {
  const windowStart = t - RECENT_MS;
  const before = countAtMost(facts.joins, windowStart);
  const until = countAtMost(facts.joins, t);
  if (before === 0 || until === before) return null;
  return {
    windowStart,
    joined: until - before,
    newest: newestRank(facts, before, until),
    earlier: facts.prefixMaxRank[before] ?? 0,
    newDepartments: departmentsJoined(facts, windowStart, t),
  };
}

function newestRank(facts: StakeholderTimeline, before: number, until: number): number {
  let newest = 0;
  for (let i = before; i < until; i++) newest = Math.max(newest, facts.ranks[i] ?? 0);
  return newest;
}

function departmentsJoined(facts: StakeholderTimeline, windowStart: number, t: number): number {
  let joined = 0;
  for (const d of facts.departments) if (d.joined > windowStart && d.joined <= t) joined++;
  return joined;
}

function widens(w: Widening | null): w is Widening {
  return (
    w !== null &&
    (w.joined >= EXPANSION_MIN_NEW_PEOPLE || w.newest > w.earlier || w.newDepartments > 0)
  );
}

/**
 * Whether the stakeholders widened in the recent window ending at `t`: at least
 * EXPANSION_MIN_NEW_PEOPLE joined, or one more senior than anyone before, or a new department;
 * never when nobody took part before the window (a new account is not expanding). `before` and
 * `until` are how many joined by the window's start and by `t` (the stage history knows them).
 */
export function widensWithin(
  facts: StakeholderTimeline,
  t: number,
  before: number,
  until: number,
): boolean {
  if (before === 0 || until === before) return false;
  return (
    until - before >= EXPANSION_MIN_NEW_PEOPLE ||
    newestRank(facts, before, until) > (facts.prefixMaxRank[before] ?? 0) ||
    departmentsJoined(facts, t - RECENT_MS, t) > 0
  );
}

/** How the stakeholders widened in the recent window ending at `t`, as reasons (none: not). */
export function wideningAt(facts: StakeholderTimeline, t: number): { reasons: string[] } {
  const w = wideningCounts(facts, t);
  if (!widens(w)) return { reasons: [] };
  const reasons: string[] = [];
  if (w.joined >= EXPANSION_MIN_NEW_PEOPLE)
    reasons.push(
      text`${counted(w.joined, 'external person', 'external people')} took part for the first time in the last ${RECENT_DAYS} days`,
    );
  if (w.newest > w.earlier) {
    const senior = describeSeniority(seniorityOfRank(w.newest));
    reasons.push(
      w.earlier > 0
        ? text`more senior: a ${senior} joined (the most senior before was ${describeSeniority(seniorityOfRank(w.earlier))})`
        : text`more senior: a ${senior} joined`,
    );
  }
  if (w.newDepartments > 0)
    reasons.push(
      text`new departments took part: ${facts.departments
        .filter((d) => d.joined > w.windowStart && d.joined <= t)
        .map((d) => d.department)
        .join(', ')}`,
    );
  return { reasons: compact(reasons) };
}
