/**
 * How the Outlook convergence test's changes (outlook-convergence-scenarios.ts) are made in the
 * Graph emulator: events and series written as Outlook writes them, occurrences moved or cancelled.
 */
import type {
  GraphEvent,
  GraphEventInput,
  RunningMicrosoftEmulator,
} from '../../emulators/microsoft/index.js';
import { datePart } from '../../emulators/microsoft/graph-times.js';
import { DAY_MS, HOUR_MS, pick, type When } from '../support/convergence-kit.js';
import {
  PAST_DAYS,
  FUTURE_DAYS,
  today,
  dateOf,
  WEEKDAYS,
  USER,
  CALENDAR,
  type Mutation,
} from './outlook-convergence-scenarios.js';

// --- turning commands into emulator calls ------------------------------------------------------

export type GraphTime = { dateTime: string; timeZone: string };

const wallClock = (dayMs: number, hours: number) =>
  `${new Date(dayMs + hours * HOUR_MS).toISOString().slice(0, 19)}.0000000`;

/** Start and end as Outlook writes them: wall-clock time in the zone named beside it. */
function times(when: When, zone: string): { start: GraphTime; end: GraphTime; isAllDay: boolean } {
  const dayMs = today + when.day * DAY_MS;
  if (when.allDay)
    return {
      isAllDay: true,
      start: { dateTime: wallClock(dayMs, 0), timeZone: zone },
      end: { dateTime: wallClock(dayMs + when.days * DAY_MS, 0), timeZone: zone },
    };
  return {
    isAllDay: false,
    start: { dateTime: wallClock(dayMs, when.hour), timeZone: zone },
    end: { dateTime: wallClock(dayMs, when.hour + when.minutes / 60), timeZone: zone },
  };
}

function recurrenceOf(
  start: GraphTime,
  zone: string,
  m: Extract<Mutation, { kind: 'addSeries' }>,
): GraphEventInput['recurrence'] {
  const startDate = start.dateTime.slice(0, 10);
  const weekday = WEEKDAYS[new Date(`${startDate}T00:00:00Z`).getUTCDay()] ?? 'monday';
  const range =
    m.end === 'none'
      ? { type: 'noEnd' as const, startDate, recurrenceTimeZone: zone }
      : 'count' in m.end
        ? {
            type: 'numbered' as const,
            numberOfOccurrences: m.end.count,
            startDate,
            recurrenceTimeZone: zone,
          }
        : {
            type: 'endDate' as const,
            startDate,
            endDate: dateOf(Date.parse(`${startDate}T00:00:00Z`) + m.end.weeks * 7 * DAY_MS),
            recurrenceTimeZone: zone,
          };
  return {
    pattern: m.daily
      ? { type: 'daily', interval: 1 }
      : { type: 'weekly', interval: 1, daysOfWeek: [weekday], firstDayOfWeek: 'sunday' },
    range,
  };
}

const people = (emails: string[]) =>
  emails.map((address) => ({
    emailAddress: { address, name: address.split('@')[0] ?? address },
    type: 'required' as const,
    status: { response: 'none' as const, time: '0001-01-01T00:00:00Z' },
  }));

/** A series as added, kept to move it later (a moved series keeps its pattern and end). */
interface SeriesPlan {
  mutation: Extract<Mutation, { kind: 'addSeries' }>;
}

export interface RunContext {
  emulator: RunningMicrosoftEmulator;
  zone: string;
  idPrefix: string;
  nextId: number;
  /** Whole events (singles and series masters) added and not deleted. */
  wholes: string[];
  series: Map<string, SeriesPlan>;
  /** Ids changed since the last successful sync: what the next delta round holds. */
  recent: string[];
  log: string[];
}

function instances(ctx: RunContext): GraphEvent[] {
  return ctx.emulator.state.listTruth(CALENDAR).filter((e) => e.seriesMasterId);
}

/** A whole event, or (with `instance`) an occurrence or exception of a series. */
function target(ctx: RunContext, index: number, instance: boolean): string | undefined {
  return instance ? pick(instances(ctx), index)?.id : pick(ctx.wholes, index);
}

