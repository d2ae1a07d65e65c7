/**
 * The Exchange convergence property's changes (exchange-convergence.test.ts): each command turned
 * into calls on the EWS emulator's state, with what the calendar view does not show remembered.
 */
import { DateTime } from 'luxon';
import type {
  CalendarItemInput,
  Recurrence,
  RunningExchangeEmulator,
  ViewEntry,
} from '../../emulators/exchange/index.js';
import { readOccurrenceId } from '../../emulators/exchange/ids.js';
import { ALICE } from '../../emulators/exchange/test-kit.js';
import { mustIana } from '../../emulators/exchange/zones.js';
import { DAY_MS, HOUR_MS, pick, type When } from '../support/convergence-kit.js';
import {
  FUTURE_DAYS,
  type Mutation,
  PAST_DAYS,
  PICK_RANGE,
  ROOM,
  type SeriesEnd,
  today,
  WEEKDAYS,
} from './exchange-convergence-scenario.js';

/** What the test set on an item and the calendar view does not show (free/busy, zone). */
export interface ItemModel {
  zone: string;
  allDay: boolean;
  free: boolean;
  cancelled: boolean;
  /** Series only: how it repeats, kept to move it (a moved series keeps pattern and end). */
  series: { daily: boolean; end: SeriesEnd } | null;
}

export interface RunContext {
  emulator: RunningExchangeEmulator;
  idPrefix: string;
  nextId: number;
  /** Whole items (singles and series masters) added and not deleted, in order. */
  wholes: string[];
  models: Map<string, ItemModel>;
  /** Ids changed since the last successful sync: what the next SyncFolderItems round holds. */
  recent: string[];
  log: string[];
}

/** Local midnight of the day `day` days from today, in an IANA zone. */
function localDay(day: number, iana: string): DateTime {
  const date = DateTime.fromMillis(today + day * DAY_MS, { zone: 'UTC' });
  return DateTime.fromObject({ year: date.year, month: date.month, day: date.day }, { zone: iana });
}

/** Start and end as EWS stores them (UTC instants) for wall-clock times in a Windows zone. */
function spanOf(when: When, zone: string, allDay: boolean): { start: string; end: string } {
  const midnight = localDay(when.day, mustIana(zone));
  if (allDay) return { start: isoOf(midnight), end: isoOf(midnight.plus({ days: when.days })) };
  const start = midnight.set({ hour: when.hour });
  return { start: isoOf(start), end: isoOf(start.plus({ minutes: when.minutes })) };
}

function isoOf(time: DateTime): string {
  return new Date(time.toMillis()).toISOString();
}

function recurrenceOf(start: string, zone: string, series: ItemModel['series']): Recurrence {
  if (!series) throw new Error('not a series');
  const local = DateTime.fromISO(start, { zone: mustIana(zone) });
  const weekday = WEEKDAYS[local.weekday - 1] ?? 'Monday';
  const range: Recurrence['range'] =
    series.end === 'none'
      ? { type: 'NoEnd' }
      : 'count' in series.end
        ? { type: 'Numbered', numberOfOccurrences: series.end.count }
        : {
            type: 'EndDate',
            endDate: local.plus({ weeks: series.end.weeks }).toISODate() ?? '',
          };
  return {
    pattern: series.daily
      ? { type: 'Daily', interval: 1 }
      : { type: 'Weekly', interval: 1, daysOfWeek: [weekday], firstDayOfWeek: 'Sunday' },
    range,
  };
}

const attendeesOf = (emails: string[]) =>
  emails.map((email) => ({ email, name: email.split('@')[0] ?? email }));

function addItem(ctx: RunContext, m: Extract<Mutation, { kind: 'add' | 'addSeries' }>): void {
  const id = `${ctx.idPrefix}${ctx.nextId++}`;
  const series = m.kind === 'addSeries' ? { daily: m.daily, end: m.end } : null;
  const span = spanOf(m.when, m.zone, m.when.allDay);
  const input: CalendarItemInput = {
    id,
    subject: m.title,
    ...span,
    timeZone: m.zone,
    isAllDay: m.when.allDay,
    requiredAttendees: attendeesOf(m.attendees),
    // A room booked as a resource (t:Resources): stored as an attendee flagged as one.
    ...(m.room ? { resources: attendeesOf([ROOM]) } : {}),
    legacyFreeBusyStatus: 'Busy',
    ...(series ? { recurrence: recurrenceOf(span.start, m.zone, series) } : {}),
  };
  ctx.emulator.state.addItem(ALICE, input);
  ctx.models.set(id, {
    zone: m.zone,
    allDay: m.when.allDay,
    free: false,
    cancelled: false,
    series,
  });
  ctx.wholes.push(id);
  ctx.recent.push(id);
}

/** The live occurrences of a series (deleted ones are not listed), by start. */
function occurrencesOf(ctx: RunContext, masterId: string): ViewEntry[] {
  return ctx.emulator.state
    .view(ALICE, PICK_RANGE.from, PICK_RANGE.to)
    .filter((v) => readOccurrenceId(v.itemId)?.masterId === masterId);
}

