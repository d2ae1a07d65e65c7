/**
 * The model of the Google convergence test (convergence.test.ts): the random scenarios (changes
 * made in Google, syncs killed part-way, fault mixes), how each change is made in the emulator,
 * and how the store is compared with what Google lists.
 */
import fc from 'fast-check';
import type {
  FaultKind,
  GoogleEvent,
  GoogleEventDateTime,
  GoogleEventPatch,
  RunningGoogleEmulator,
} from '../../emulators/google/index.js';
import {
  DAY_MS,
  HOUR_MS,
  killArb,
  pick,
  shiftHoursArb,
  targetArb,
  titleArb,
  type FaultMode,
  type SyncCommand as KillableSyncCommand,
  type When,
} from '../support/convergence-kit.js';

const today = Date.UTC(
  new Date().getUTCFullYear(),
  new Date().getUTCMonth(),
  new Date().getUTCDate(),
);
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (date: string, days: number) =>
  dateOf(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);

// --- the commands ------------------------------------------------------------------------------

type Mutation =
  | { kind: 'add'; when: When; title: string; attendees: string[] }
  | {
      kind: 'addSeries';
      when: When;
      title: string;
      attendees: string[];
      count: number | null;
      untilWeeks: number;
    }
  | {
      kind: 'update';
      target: number;
      instance: boolean;
      title: string | null;
      attendees: string[] | null;
      status: 'confirmed' | 'tentative' | null;
    }
  | { kind: 'move'; target: number; when: When }
  | { kind: 'moveInstance'; target: number; shiftHours: number }
  | { kind: 'cancelInstance'; target: number }
  | { kind: 'cancelSeries'; target: number }
  | { kind: 'delete'; target: number; purge: boolean }
  | { kind: 'invalidateSyncTokens' }
  | { kind: 'expireAccessTokens' }
  /** Deletes an event (or cancels an instance) changed since the last successful sync. */
  | { kind: 'removeRecent'; target: number };

/**
 * A change made in Google while the listing is under way, after this many pages; `then410`: and
 * the next call answers 410 (Google dropped the sync token part-way through the listing).
 */
interface During {
  afterPage: number;
  mutation: Mutation;
  then410: boolean;
}

export type SyncCommand = KillableSyncCommand<During>;

type Command = Mutation | SyncCommand;

export const FAULT_KINDS: FaultKind[] = [
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'tooManyRequests',
  'backendError',
  'serviceUnavailable',
  'drop',
  'fullSyncRequired',
];

export interface Scenario {
  seed: number;
  faults: FaultMode<FaultKind>;
  zone: string;
  pageShapes: { sizes: number[]; emptyPageRate: number; shortPageRate: number };
  /** Events already in the calendar when it is first synced (or not) by the commands. */
  initial: Mutation[];
  commands: Command[];
}

const ATTENDEES = [
  'Buyer@Acme.com',
  'ops@northwind.io',
  'cfo@globex.example',
  'legal@initech.example',
];

const whenArb: fc.Arbitrary<When> = fc.record({
  day: fc.integer({ min: -20, max: 40 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minutes: fc.constantFrom(30, 60, 90),
  allDay: fc.boolean(),
  days: fc.integer({ min: 1, max: 3 }),
});
const attendeesArb = fc.subarray(ATTENDEES, { maxLength: 3 });

const addArb = fc.record({
  kind: fc.constant('add' as const),
  when: whenArb,
  title: titleArb,
  attendees: attendeesArb,
});
const addSeriesArb = fc.record({
  kind: fc.constant('addSeries' as const),
  when: whenArb,
  title: titleArb,
  attendees: attendeesArb,
  count: fc.option(fc.integer({ min: 2, max: 4 })),
  untilWeeks: fc.integer({ min: 1, max: 3 }),
});

const updateArb = fc.record({
  kind: fc.constant('update' as const),
  target: targetArb,
  instance: fc.boolean(),
  title: fc.option(titleArb),
  attendees: fc.option(attendeesArb),
  status: fc.option(fc.constantFrom('confirmed' as const, 'tentative' as const)),
});
const moveArb = fc.record({ kind: fc.constant('move' as const), target: targetArb, when: whenArb });
const moveInstanceArb = fc.record({
  kind: fc.constant('moveInstance' as const),
  target: targetArb,
  shiftHours: shiftHoursArb,
});
const cancelInstanceArb = fc.record({
  kind: fc.constant('cancelInstance' as const),
  target: targetArb,
});
const cancelSeriesArb = fc.record({
  kind: fc.constant('cancelSeries' as const),
  target: targetArb,
});
const deleteArb = fc.record({
  kind: fc.constant('delete' as const),
  target: targetArb,
  purge: fc.boolean(),
});

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: addArb },
  { weight: 2, arbitrary: addSeriesArb },
  { weight: 3, arbitrary: updateArb },
  { weight: 2, arbitrary: moveArb },
  { weight: 2, arbitrary: moveInstanceArb },
  { weight: 2, arbitrary: cancelInstanceArb },
  { weight: 1, arbitrary: cancelSeriesArb },
  { weight: 2, arbitrary: deleteArb },
  { weight: 1, arbitrary: fc.constant({ kind: 'invalidateSyncTokens' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'expireAccessTokens' as const }) },
);

