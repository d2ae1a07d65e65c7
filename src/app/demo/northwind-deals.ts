/**
 * When each account's meetings with Northwind happen, relative to the demo's "today" (day 0).
 * The account's CRM stage (ACCOUNT_STAGES) says where today falls in its deal: a prospect's
 * (prospecting) discovery call is coming up or just held, an evaluation (demo) has its demo or
 * follow-ups ahead, a negotiation its pricing talks and closing call, a customer (closed_won)
 * closed and is met every few weeks (or stopped being), a lost deal (closed_lost) went quiet
 * months ago. So a rep opening the demo sees this week and the
 * next ones full of meetings of every kind, and relationships at every stage.
 */
import type { DateTime } from 'luxon';
import type { GoogleEventInput } from '../../../emulators/google/types.js';
import { copyFor, meeting } from './demo-meeting.js';
import { basic, businessDay, isoOf } from './demo-time.js';
import {
  TITLES_BY_STAGE,
  type DemoAccount,
  type DemoPerson,
  type Stage,
} from './northwind-data.js';

/** One meeting of a deal: its kind and its day, relative to the demo's today. */
export interface DealStep {
  stage: Stage;
  day: number;
}

/** The generated calendars span these days (six months of history, two of future). */
const FIRST_DAY = -180;
const LAST_DAY = 60;

/**
 * The deal's meetings, in order, with their days; none outside the generated span. `nextDay`
 * gives the day of the first meeting still ahead, when there is one (see upcomingDays).
 */
export function dealSteps(
  stage: DemoAccount['stage'],
  anchor: Date,
  random: () => number,
  nextDay: () => number,
): DealStep[] {
  const kinds = dealKinds(stage, random);
  const ahead = stepsAhead(stage, kinds, random);
  const first = ahead > 0 ? nextDay() : lastHeldDay(stage, random);
  const days = dealDays(kinds.length, ahead, first, random);
  return kinds
    .map((kind, i) => ({ stage: kind, day: businessDay(days[i] ?? 0, anchor) }))
    .filter((step) => step.day >= FIRST_DAY && step.day <= LAST_DAY);
}

/**
 * The kinds of meeting a deal goes through, up to where its CRM stage has it: a discovery call,
 * a demo, one to three follow-ups, one or two rounds of negotiation, a closing call.
 */
function dealKinds(stage: DemoAccount['stage'], random: () => number): Stage[] {
  const followUps = new Array<Stage>(1 + Math.floor(random() * 3)).fill('follow_up');
  const talks = new Array<Stage>(random() < 0.5 ? 2 : 1).fill('negotiation');
  const evaluation: Stage[] = ['discovery', 'demo', ...followUps];
  switch (stage) {
    case 'prospecting':
      return ['discovery'];
    case 'closed_lost':
      return evaluation.slice(0, 2 + Math.floor(random() * 2));
    case 'demo':
      return evaluation;
    default:
      return [...evaluation, ...talks, 'closing'];
  }
}

/** How many of the deal's meetings are still ahead of today. */
function stepsAhead(stage: DemoAccount['stage'], kinds: Stage[], random: () => number): number {
  switch (stage) {
    case 'prospecting':
      return random() < 0.75 ? 1 : 0;
    case 'demo':
      // The discovery call was held, perhaps the demo too; the follow-ups are ahead.
      return kinds.length - 1 - Math.floor(random() * 2);
    case 'negotiation':
      // The closing call is ahead, and the negotiation or its last round.
      return (
        1 + Math.max(1, kinds.filter((k) => k === 'negotiation').length - (random() < 0.5 ? 1 : 0))
      );
    default:
      return 0;
  }
}

/** A deal with nothing ahead: when its last meeting was (a lost one went quiet long ago). */
function lastHeldDay(stage: DemoAccount['stage'], random: () => number): number {
  if (stage === 'closed_lost') return -95 - Math.floor(random() * 60);
  if (stage === 'closed_won') return -5 - Math.floor(random() * 95);
  return -1 - Math.floor(random() * 20);
}

