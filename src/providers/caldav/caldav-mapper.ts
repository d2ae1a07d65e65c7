/**
 * Maps CalDAV calendar objects to events: each object's iCalendar text goes through the same
 * parsing (src/domain/ical), recurrence expansion (src/domain/recurrence) and field mapping as an
 * ICS feed, because servers such as Radicale ignore CALDAV:expand and hand back the master with
 * its RRULE, EXDATEs and RECURRENCE-ID overrides. Only identity differs: an instance is known by
 * its object's href (plus its recurrence id), which stays the same across edits of the object.
 */
import { parseCalendar, type IcsProblem } from '../../domain/ical/parse-calendar.js';
import { expandSeries } from '../../domain/recurrence/expand-series.js';
import type { ProviderEvent, SyncIssue, SyncWindow } from '../provider.js';
import { mapSeriesInstances, type IcsRaw } from '../ics/ics-mapper.js';

export interface CalendarObject {
  href: string;
  etag: string | null;
  data: string;
}

/** The raw payload of a CalDAV instance: its object, plus what an ICS instance carries. */
export type CaldavRaw = { href: string; etag: string | null } & IcsRaw;

export interface MappedObject {
  events: ProviderEvent[];
  /**
   * What identifies each event within its object (`eventIdOf(href, key)` gives the id back):
   * kept in the cursor, so that a later version of the object can say which instances went away.
   */
  keys: string[];
  issues: SyncIssue[];
  /**
   * Part of the object could not be read (a VEVENT skipped, a rule that cannot be expanded), so
   * `keys` may lack events it still holds: nothing it produced before may be taken as gone.
   */
  unreadable: boolean;
}

const SEPARATOR = '::';

/** The provider event id of an instance: its href, then (if any) its key within the object. */
export function eventIdOf(href: string, key: string): string {
  return key === '' ? href : `${href}${SEPARATOR}${key}`;
}

/**
 * An instance's key within its object: its recurrence id for a series, nothing for a single
 * event; prefixed with the UID when the object (against RFC 4791 4.1) holds several.
 */
function keyOf(uid: string, recurrenceId: string | null, qualifyUid: boolean): string {
  return [qualifyUid ? uid : null, recurrenceId].filter((part) => part !== null).join(SEPARATOR);
}

/** Expands one object over the window into events; what cannot be read becomes issues. */
export function mapCalendarObject(
  object: CalendarObject,
  window: SyncWindow,
  floatingZone: string,
): MappedObject {
  const parsed = parseCalendar(object.data);
  const options = { floatingZone: parsed.defaultTimeZone ?? floatingZone };
  const out: MappedObject = { events: [], keys: [], issues: [], unreadable: false };
  const issue = (problem: IcsProblem): SyncIssue => ({
    message: `${object.href}: ${problem.message}`,
    line: problem.line,
    providerEventId: object.href,
    // The object's events are stored as `href` or `href::key`: an unreadable part keeps them all.
    keepsSeries: true,
  });
  out.issues.push(...parsed.problems.map(issue));
  if (parsed.problems.length > 0) out.unreadable = true;
  const qualifyUid = parsed.series.length > 1;
  for (const series of parsed.series) {
    const expanded = expandSeries(series, window, options);
    const recurring = series.overrides.length > 0 || isRecurringMaster(series.master);
    const mapped = mapSeriesInstances(expanded.instances, recurring);
    mapped.forEach((provided, index) => {
      const instance = expanded.instances[index]!;
      const key = keyOf(instance.uid, instance.recurrenceId, qualifyUid);
      out.keys.push(key);
      out.events.push(withIdentity(provided, object, eventIdOf(object.href, key)));
    });
    out.issues.push(...expanded.problems.map(issue));
    if (expanded.problems.length > 0) out.unreadable = true;
    for (const truncated of expanded.truncated)
      out.issues.push({
        message: `${object.href}: ${truncated.reason}`,
        line: null,
        providerEventId: object.href,
      });
  }
  return out;
}

function withIdentity(provided: ProviderEvent, object: CalendarObject, id: string): ProviderEvent {
  const raw: CaldavRaw = { href: object.href, etag: object.etag, ...(provided.raw as IcsRaw) };
  return { event: { ...provided.event, providerEventId: id, etag: object.etag }, raw };
}

function isRecurringMaster(master: { hasProperty(name: string): boolean } | null): boolean {
  return master !== null && (master.hasProperty('rrule') || master.hasProperty('rdate'));
}
