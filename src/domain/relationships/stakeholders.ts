/**
 * Stakeholders: the external people who took part (invited, did not decline) in an account's
 * held sales meetings, with seniority and departments from their titles, and whether the group
 * widened over the recent window (more people, someone more senior, a new department).
 */
import { DAY_MS, EXPANSION_MIN_NEW_PEOPLE, RECENT_DAYS } from './definitions.js';
import type { Department, RelationshipMeeting, Stakeholder } from './model.js';
import { describeSeniority, profileTitle, seniorityOfRank, seniorityRank } from './titles.js';

const RECENT_MS = RECENT_DAYS * DAY_MS;

/** Stakeholders, sorted by when they joined, with what the stage rules look up by time. */
export interface StakeholderFacts {
  stakeholders: Stakeholder[];
  /** stakeholders[i].firstSeen, ascending. */
  joins: number[];
  /** prefixMaxRank[i]: the highest seniority rank among stakeholders[0..i-1]. */
  prefixMaxRank: number[];
  ranks: number[];
  /** When each department first took part, ascending. */
  departments: { department: Department; joined: number }[];
}

/** The stakeholders of held sales meetings (sorted by start). */
export function collectStakeholders(held: readonly RelationshipMeeting[]): StakeholderFacts {
  const people = new Map<string, Stakeholder>();
  const invitedOnly = new Map<string, { invited: number; declined: number }>();
  for (const meeting of held) {
    for (const person of meeting.externalPeople) {
      const key = person.email.toLowerCase();
      const declined = person.responseStatus === 'declined';
      let known = people.get(key);
      if (!known && declined) {
        const counts = invitedOnly.get(key) ?? { invited: 0, declined: 0 };
        counts.invited += 1;
        counts.declined += 1;
        invitedOnly.set(key, counts);
        continue;
      }
      if (!known) {
        const earlier = invitedOnly.get(key);
        known = {
          email: key,
          name: null,
          title: null,
          seniority: 'unknown',
          departments: [],
          firstSeen: meeting.start,
          lastSeen: meeting.start,
          meetings: 0,
          invited: earlier?.invited ?? 0,
          declined: earlier?.declined ?? 0,
        };
        people.set(key, known);
      }
      known.invited += 1;
      known.name ??= person.name;
      if (person.title) known.title = person.title;
      if (declined) known.declined += 1;
      else {
        known.meetings += 1;
        known.lastSeen = meeting.start;
      }
    }
  }
  const stakeholders = [...people.values()].sort(
    (a, b) => a.firstSeen - b.firstSeen || (a.email < b.email ? -1 : 1),
  );
  const departmentJoins = new Map<Department, number>();
  const ranks: number[] = [];
  const prefixMaxRank = [0];
  for (const stakeholder of stakeholders) {
    const profile = profileTitle(stakeholder.title);
    stakeholder.seniority = profile.seniority;
    stakeholder.departments = profile.departments;
    for (const department of profile.departments)
      if (!departmentJoins.has(department)) departmentJoins.set(department, stakeholder.firstSeen);
    const rank = seniorityRank(profile.seniority);
    ranks.push(rank);
    prefixMaxRank.push(Math.max(prefixMaxRank[prefixMaxRank.length - 1] ?? 0, rank));
  }
  return {
    stakeholders,
    joins: stakeholders.map((s) => s.firstSeen),
    prefixMaxRank,
    ranks,
    departments: [...departmentJoins].map(([department, joined]) => ({ department, joined })),
  };
}

/** The number of ascending `values` that are <= `x`. */
export function countAtMost(values: readonly number[], x: number): number {
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
export function newStakeholdersAt(facts: StakeholderFacts, t: number): number {
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
function wideningCounts(facts: StakeholderFacts, t: number): Widening | null {
  const windowStart = t - RECENT_MS;
  const before = countAtMost(facts.joins, windowStart);
  const until = countAtMost(facts.joins, t);
  if (before === 0 || until === before) return null;
  let newest = 0;
  for (let i = before; i < until; i++) newest = Math.max(newest, facts.ranks[i] ?? 0);
  let newDepartments = 0;
  for (const d of facts.departments) if (d.joined > windowStart && d.joined <= t) newDepartments++;
  return {
    windowStart,
    joined: until - before,
    newest,
    earlier: facts.prefixMaxRank[before] ?? 0,
    newDepartments,
  };
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
 * never when nobody took part before the window (a new account is not expanding).
 */
export function widensAt(facts: StakeholderFacts, t: number): boolean {
  return widens(wideningCounts(facts, t));
}

/** How the stakeholders widened in the recent window ending at `t`, as reasons (none: not). */
export function wideningAt(facts: StakeholderFacts, t: number): { reasons: string[] } {
  const w = wideningCounts(facts, t);
  if (!widens(w)) return { reasons: [] };
  const reasons: string[] = [];
  if (w.joined >= EXPANSION_MIN_NEW_PEOPLE)
    reasons.push(
      `${w.joined} external people took part for the first time in the last ${RECENT_DAYS} days`,
    );
  if (w.newest > w.earlier) {
    const senior = describeSeniority(seniorityOfRank(w.newest));
    reasons.push(
      w.earlier > 0
        ? `more senior: a ${senior} joined (the most senior before was ${describeSeniority(seniorityOfRank(w.earlier))})`
        : `more senior: a ${senior} joined`,
    );
  }
  if (w.newDepartments > 0)
    reasons.push(
      `new departments took part: ${facts.departments
        .filter((d) => d.joined > w.windowStart && d.joined <= t)
        .map((d) => d.department)
        .join(', ')}`,
    );
  return { reasons };
}