/**
 * The days of `count` meetings of which the last `ahead` are still to come: the first of those
 * on `pivotDay` and the rest a week or so apart (a deal that moves), the held ones one to three
 * weeks apart before it and before today. With none ahead, `pivotDay` is the last one held.
 */
function dealDays(count: number, ahead: number, pivotDay: number, random: () => number): number[] {
  const days: number[] = new Array<number>(count).fill(0);
  const pivot = ahead > 0 ? count - ahead : count - 1;
  let day = pivotDay;
  days[pivot] = day;
  for (let i = pivot + 1; i < count; i++) {
    day += 4 + Math.floor(random() * 5);
    days[i] = day;
  }
  // The held ones were held: before today, however far ahead the next one is.
  day = Math.min(days[pivot] ?? 0, 0);
  for (let i = pivot - 1; i >= 0; i--) {
    day -= 5 + Math.floor(random() * 16);
    days[i] = day;
  }
  return days;
}

/**
 * The days on which one person's deals have their next meeting, spread evenly over the business
 * days of the next two weeks (a golden-ratio sequence), so that the weeks ahead are full
 * whichever weekday the demo starts, rather than as lumpy as random draws make them.
 */
export function upcomingDays(anchor: Date): () => number {
  const businessDays = Array.from({ length: 14 }, (_, day) => day).filter(
    (day) => businessDay(day, anchor) === day,
  );
  let k = 0;
  return () => {
    const slot = ((k++ + 0.5) * GOLDEN_RATIO_CONJUGATE) % 1;
    return businessDays[Math.floor(slot * businessDays.length)] ?? 0;
  };
}

const GOLDEN_RATIO_CONJUGATE = (Math.sqrt(5) - 1) / 2;

/**
 * A customer's check-ins after `fromDay`, every one to three weeks: most go on through the
 * weeks ahead, some stopped a month or two ago (a relationship at risk).
 */
export function checkInDays(fromDay: number, anchor: Date, random: () => number): number[] {
  const every = 7 + Math.floor(random() * 15);
  const until = random() < 0.75 ? LAST_DAY : -30 - Math.floor(random() * 30);
  const days: number[] = [];
  for (let day = fromDay + every; day <= until; day += every) {
    const held = businessDay(day, anchor);
    if (held <= LAST_DAY) days.push(held);
  }
  return days;
}

export type At = (person: DemoPerson, dayOffset: number, hour: number, minute?: number) => DateTime;
export type Push = (email: string, event: GoogleEventInput) => void;

/** What writing an account's meetings into the calendars needs. */
export interface DealContext {
  people: readonly DemoPerson[];
  anchor: Date;
  at: At;
  nextId: (prefix: string) => string;
  push: Push;
  random: () => number;
  pick: <T>(items: readonly T[]) => T;
  /** Per owner, the days their deals' next meetings fall on (upcomingDays). */
  nextDays: Map<string, () => number>;
}

/**
 * The account's meetings on its owner's calendar (and the sales engineer's, for demos and some
 * follow-ups): its deal so far and ahead, and for a customer check-ins after the closing call,
 * for half of them after twelve weeks of weekly onboarding.
 */
export function pushAccountMeetings(account: DemoAccount, ctx: DealContext): void {
  const owner = ctx.people.find((p) => p.email === account.owner) as DemoPerson;
  let nextDay = ctx.nextDays.get(owner.email);
  if (!nextDay) ctx.nextDays.set(owner.email, (nextDay = upcomingDays(ctx.anchor)));
  const steps = dealSteps(account.stage, ctx.anchor, ctx.random, nextDay);
  for (const step of steps) pushDealMeeting(account, owner, step, ctx);
  const closing = steps.at(-1);
  if (account.stage !== 'closed_won' || closing?.stage !== 'closing') return;
  // Onboarded weekly for twelve weeks, or not; then met every few weeks.
  const onboarded = ctx.random() < 0.5;
  if (onboarded) pushOnboardingSeries(account, owner, closing.day, ctx);
  for (const day of checkInDays(closing.day + (onboarded ? 84 : 0), ctx.anchor, ctx.random)) {
    pushDealMeeting(account, owner, { stage: 'follow_up', day }, ctx);
  }
}

