/**
 * The next free slot for a meeting that moves: the same duration, on the slot grid (every 15
 * minutes by default), within everyone's working hours in their own time zone, clear of everyone's
 * busy time, within the search horizon (14 days by default).
 */
import type { ConflictSettings } from './settings.js';
import type { Availability, BusyRange, TimeRange } from './types.js';
import { localMoment, utcOfLocal } from './zones.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface SlotRequest {
  durationMs: number;
  /** The earliest start. */
  from: number;
  /** People who must be free and within working hours, the owner first. */
  people: readonly string[];
  /** The owner's busy time from the events at hand (the availability may not have it all). */
  ownerBusy: readonly BusyRange[];
  availability: Availability;
  /** Busy ranges that are the meeting being moved (in anyone's calendar). */
  isMovedMeeting: (range: BusyRange) => boolean;
  /** Room to keep free around the owner's other events (travel), in ms. */
  ownerPaddingMs?: number;
}

export function nextFreeSlot(request: SlotRequest, settings: ConflictSettings): TimeRange | null {
  const step = settings.slotStepMinutes * MINUTE;
  const horizon = request.from + settings.slotSearchDays * DAY;
  const duration = request.durationMs;
  if (duration <= 0 || duration > DAY) return null;
  const busy = mergedBusy(request, horizon);
  const zones = request.people.map((p) => settings.timeZoneOf(p) ?? settings.defaultTimeZone);
  let t = ceilTo(request.from, step);
  let next = 0;
  while (t + duration <= horizon) {
    const later = outsideWorkingHours(t, duration, zones, settings);
    if (later !== null) {
      t = ceilTo(Math.max(later, t + step), step);
      continue;
    }
    while (next < busy.length && (busy[next] as TimeRange).end <= t) next++;
    const blocking = busy[next];
    if (blocking && blocking.start < t + duration) {
      t = ceilTo(blocking.end, step);
      continue;
    }
    return { start: t, end: t + duration };
  }
  return null;
}

/** Everyone's busy time over the horizon as disjoint ranges in order. */
function mergedBusy(request: SlotRequest, horizon: number): TimeRange[] {
  const pad = request.ownerPaddingMs ?? 0;
  const ranges: TimeRange[] = [];
  const keep = (range: BusyRange, padding: number) => {
    if (!request.isMovedMeeting(range))
      ranges.push({ start: range.start - padding, end: range.end + padding });
  };
  for (const range of request.ownerBusy) keep(range, pad);
  request.people.forEach((person, i) => {
    if (!request.availability.knows(person)) return;
    const padding = i === 0 ? pad : 0;
    for (const range of request.availability.busy(person, request.from - pad, horizon + pad))
      keep(range, padding);
  });
  ranges.sort((a, b) => a.start - b.start);
  const merged: TimeRange[] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/**
 * Null when [t, t + duration) is within everyone's working hours; else the earliest instant
 * worth trying next (the next start of working hours of someone it failed for).
 */
function outsideWorkingHours(
  t: number,
  duration: number,
  zones: readonly string[],
  settings: ConflictSettings,
): number | null {
  const hours = settings.workingHours;
  let retry: number | null = null;
  for (const zone of zones) {
    const start = localMoment(t, zone);
    const end = localMoment(t + duration, zone);
    const workday = hours.days.includes(start.weekday);
    const fits =
      workday &&
      start.minute >= hours.start &&
      (end.day === start.day ? end.minute <= hours.end : end.minute === 0 && hours.end >= 1440);
    if (fits) continue;
    const day = workday && start.minute < hours.start ? start.day : start.day + 1;
    const candidate = utcOfLocal(day, hours.start, zone);
    retry = retry === null ? candidate : Math.max(retry, candidate);
  }
  return retry;
}

function ceilTo(value: number, step: number): number {
  return Math.ceil(value / step) * step;
}
