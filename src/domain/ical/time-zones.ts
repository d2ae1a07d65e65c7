/**
 * What a TZID means. Tried in this order, first match wins:
 * 1. UTC spellings (`UTC`, `GMT`, `Z`, `Etc/UTC`, `tzone://Microsoft/Utc`).
 * 2. An IANA name (`Europe/Berlin`); IANA beats an in-file VTIMEZONE of the same name because
 *    IANA knows the zone's history while exported VTIMEZONEs often carry only today's rule.
 * 3. A Windows zone name as Outlook and Exchange write it (`W. Europe Standard Time`), mapped
 *    with windows-iana; also IANA names behind a prefix (`/mozilla.org/20050126_1/Europe/Berlin`).
 * 4. A Windows display name as Exchange writes it (`(UTC+07:00) Bangkok, Hanoi, Jakarta`): a
 *    city in it that IANA knows (Asia/Bangkok), or the US/Canada region it names.
 * 5. The file's VTIMEZONE with that TZID (Outlook's `Customized Time Zone`), read by ical.js.
 * 6. A display name with no city IANA knows and no VTIMEZONE: the fixed offset it states.
 * 7. Otherwise unknown: the caller reports it and the time is read as floating (in the zone the
 *    user chose), because the wall-clock time is what the organiser saw and typed.
 */
import ICAL from 'ical.js';
import { IANAZone } from 'luxon';
import { findIana } from 'windows-iana';

export type ZoneRef =
  | { kind: 'utc' }
  | { kind: 'floating'; unknownTzid: string | null }
  | { kind: 'iana'; name: string }
  | { kind: 'fixed'; name: string; offsetMinutes: number }
  | { kind: 'vtimezone'; name: string; zone: ICAL.Timezone };

const UTC_NAMES = new Set([
  'UTC',
  'GMT',
  'Z',
  'ETC/UTC',
  'ETC/GMT',
  'UCT',
  'ZULU',
  'TZONE://MICROSOFT/UTC',
  'UNIVERSAL',
]);