/** Applies one change in Outlook; a change with nothing to act on is skipped (and logged). */
export function mutate(ctx: RunContext, m: Mutation): void {
  const state = ctx.emulator.state;
  const note = (text: string): void => {
    ctx.log.push(`${m.kind}: ${text}`);
  };
  const changed = (id: string) => ctx.recent.push(id);
  switch (m.kind) {
    case 'add': {
      const id = `${ctx.idPrefix}${ctx.nextId++}`;
      state.addEvent(CALENDAR, {
        id,
        subject: m.title,
        attendees: people(m.attendees),
        ...times(m.when, ctx.zone),
      });
      ctx.wholes.push(id);
      changed(id);
      return note(`${id} ${JSON.stringify(m.when)}`);
    }
    case 'addSeries': {
      const id = `${ctx.idPrefix}${ctx.nextId++}`;
      const when = times(m.when, ctx.zone);
      state.addEvent(CALENDAR, {
        id,
        subject: m.title,
        attendees: people(m.attendees),
        ...when,
        recurrence: recurrenceOf(when.start, ctx.zone, m),
      });
      ctx.wholes.push(id);
      ctx.series.set(id, { mutation: m });
      changed(id);
      return note(`${id} ${m.daily ? 'daily' : 'weekly'} ${JSON.stringify(m.end)}`);
    }
    case 'update': {
      const id = target(ctx, m.target, m.instance);
      if (!id) return note('nothing to update');
      const patch = {
        ...(m.title !== null ? { subject: m.title } : {}),
        ...(m.attendees !== null ? { attendees: people(m.attendees) } : {}),
        ...(m.free !== null ? { showAs: m.free ? 'free' : 'busy' } : {}),
      };
      state.updateEvent(CALENDAR, id, patch);
      changed(id);
      return note(`${id} ${JSON.stringify(patch)}`);
    }
    case 'move':
      return moveWhole(ctx, m.target, m.when, note);
    case 'moveOut': {
      // Well past either edge of the window, yet inside the emulator's expansion horizon.
      const day = m.future ? FUTURE_DAYS + 10 : -PAST_DAYS - 10;
      return moveWhole(ctx, m.target, { day, hour: 9, minutes: 60, allDay: false, days: 1 }, note);
    }
    case 'moveInstance': {
      const instance = pick(instances(ctx), m.target);
      if (!instance) return note('no instance to move');
      const to = shifted(instance, m.shiftHours);
      state.moveEvent(CALENDAR, instance.id, to);
      changed(instance.id);
      return note(`${instance.id} to ${JSON.stringify(to.start)}`);
    }
    case 'cancel': {
      const id = target(ctx, m.target, m.instance);
      if (!id) return note('nothing to cancel');
      state.cancelEvent(CALENDAR, id);
      changed(id);
      return note(id);
    }
    case 'delete': {
      const id = target(ctx, m.target, m.instance);
      if (!id) return note('nothing to delete');
      state.deleteEvent(CALENDAR, id);
      ctx.wholes = ctx.wholes.filter((other) => other !== id);
      return note(id);
    }
    case 'removeRecent': {
      const live = new Set([...ctx.wholes, ...instances(ctx).map((e) => e.id)]);
      const id = pick(
        ctx.recent.filter((recent) => live.has(recent)),
        m.target,
      );
      if (!id) return note('nothing changed lately');
      if (m.cancel) state.cancelEvent(CALENDAR, id);
      else state.deleteEvent(CALENDAR, id);
      ctx.wholes = ctx.wholes.filter((other) => other !== id);
      return note(`${id}${m.cancel ? ' (cancelled)' : ''}`);
    }
    case 'expireDeltaTokens':
      return note(`${m.fate}: ${state.expireDeltaTokens(m.fate, USER)}`);
    case 'expireAccessTokens':
      return note(String(state.expireAccessTokens(USER)));
  }
}

/** Moves a single event, or a whole series (its pattern and end rewritten from the new start). */
function moveWhole(ctx: RunContext, index: number, when: When, note: (text: string) => void) {
  const id = pick(ctx.wholes, index);
  if (!id) return note('nothing to move');
  const plan = ctx.series.get(id);
  // A series keeps its kind (all-day or timed); a single event may change kind.
  const to = times(plan ? { ...when, allDay: plan.mutation.when.allDay } : when, ctx.zone);
  ctx.emulator.state.updateEvent(CALENDAR, id, {
    ...to,
    ...(plan ? { recurrence: recurrenceOf(to.start, ctx.zone, plan.mutation) } : {}),
  });
  ctx.recent.push(id);
  note(`${id} to ${JSON.stringify(to.start)}`);
}

/** An instance moved by some hours (timed, written in UTC) or by as many whole days (all-day). */
function shifted(event: GraphEvent, hours: number): { start: GraphTime; end: GraphTime } {
  if (event.isAllDay) {
    const days = Math.sign(hours) * Math.max(1, Math.round(Math.abs(hours) / 24));
    const zone = event.originalStartTimeZone ?? 'UTC';
    const by = (value: GraphTime) => ({
      dateTime: wallClock(Date.parse(`${datePart(value)}T00:00:00Z`) + days * DAY_MS, 0),
      timeZone: zone,
    });
    return { start: by(event.start), end: by(event.end) };
  }
  const by = (value: GraphTime) => ({
    dateTime: wallClock(Date.parse(`${value.dateTime.slice(0, 19)}Z`), hours),
    timeZone: 'UTC',
  });
  return { start: by(event.start), end: by(event.end) };
}