function pickSeries(ctx: RunContext, target: number): string | undefined {
  return pick(
    ctx.wholes.filter((id) => ctx.models.get(id)?.series),
    target,
  );
}

/** Moves a whole item; a series is written anew from its new start (its exceptions go). */
function moveWhole(ctx: RunContext, id: string, when: When): void {
  const model = ctx.models.get(id);
  if (!model) return;
  const span = spanOf(when, model.zone, model.allDay);
  ctx.emulator.state.updateItem(ALICE, id, {
    ...span,
    ...(model.series ? { recurrence: recurrenceOf(span.start, model.zone, model.series) } : {}),
  });
  ctx.log.push(`  ${id} now ${span.start} .. ${span.end}`);
}

/** An occurrence moved by some hours (all-day series: by whole local days). */
function shiftedOccurrence(entry: ViewEntry, model: ItemModel, hours: number) {
  if (!model.allDay) {
    const by = (iso: string) => new Date(Date.parse(iso) + hours * HOUR_MS).toISOString();
    return { start: by(entry.start), end: by(entry.end) };
  }
  const days = Math.sign(hours) * Math.max(1, Math.round(Math.abs(hours) / 24));
  const by = (iso: string) =>
    isoOf(DateTime.fromISO(iso, { zone: mustIana(model.zone) }).plus({ days }));
  return { start: by(entry.start), end: by(entry.end) };
}

function removeWhole(ctx: RunContext, id: string, cancel: boolean): void {
  const model = ctx.models.get(id);
  if (!model) return;
  if (cancel) {
    ctx.emulator.state.cancelItem(ALICE, id);
    model.cancelled = true;
    model.free = true;
    return;
  }
  ctx.emulator.state.deleteItem(ALICE, id);
  ctx.models.delete(id);
  ctx.wholes = ctx.wholes.filter((w) => w !== id);
}

/** Applies one change to the emulator; a change with no target (nothing to pick) is skipped. */
export function mutate(ctx: RunContext, m: Mutation): void {
  const whole = 'target' in m ? pick(ctx.wholes, m.target) : undefined;
  ctx.log.push(`${m.kind} ${JSON.stringify(m)}${whole ? ` -> ${whole}` : ''}`);
  switch (m.kind) {
    case 'add':
    case 'addSeries':
      return addItem(ctx, m);
    case 'invalidateSyncStates':
      return ctx.emulator.state.invalidateSyncStates(ALICE);
    case 'removeRecent': {
      const live = ctx.recent.filter((id) => ctx.models.has(id));
      const id = pick(live, m.target);
      if (id) removeWhole(ctx, id, m.cancel);
      return;
    }
    case 'updateInstance':
    case 'moveInstance':
    case 'deleteInstance':
      return mutateOccurrence(ctx, m);
  }
  if (!whole) return;
  ctx.recent.push(whole);
  const model = ctx.models.get(whole);
  if (!model) return;
  switch (m.kind) {
    case 'update':
      ctx.emulator.state.updateItem(ALICE, whole, {
        ...(m.title !== null ? { subject: m.title } : {}),
        ...(m.attendees !== null ? { requiredAttendees: attendeesOf(m.attendees) } : {}),
        ...(m.free !== null ? { legacyFreeBusyStatus: m.free ? 'Free' : 'Busy' } : {}),
      });
      if (m.free !== null) model.free = m.free;
      return;
    case 'move':
      return moveWhole(ctx, whole, m.when);
    case 'moveOut': {
      // A series moved into the past keeps repeating into the window: out means after it.
      const day = m.future || model.series ? FUTURE_DAYS + 5 : -PAST_DAYS - 12;
      return moveWhole(ctx, whole, { day, hour: 10, minutes: 60, allDay: model.allDay, days: 1 });
    }
    case 'cancel':
      return removeWhole(ctx, whole, true);
    case 'delete':
      return removeWhole(ctx, whole, false);
  }
}

function mutateOccurrence(
  ctx: RunContext,
  m: Extract<Mutation, { kind: 'updateInstance' | 'moveInstance' | 'deleteInstance' }>,
): void {
  const master = pickSeries(ctx, m.target);
  const model = master ? ctx.models.get(master) : undefined;
  if (!master || !model) return;
  const entry = pick(occurrencesOf(ctx, master), m.occurrence);
  if (!entry?.originalStart) return;
  ctx.recent.push(master);
  ctx.log.push(`  occurrence ${entry.originalStart} of ${master}`);
  const state = ctx.emulator.state;
  if (m.kind === 'deleteInstance') {
    state.deleteOccurrence(ALICE, master, entry.originalStart);
  } else if (m.kind === 'updateInstance') {
    const { start, end } = entry;
    state.modifyOccurrence(ALICE, master, entry.originalStart, {
      start,
      end,
      subject: m.title,
      ...(m.attendees !== null ? { requiredAttendees: attendeesOf(m.attendees) } : {}),
    });
  } else {
    const moved = shiftedOccurrence(entry, model, m.shiftHours);
    state.modifyOccurrence(ALICE, master, entry.originalStart, {
      ...moved,
      subject: entry.subject,
    });
  }
}