/** Region names Exchange uses in display names that contain no city IANA knows. */
const REGION_ZONES: [RegExp, string][] = [
  [/eastern time \(us/i, 'America/New_York'],
  [/central time \(us/i, 'America/Chicago'],
  [/mountain time \(us/i, 'America/Denver'],
  [/pacific time \(us/i, 'America/Los_Angeles'],
  [/atlantic time \(canada/i, 'America/Halifax'],
  [/^alaska$/i, 'America/Anchorage'],
  [/^hawaii$/i, 'Pacific/Honolulu'],
  [/^arizona$/i, 'America/Phoenix'],
  [/coordinated universal time/i, 'UTC'],
];

let cityIndex: Map<string, string> | null = null;

/** IANA zones by their last segment, lower case, spaces for underscores (`new york`). */
function cities(): Map<string, string> {
  if (cityIndex) return cityIndex;
  cityIndex = new Map();
  for (const name of Intl.supportedValuesOf('timeZone')) {
    const city = name.split('/').pop()?.replace(/_/g, ' ').toLowerCase();
    if (city && !cityIndex.has(city)) cityIndex.set(city, name);
  }
  return cityIndex;
}

function cleanTzid(tzid: string): string {
  return tzid
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim();
}

function ianaBehindPrefix(tzid: string): string | null {
  if (!tzid.includes('/')) return null;
  const segments = tzid.split('/').filter(Boolean);
  for (let take = 3; take >= 1; take--) {
    const candidate = segments.slice(-take).join('/');
    if (take < segments.length && candidate.includes('/') && IANAZone.isValidZone(candidate))
      return candidate;
  }
  return null;
}

/** Resolves a Windows display name such as `(UTC+01:00) Amsterdam, Berlin, ...`. */
function fromDisplayName(tzid: string): ZoneRef | null {
  const m = /^\((?:UTC|GMT)(?:([+-])(\d{1,2}):(\d{2}))?\)\s*(.*)$/i.exec(tzid);
  if (!m) return null;
  const [, sign, hh, mm, rest = ''] = m;
  for (const [pattern, zone] of REGION_ZONES)
    if (pattern.test(rest)) return zone === 'UTC' ? { kind: 'utc' } : { kind: 'iana', name: zone };
  for (const part of rest.split(/,|\band\b/)) {
    const zone = cities().get(part.trim().toLowerCase());
    if (zone) return { kind: 'iana', name: zone };
  }
  const minutes = sign ? (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm)) : 0;
  return minutes === 0 ? { kind: 'utc' } : { kind: 'fixed', name: tzid, offsetMinutes: minutes };
}

/** The IANA or Windows reading of a TZID (steps 1-3), or null. */
function knownName(tzid: string): ZoneRef | null {
  if (UTC_NAMES.has(tzid.toUpperCase())) return { kind: 'utc' };
  if (IANAZone.isValidZone(tzid)) return { kind: 'iana', name: tzid };
  // A Windows name, bare or behind a path-like prefix (`tzone://Microsoft/...`, `/Microsoft/...`).
  const windows = findIana(tzid)[0] ?? findIana(tzid.split('/').pop() ?? '')[0];
  if (windows) return { kind: 'iana', name: windows };
  const prefixed = ianaBehindPrefix(tzid);
  return prefixed ? { kind: 'iana', name: prefixed } : null;
}

const vtimezoneCache = new WeakMap<ICAL.Component, Map<string, ICAL.Component>>();

/** The VTIMEZONE components of a calendar (its root component), by trimmed TZID. */
function vtimezonesOf(root: ICAL.Component | null): Map<string, ICAL.Component> {
  if (!root) return new Map();
  let zones = vtimezoneCache.get(root);
  if (!zones) {
    zones = new Map();
    for (const vtz of root.getAllSubcomponents('vtimezone')) {
      const id = vtz.getFirstPropertyValue('tzid');
      if (typeof id === 'string') zones.set(cleanTzid(id), vtz);
    }
    vtimezoneCache.set(root, zones);
  }
  return zones;
}

/** Resolutions per calendar (the root component), keyed by the TZID exactly as written. */
const resolved = new WeakMap<ICAL.Component, Map<string, ZoneRef>>();
/** Components outside any calendar (built by hand) have no VTIMEZONEs: one shared cache. */
const detached = new Map<string, ZoneRef>();

/** The calendar each detached event came from (see parse-calendar.ts), to find its VTIMEZONEs. */
const calendarOfEvent = new WeakMap<ICAL.Component, ICAL.Component>();

/** Remembers the calendar of an event that parseCalendar hands out detached from it. */
export function rememberCalendar(event: ICAL.Component, calendar: ICAL.Component): void {
  calendarOfEvent.set(event, calendar);
}

function rootOf(component: ICAL.Component | null): ICAL.Component | null {
  if (component && calendarOfEvent.has(component)) return calendarOfEvent.get(component)!;
  let root = component;
  while (root?.parent) root = root.parent;
  // A component without parent is a calendar only if it is one; a lone VEVENT has no VTIMEZONEs.
  return root && root.name === 'vcalendar' ? root : null;
}

/** Resolves a TZID used by `component` (a VEVENT inside its VCALENDAR); see the module comment. */
export function resolveTzid(tzid: string, component: ICAL.Component | null): ZoneRef {
  const root = rootOf(component);
  let cache = root ? resolved.get(root) : detached;
  if (!cache) resolved.set(root!, (cache = new Map()));
  let ref = cache.get(tzid);
  if (!ref) cache.set(tzid, (ref = resolveUncached(cleanTzid(tzid), root)));
  return ref;
}

function resolveUncached(tzid: string, root: ICAL.Component | null): ZoneRef {
  const known = knownName(tzid);
  if (known) return known;
  const display = fromDisplayName(tzid);
  if (display && display.kind !== 'fixed') return display;
  const vtz = vtimezonesOf(root).get(tzid);
  if (vtz) {
    return { kind: 'vtimezone', name: tzid, zone: new ICAL.Timezone({ component: vtz, tzid }) };
  }
  return display ?? { kind: 'floating', unknownTzid: tzid };
}

/** The IANA name to show for a zone, or null when there is none (floating, custom, fixed). */
export function ianaNameOf(zone: ZoneRef): string | null {
  if (zone.kind === 'utc') return 'UTC';
  if (zone.kind === 'iana') return zone.name;
  return null;
}
