/**
 * The Exchange convergence property's check (exchange-convergence.test.ts): the store's events and
 * the calendar view's entries brought to one comparable shape, and their differences.
 */
import { DateTime } from 'luxon';
import type { ViewEntry } from '../../emulators/exchange/index.js';
import { readOccurrenceId } from '../../emulators/exchange/ids.js';
import { mustIana } from '../../emulators/exchange/zones.js';
import type { StoredEvent } from '../../src/store/store.js';
import { differencesById } from '../support/convergence-kit.js';
import type { ItemModel } from './exchange-convergence-calendar.js';

interface Comparable {
  id: string;
  title: string;
  allDay: boolean;
  start: string | null;
  end: string | null;
  startDate: string | null;
  endDate: string | null;
  originalStart: string | null;
  status: string;
  transparency: string;
  seriesId: string | null;
  attendees: string[];
}

const localDate = (iso: string, zone: string) =>
  DateTime.fromISO(iso, { zone: mustIana(zone) }).toISODate() ?? iso;

/** UTC to the second, as instance ids write original starts of timed series. */
const utcSecond = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** An original start as the store keeps it: the date (all-day) or the instant, normalised. */
function normalisedOriginal(value: string | null): string | null {
  if (value === null || /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return utcSecond(Date.parse(value));
}

/** What the calendar view lists, in the terms the store keeps (subjects trimmed, emails lower). */
export function fromExchange(v: ViewEntry, models: ReadonlyMap<string, ItemModel>): Comparable {
  const occurrence = readOccurrenceId(v.itemId);
  const itemId = occurrence?.masterId ?? v.itemId;
  const model = models.get(itemId);
  if (!model) throw new Error(`the view lists ${itemId}, which the test does not know`);
  const originalStart = occurrence
    ? model.allDay
      ? localDate(new Date(occurrence.originalStartMs).toISOString(), model.zone)
      : utcSecond(occurrence.originalStartMs)
    : null;
  const startDate = model.allDay ? localDate(v.start, model.zone) : null;
  const lastDate = model.allDay ? localDate(v.end, model.zone) : null;
  return {
    id: occurrence ? `${itemId}::${originalStart}` : itemId,
    title: v.subject.trim() || '(no title)',
    allDay: model.allDay,
    start: model.allDay ? null : v.start,
    end: model.allDay ? null : v.end,
    startDate,
    endDate:
      startDate && lastDate && lastDate <= startDate
        ? (DateTime.fromISO(startDate, { zone: 'UTC' }).plus({ days: 1 }).toISODate() ?? null)
        : lastDate,
    originalStart,
    status: model.cancelled ? 'cancelled' : 'confirmed',
    transparency: model.free ? 'transparent' : 'opaque',
    seriesId: occurrence ? itemId : null,
    // The entry's own: an exception may invite others than its series.
    attendees: v.attendees.map((email) => email.toLowerCase()).sort(),
  };
}

function fromStore(s: StoredEvent): Comparable {
  const e = s.event;
  return {
    id: e.providerEventId,
    title: e.title,
    allDay: e.allDay,
    start: e.allDay ? null : e.start,
    end: e.allDay ? null : e.end,
    startDate: e.allDay ? e.startDate : null,
    endDate: e.allDay ? e.endDate : null,
    originalStart: normalisedOriginal(e.originalStart),
    status: e.status,
    transparency: e.transparency,
    seriesId: e.seriesId,
    attendees: e.attendees.map((a) => a.email).sort(),
  };
}

/** Differences between the store and Exchange's view of the window; empty when they agree. */
export function differences(stored: StoredEvent[], truth: Comparable[]): string[] {
  return differencesById(stored.map(fromStore), truth, {
    provider: 'Exchange',
    notInTruth: "not in Exchange's window",
  });
}