/**
 * Changes made while a listing is under way lean towards taking away what a committed page may
 * have just brought: the case where a listing's earlier pages and its end can disagree.
 */
const duringArb: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('removeRecent' as const), target: targetArb }),
  },
  { weight: 1, arbitrary: addArb },
  { weight: 1, arbitrary: updateArb },
  { weight: 2, arbitrary: moveArb },
  { weight: 1, arbitrary: moveInstanceArb },
  { weight: 2, arbitrary: cancelInstanceArb },
  { weight: 1, arbitrary: cancelSeriesArb },
  { weight: 3, arbitrary: deleteArb },
);

const syncArb: fc.Arbitrary<SyncCommand> = fc.record({
  kind: fc.constant('sync' as const),
  kill: killArb,
  during: fc.option(
    fc.record({
      afterPage: fc.integer({ min: 1, max: 2 }),
      mutation: duringArb,
      then410: fc.boolean(),
    }),
    { freq: 3 },
  ),
  restart: fc.boolean(),
});

export const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  faults: fc.constantFrom<FaultMode<FaultKind>>(...FAULT_KINDS, 'mixed'),
  zone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'),
  pageShapes: fc.record({
    sizes: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 3 }),
    emptyPageRate: fc.constantFrom(0, 0.2),
    shortPageRate: fc.constantFrom(0, 0.5),
  }),
  initial: fc.array(fc.oneof(addArb, addSeriesArb), { minLength: 1, maxLength: 3 }),
  commands: fc.array(
    fc.oneof({ weight: 3, arbitrary: mutationArb }, { weight: 2, arbitrary: syncArb }),
    { minLength: 5, maxLength: 15 },
  ),
});

// --- turning commands into emulator calls ------------------------------------------------------

function times(when: When, zone: string): { start: GoogleEventDateTime; end: GoogleEventDateTime } {
  if (when.allDay) {
    const date = dateOf(today + when.day * DAY_MS);
    return { start: { date }, end: { date: addDays(date, when.days) } };
  }
  const startMs = today + when.day * DAY_MS + when.hour * HOUR_MS;
  return {
    start: { dateTime: new Date(startMs).toISOString(), timeZone: zone },
    end: { dateTime: new Date(startMs + when.minutes * 60_000).toISOString(), timeZone: zone },
  };
}

const people = (emails: string[]) =>
  emails.map((email) => ({ email, responseStatus: 'needsAction' as const }));
const isAllDay = (value: GoogleEventDateTime | undefined) => Boolean(value?.date);

export interface RunContext {
  emulator: RunningGoogleEmulator;
  /** The emulator's user who owns the calendar. */
  user: string;
  /** The calendar's id in Google. */
  googleId: string;
  zone: string;
  idPrefix: string;
  nextId: number;
  /** Ids of the whole events (singles, series) added and not purged, deleted ones included. */
  added: string[];
  /** Ids changed since the last successful sync: what the next delta's pages hold. */
  recent: string[];
  log: string[];
}

/** Live whole events (singles and series masters). */
function wholeEvents(ctx: RunContext): GoogleEvent[] {
  return ctx.emulator.state
    .listTruth(ctx.googleId, { singleEvents: false })
    .filter((e) => !e.recurringEventId && e.status !== 'cancelled');
}

function liveInstances(ctx: RunContext): GoogleEvent[] {
  return ctx.emulator.state
    .listTruth(ctx.googleId, { singleEvents: true })
    .filter((e) => e.recurringEventId && e.status !== 'cancelled');
}

