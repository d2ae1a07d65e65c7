/**
 * Which steady groups of people continue one another as one implicit series (implicit-series.ts).
 * A standing meeting outlives changes to its invitation: when Bob stops coming to Acme's weekly
 * sync with Jane, the meetings from then on have other people (a group of their own), yet they
 * are the same series, and only as one does it say who stopped coming and count its held and
 * skipped occurrences whole. A later steady group continues an earlier one when:
 * - its people are a part of the earlier group's (someone stopped coming) or include all of
 *   them (someone joined for good), the smaller group having at least one external person;
 * - its first meeting comes after the earlier group's last, at most
 *   IMPLICIT_CONTINUATION_INTERVALS of the earlier group's intervals after it, on its grid
 *   (within IMPLICIT_TOLERANCE of a whole number of intervals), on the same weekday (for
 *   cadences of whole weeks) and time of day, or exactly an hour off (the series kept its local
 *   time over a daylight-saving change; the model has no time zone);
 * - its cadence is within IMPLICIT_TOLERANCE of the earlier group's.
 * Joining for good is taken as the reverse of stopping: the same slot and cadence right after
 * are the same evidence either way, and a meeting someone joined once is the series' already.
 * A group whose people changed both ways (Bob handed over to Sam) stays a series of its own:
 * sharing some people at one slot is a new arrangement as often as an old one. Only steady
 * groups are compared, never meetings, so this costs nothing per meeting.
 */
import type { AddressBook } from './address-book.js';
import {
  DAY_MS,
  IMPLICIT_CONTINUATION_INTERVALS,
  IMPLICIT_TOLERANCE,
  MINUTE_MS,
} from './definitions.js';
import type { RelationshipMeeting } from './model.js';
import { MOVED_TOLERANCE_MS } from './series-moves.js';

const HOUR_MS = 60 * MINUTE_MS;
const WEEK_MS = 7 * DAY_MS;

/** A steady group: its people key, cadence, and first and last meetings' indices in `sales`. */
export interface SteadyGroup {
  key: number;
  cadence: number;
  first: number;
  last: number;
}

const slotOf = (m: RelationshipMeeting) => m.originalStart ?? m.start;

/** A steady group as continuations compare it: its span of slots, cadence and people. */
interface Span {
  first: number;
  last: number;
  cadence: number;
  people: Set<number>;
  /** How many of `people` are external. */
  external: number;
}

/**
 * The steady groups (in key order) as series: each a list of indices into `steady`, a group
 * then the groups continuing it, in order; the lists in order of their first group.
 */
export function continuedGroups(
  steady: readonly SteadyGroup[],
  sales: readonly RelationshipMeeting[],
  book: AddressBook,
): number[][] {
  if (steady.length < 2) return steady.map((_, at) => [at]);
  const spans = steady.map((group) => spanOf(group, sales, book));
  const next = new Array<number>(steady.length).fill(-1);
  const previous = new Array<number>(steady.length).fill(-1);
  // Later groups by first slot, each continuing the latest-ending earlier group free to be
  // continued (the first in key order on a tie): the answer depends on slots and keys only,
  // not on the order of the input.
  const byFirst = spans
    .map((_, at) => at)
    .sort((a, b) => (spans[a] as Span).first - (spans[b] as Span).first || a - b);
  for (const later of byFirst) {
    let best = -1;
    spans.forEach((earlier, at) => {
      if (next[at] !== -1 || !continues(earlier, spans[later] as Span)) return;
      if (best === -1 || earlier.last > (spans[best] as Span).last) best = at;
    });
    if (best === -1) continue;
    next[best] = later;
    previous[later] = best;
  }
  return chains(next, previous);
}

/** Each group without a previous one, followed by the groups continuing it. */
function chains(next: readonly number[], previous: readonly number[]): number[][] {
  const series: number[][] = [];
  previous.forEach((before, head) => {
    if (before !== -1) return;
    const chain = [head];
    for (let at = next[head] as number; at !== -1; at = next[at] as number) chain.push(at);
    series.push(chain);
  });
  return series;
}

function continues(earlier: Span, later: Span): boolean {
  return (
    onSlotAfter(later.first - earlier.last, earlier.cadence) &&
    Math.abs(later.cadence - earlier.cadence) <= IMPLICIT_TOLERANCE * earlier.cadence &&
    nested(earlier, later)
  );
}

/**
 * Whether a group starting `gap` after another's last meeting is at one of its next few slots:
 * a whole number of its intervals on (IMPLICIT_TOLERANCE), at the same weekday (for cadences of
 * whole weeks) and time of day, or exactly an hour off for a daylight-saving change.
 */
function onSlotAfter(gap: number, cadence: number): boolean {
  const steps = gap / cadence;
  const whole = Math.round(steps);
  if (whole < 1 || whole > IMPLICIT_CONTINUATION_INTERVALS) return false;
  if (Math.abs(steps - whole) > IMPLICIT_TOLERANCE) return false;
  const period = cadence % WEEK_MS === 0 ? WEEK_MS : DAY_MS;
  const within = ((gap % period) + period) % period;
  const off = Math.min(within, period - within);
  return off <= MOVED_TOLERANCE_MS || off === HOUR_MS;
}

/** Whether one group's people are all among the other's, the smaller with someone external. */
function nested(a: Span, b: Span): boolean {
  const [small, large] = a.people.size <= b.people.size ? [a, b] : [b, a];
  if (small.external === 0 || small.people.size === large.people.size) return false;
  for (const person of small.people) if (!large.people.has(person)) return false;
  return true;
}

/** A group's span, its people read off its first meeting (the group's people are its key). */
function spanOf(
  group: SteadyGroup,
  sales: readonly RelationshipMeeting[],
  book: AddressBook,
): Span {
  const firstMeeting = sales[group.first] as RelationshipMeeting;
  const people = new Set<number>();
  for (const person of firstMeeting.externalPeople) people.add(book.of(person.email).person);
  const external = people.size;
  for (const person of firstMeeting.internalPeople) people.add(book.of(person.email).person);
  return {
    first: slotOf(firstMeeting),
    last: slotOf(sales[group.last] as RelationshipMeeting),
    cadence: group.cadence,
    people,
    external,
  };
}