function pushDealMeeting(
  account: DemoAccount,
  owner: DemoPerson,
  { stage, day }: DealStep,
  ctx: DealContext,
): void {
  const { random, pick } = ctx;
  const se = ctx.people.find((p) => p.role === 'se') as DemoPerson;
  const start = ctx.at(owner, day, 9 + Math.floor(random() * 8), random() < 0.5 ? 0 : 30);
  const minutes = stage === 'discovery' ? 30 : stage === 'demo' ? 60 : 45;
  const contacts = account.contacts.slice(0, 1 + Math.floor(random() * account.contacts.length));
  const inPerson = stage === 'negotiation' && random() < 0.4;
  const title = pick(TITLES_BY_STAGE[stage])
    .replace('{a}', account.name)
    .replace('{p}', owner.name)
    .replace('{c}', contacts[0]?.name ?? account.name);
  const withSe = stage === 'demo' || (stage === 'follow_up' && random() < 0.5);
  const event = meeting({
    id: ctx.nextId('cust'),
    title,
    start,
    minutes,
    organizer: owner,
    internal: withSe ? [se] : [],
    external: contacts.map((c) => ({
      ...c,
      response: pick(['accepted', 'accepted', 'tentative', 'needsAction'] as const),
    })),
    location: inPerson ? `${account.name} HQ, ${account.city}` : null,
    conference: inPerson ? null : random() < 0.7 ? 'meet' : 'zoom',
    description:
      stage === 'discovery' && random() < 0.3
        ? 'Booked via Calendly. Need to reschedule? https://calendly.com/northwind/30min'
        : null,
    past: day < 0,
  });
  ctx.push(owner.email, event);
  if (withSe) ctx.push(se.email, copyFor(event, se.email));
}

/** Twelve weekly check-ins from a Wednesday after the closing call, one moved, one cancelled. */
function pushOnboardingSeries(
  account: DemoAccount,
  owner: DemoPerson,
  closingDay: number,
  ctx: DealContext,
): void {
  const id = ctx.nextId('onb');
  const after = closingDay + 3 + Math.floor(ctx.random() * 7);
  // Anchor-relative days 2, 9, 16... are Wednesdays when the anchor is a Monday, as the demo's is.
  const start = ctx.at(owner, after + ((((2 - after) % 7) + 7) % 7), 14);
  const master = meeting({
    id,
    title: `${account.name} weekly onboarding check-in`,
    start,
    minutes: 30,
    organizer: owner,
    internal: [],
    external: account.contacts.slice(0, 2).map((c) => ({ ...c, response: 'accepted' as const })),
    location: null,
    conference: 'meet',
    description: null,
    past: true,
  });
  ctx.push(owner.email, { ...master, recurrence: ['RRULE:FREQ=WEEKLY;COUNT=12'] });
  // One week moved a day later, one cancelled: the exceptions a series carries in real life.
  const moved = start.plus({ weeks: 3 });
  ctx.push(owner.email, {
    ...master,
    id: `${id}_${basic(moved)}`,
    recurringEventId: id,
    originalStartTime: { dateTime: isoOf(moved), timeZone: owner.timeZone },
    start: { dateTime: isoOf(moved.plus({ days: 1 })), timeZone: owner.timeZone },
    end: { dateTime: isoOf(moved.plus({ days: 1, minutes: 30 })), timeZone: owner.timeZone },
  });
  const cancelled = start.plus({ weeks: 5 });
  ctx.push(owner.email, {
    id: `${id}_${basic(cancelled)}`,
    status: 'cancelled',
    recurringEventId: id,
    originalStartTime: { dateTime: isoOf(cancelled), timeZone: owner.timeZone },
  });
}