/** Applies one change in Google; a change with nothing to act on is skipped (and logged). */
export function mutate(ctx: RunContext, m: Mutation): void {
  const state = ctx.emulator.state;
  const cal = ctx.googleId;
  const note = (text: string): void => {
    ctx.log.push(`${m.kind}: ${text}`);
  };
  switch (m.kind) {
    case 'add': {
      const id = `${ctx.idPrefix}${ctx.nextId++}`;
      ctx.added.push(id);
      ctx.recent.push(id);
      state.addEvent(cal, {
        id,
        summary: m.title,
        attendees: people(m.attendees),
        ...times(m.when, ctx.zone),
      });
      return note(id);
    }
    case 'addSeries': {
      const id = `${ctx.idPrefix}${ctx.nextId++}`;
      ctx.added.push(id);
      ctx.recent.push(id);
      const when = times(m.when, ctx.zone);
      const rule =
        m.count !== null ? `COUNT=${m.count}` : `UNTIL=${untilOf(when.start, m.untilWeeks)}`;
      state.addEvent(cal, {
        id,
        summary: m.title,
        attendees: people(m.attendees),
        ...when,
        recurrence: [`RRULE:FREQ=WEEKLY;${rule}`],
      });
      return note(`${id} ${rule}`);
    }
    case 'update': {
      const target = pick(m.instance ? liveInstances(ctx) : wholeEvents(ctx), m.target);
      if (!target) return note('nothing to update');
      const patch: GoogleEventPatch = {
        ...(m.title !== null ? { summary: m.title } : {}),
        ...(m.attendees !== null ? { attendees: people(m.attendees) } : {}),
        ...(m.status !== null ? { status: m.status } : {}),
      };
      state.updateEvent(cal, target.id, patch);
      ctx.recent.push(target.id);
      return note(`${target.id} ${JSON.stringify(patch)}`);
    }
    case 'move': {
      const target = pick(wholeEvents(ctx), m.target);
      if (!target) return note('nothing to move');
      // A series keeps its kind (its UNTIL is written for it); a single event may change kind.
      const when = target.recurrence?.length
        ? { ...m.when, allDay: isAllDay(target.start) }
        : m.when;
      const to = times(when, ctx.zone);
      state.moveEvent(cal, target.id, to);
      ctx.recent.push(target.id);
      return note(`${target.id} to ${JSON.stringify(to.start)}`);
    }
    case 'moveInstance': {
      const target = pick(liveInstances(ctx), m.target);
      if (!target?.start || !target.end) return note('no instance to move');
      const to = shifted(target, m.shiftHours);
      state.moveEvent(cal, target.id, to);
      ctx.recent.push(target.id);
      return note(`${target.id} to ${JSON.stringify(to.start)}`);
    }
    case 'cancelInstance': {
      const target = pick(liveInstances(ctx), m.target);
      if (!target) return note('no instance to cancel');
      state.cancelEvent(cal, target.id);
      return note(target.id);
    }
    case 'cancelSeries': {
      const target = pick(
        wholeEvents(ctx).filter((e) => e.recurrence?.length),
        m.target,
      );
      if (!target) return note('no series to cancel');
      state.cancelEvent(cal, target.id);
      return note(target.id);
    }
    case 'delete': {
      // A purge may also hit an event already deleted: Google forgets tombstones after a while.
      const id = m.purge ? pick(ctx.added, m.target) : pick(wholeEvents(ctx), m.target)?.id;
      if (!id) return note('nothing to delete');
      state.deleteEvent(cal, id, { purge: m.purge });
      if (m.purge) ctx.added = ctx.added.filter((other) => other !== id);
      return note(`${id}${m.purge ? ' (purged)' : ''}`);
    }
    case 'removeRecent': {
      const live = new Set([...wholeEvents(ctx), ...liveInstances(ctx)].map((e) => e.id));
      const target = pick(
        ctx.recent.filter((id) => live.has(id)),
        m.target,
      );
      if (!target) return note('nothing changed lately');
      state.cancelEvent(cal, target);
      return note(target);
    }
    case 'invalidateSyncTokens':
      return note(String(state.invalidateSyncTokens(cal)));
    case 'expireAccessTokens':
      return note(String(state.expireAccessTokens(ctx.user)));
  }
}

/** The RRULE UNTIL that keeps `weeks` more weekly instances after the first. */
function untilOf(start: GoogleEventDateTime, weeks: number): string {
  if (start.date) return addDays(start.date, weeks * 7).replaceAll('-', '');
  // Half a day of slack: a DST change moves the instance by an hour, never out of the rule.
  const until = Date.parse(start.dateTime ?? '') + weeks * 7 * DAY_MS + 12 * HOUR_MS;
  return `${new Date(until).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** An instance moved by some hours (timed) or by as many whole days (all-day). */
function shifted(
  event: GoogleEvent,
  hours: number,
): { start: GoogleEventDateTime; end: GoogleEventDateTime } {
  const { start = {}, end = {} } = event;
  if (start.date && end.date) {
    const days = Math.sign(hours) * Math.max(1, Math.round(Math.abs(hours) / 24));
    return { start: { date: addDays(start.date, days) }, end: { date: addDays(end.date, days) } };
  }
  const by = (value: GoogleEventDateTime) => ({
    ...value,
    dateTime: new Date(Date.parse(value.dateTime ?? '') + hours * HOUR_MS).toISOString(),
  });
  return { start: by(start), end: by(end) };
}
