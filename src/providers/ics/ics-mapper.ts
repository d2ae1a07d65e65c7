/** Maps expanded iCalendar instances (ical.js components) to the normalised CalendarEvent. */
import ICAL from 'ical.js';
import { findConferenceUrl } from '../../domain/conferencing.js';
import { allProperties, firstProperty, type JcalProperty } from '../../domain/ical/jcal.js';
import { daysInMonth } from '../../domain/recurrence/civil.js';
import {
  normaliseEmail,
  type Attendee,
  type CalendarEvent,
  type EventStatus,
  type Person,
  type ResponseStatus,
  type Transparency,
} from '../../domain/event.js';
import type { ExpandedInstance } from '../../domain/recurrence/types.js';
import type { ProviderEvent } from '../provider.js';

/** The part of an expanded instance the mapper reads. */
export type InstanceToMap = Omit<ExpandedInstance, 'isOverride'>;

/** Provider id of one instance: the UID, plus the original start for recurring instances. */
export function icsEventId(uid: string, recurrenceId: string | null): string {
  return recurrenceId ? `${uid}::${recurrenceId}` : uid;
}

/** What an instance takes from its VEVENT: the same for every instance of one series. */
type ComponentFields = Pick<
  CalendarEvent,
  | 'title'
  | 'description'
  | 'location'
  | 'conferenceUrl'
  | 'status'
  | 'transparency'
  | 'organizer'
  | 'attendees'
  | 'sequence'
  | 'updatedAt'
>;

/**
 * The raw payload of an instance, for reprocessing.
 *
 * A VEVENT is carried as its jCal (RFC 7265), the form ical.js parsed it into: the iCalendar
 * text stored before was ical.js's serialisation of this same jCal, so nothing is lost:
 * `new ICAL.Component(raw.jcal).toString()` gives that text back. Serialising the 50,000 VEVENTs
 * of the benchmark file to text took 1.6 s, as long as parsing the file; the JSON of their jCal
 * takes 0.3 s (35 MB instead of 27 MB).
 *
 * Each VEVENT is carried once: by the first instance (in start order) that it describes. Every
 * other instance of a series carries only its identity; the VEVENTs of a series are on the rows
 * with the same series id (`seriesId` = UID) whose raw has `jcal`. A weekly series has ~70
 * instances in a sync window, and repeating the master on each was half of all raw bytes (29 of
 * 57 MB for a 50,000-VEVENT file), written, hashed and stored again for every instance.
 */
export type IcsRaw = { jcal: unknown[] } | { uid: string; recurrenceId: string | null };

/** Maps one instance; its raw payload carries its VEVENT (see IcsRaw). */
export function mapInstance(instance: InstanceToMap, isRecurring: boolean): ProviderEvent {
  const fields = componentFields(instance.component);
  return { event: toEvent(instance, fields, isRecurring), raw: rawOf(instance, true) };
}

/**
 * Maps the instances of one series, in the order expandSeries lists them. Each VEVENT is read
 * once for all its instances, and what was read is dropped with the series: nothing about a
 * mapped series stays in memory while the rest of the calendar is mapped. (Mapping the 118,712
 * instances of the benchmark file took 5.4 s of CPU before, and 0.8 s now.)
 */
export function mapSeriesInstances(
  instances: readonly InstanceToMap[],
  isRecurring: boolean,
  /** The series' name before names had a source (IcsSeries.formerUid), for the store. */
  formerUid?: string,
): ProviderEvent[] {
  const read = new Map<ICAL.Component, ComponentFields>();
  return instances.map((instance) => {
    let fields = read.get(instance.component);
    const first = fields === undefined;
    if (!fields) read.set(instance.component, (fields = componentFields(instance.component)));
    const mapped: ProviderEvent = {
      event: toEvent(instance, fields, isRecurring),
      raw: rawOf(instance, first),
    };
    if (formerUid !== undefined)
      mapped.formerProviderEventId = icsEventId(formerUid, instance.recurrenceId);
    return mapped;
  });
}

function rawOf(instance: InstanceToMap, withText: boolean): IcsRaw {
  return withText
    ? { jcal: instance.component.jCal }
    : { uid: instance.uid, recurrenceId: instance.recurrenceId };
}

/**
 * Every field written out, in one order: the object rest and spread this replaced were 2.4 s of
 * self time in a profile of the benchmark import.
 */
function toEvent(
  instance: InstanceToMap,
  fields: ComponentFields,
  isRecurring: boolean,
): CalendarEvent {
  return {
    providerEventId: icsEventId(instance.uid, instance.recurrenceId),
    iCalUid: instance.uid,
    title: fields.title,
    description: fields.description,
    location: fields.location,
    conferenceUrl: fields.conferenceUrl,
    allDay: instance.allDay,
    start: instance.start,
    end: instance.end,
    startDate: instance.startDate,
    endDate: instance.endDate,
    timeZone: instance.timeZone,
    status: fields.status,
    transparency: fields.transparency,
    organizer: fields.organizer,
    attendees: fields.attendees.map((a) => ({ ...a })),
    seriesId: isRecurring ? instance.uid : null,
    originalStart: isRecurring ? sameFormatAsStart(instance.recurrenceId) : null,
    sequence: fields.sequence,
    etag: null,
    updatedAt: fields.updatedAt,
  };
}

function componentFields(component: ICAL.Component): ComponentFields {
  const description = text(component, 'description');
  const location = text(component, 'location');
  return {
    title: text(component, 'summary') ?? '',
    description,
    location,
    conferenceUrl: findConferenceUrl(structuredConferenceUrl(component), location, description),
    status: status(component),
    transparency: transparency(component),
    organizer: organizer(component),
    attendees: allProperties(component, 'attendee')
      .map((property) => attendee(component, property))
      .filter(isPresent),
    sequence: integer(component, 'sequence'),
    updatedAt: timestamp(component, 'last-modified') ?? timestamp(component, 'dtstamp'),
  };
}

/** Original starts compare with starts across providers, so they use the same instant format. */
function sameFormatAsStart(recurrenceId: string | null): string | null {
  if (!recurrenceId || /^\d{4}-\d{2}-\d{2}$/.test(recurrenceId)) return recurrenceId;
  const time = Date.parse(recurrenceId);
  return Number.isNaN(time) ? recurrenceId : new Date(time).toISOString();
}

// [name, parameters, value type, ...values]
const VALUE_INDEX = 3;

// The value types ical.js turns into objects (ICAL.design: those with a `decorate`); values of
// other types it returns exactly as the jCal array holds them.
const DECORATED_TYPES = new Set([
  'binary',
  'date',
  'date-time',
  'duration',
  'period',
  'recur',
  'utc-offset',
]);

/**
 * What ical.js's getFirstValue() returns, read from the jCal array. Its Component API
 * (getFirstPropertyValue, getAllProperties) wraps each property it is asked for in an
 * ICAL.Property that the component then keeps for as long as the parsed calendar lives: mapping
 * the benchmark file that way grew the heap that survives a full GC by 180 MB (173 to 353 MB).
 */
function firstValue(component: ICAL.Component, property: JcalProperty | null): unknown {
  if (!property || property.length <= VALUE_INDEX) return null;
  if (!DECORATED_TYPES.has(property[2])) return property[VALUE_INDEX];
  return new ICAL.Property(property, component).getFirstValue();
}

function propertyValue(component: ICAL.Component, name: string): unknown {
  return firstValue(component, firstProperty(component, name));
}

function text(component: ICAL.Component, name: string): string | null {
  const value = propertyValue(component, name);
  if (value === null || value === undefined) return null;
  const trimmed = String(value).trim();
  return trimmed === '' ? null : trimmed;
}

function integer(component: ICAL.Component, name: string): number | null {
  const value = Number(propertyValue(component, name));
  return Number.isInteger(value) ? value : null;
}

const UTC_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** LAST-MODIFIED and DTSTAMP are UTC by RFC 5545; anything else goes through ical.js's Time. */
function timestamp(component: ICAL.Component, name: string): string | null {
  const property = firstProperty(component, name);
  const value = property?.[VALUE_INDEX];
  const utc = property?.[2] === 'date-time' && typeof value === 'string' ? utcInstant(value) : null;
  return utc ?? timeValue(firstValue(component, property));
}

/**
 * A valid UTC date-time in the form toJSDate().toISOString() gives it, read from the text;
 * null for anything that needs ical.js's rules (two-digit years, out-of-range fields roll over).
 */
function utcInstant(value: string): string | null {
  const m = UTC_DATE_TIME.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[];
  const valid =
    year! >= 100 &&
    month! >= 1 &&
    day! >= 1 &&
    day! <= daysInMonth(year!, month!) &&
    hour! <= 23 &&
    minute! <= 59 &&
    second! <= 59;
  return valid ? `${value.slice(0, 19)}.000Z` : null;
}

function timeValue(value: unknown): string | null {
  const time = value as ICAL.Time | null;
  if (!time || typeof time.toJSDate !== 'function') return null;
  const date = time.toJSDate();
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Google, Microsoft and RFC 7986 each have their own property for the meeting link. */
function structuredConferenceUrl(component: ICAL.Component): string | null {
  for (const name of [
    'conference',
    'x-google-conference',
    'x-microsoft-skypeteamsmeetingurl',
    'url',
  ]) {
    const value = text(component, name);
    if (value) return value;
  }
  return null;
}

function status(component: ICAL.Component): EventStatus {
  const value = text(component, 'status')?.toUpperCase();
  if (value === 'CANCELLED') return 'cancelled';
  if (value === 'TENTATIVE') return 'tentative';
  return 'confirmed';
}

/**
 * TRANSP, else Outlook's X-MICROSOFT-CDO-BUSYSTATUS, else opaque (RFC 5545's default). Outlook
 * exports free time as BUSYSTATUS:FREE without TRANSP; where it writes both they agree (FREE with
 * TRANSPARENT; BUSY, TENTATIVE, OOF and WORKINGELSEWHERE with OPAQUE), as Graph's showAs: only
 * free is free. Where they disagree, a tool other than Outlook edited the event, and such tools
 * set the standard TRANSP and carry the X- property along untouched: TRANSP is the newer word.
 */
function transparency(component: ICAL.Component): Transparency {
  const transp = text(component, 'transp')?.toUpperCase();
  if (transp === 'TRANSPARENT') return 'transparent';
  if (transp === 'OPAQUE') return 'opaque';
  const busy = text(component, 'x-microsoft-cdo-busystatus')?.toUpperCase();
  return busy === 'FREE' ? 'transparent' : 'opaque';
}

function organizer(component: ICAL.Component): Person | null {
  const property = firstProperty(component, 'organizer');
  if (!property) return null;
  const email = addressOf(component, property);
  return email ? { email, name: parameter(property, 'cn') } : null;
}

function attendee(component: ICAL.Component, property: JcalProperty): Attendee | null {
  const email = addressOf(component, property);
  if (!email) return null;
  const cutype = parameter(property, 'cutype')?.toUpperCase();
  return {
    email,
    name: parameter(property, 'cn'),
    responseStatus: responseStatus(parameter(property, 'partstat')),
    optional: ['OPT-PARTICIPANT', 'NON-PARTICIPANT'].includes(
      parameter(property, 'role')?.toUpperCase() ?? '',
    ),
    resource: cutype === 'RESOURCE' || cutype === 'ROOM',
  };
}

function responseStatus(partstat: string | null): ResponseStatus {
  switch (partstat?.toUpperCase()) {
    case 'ACCEPTED':
      return 'accepted';
    case 'DECLINED':
      return 'declined';
    case 'TENTATIVE':
      return 'tentative';
    default:
      return 'needsAction';
  }
}

function addressOf(component: ICAL.Component, property: JcalProperty): string | null {
  const value = firstValue(component, property);
  if (typeof value !== 'string') return null;
  const email = normaliseEmail(value);
  return email.includes('@') ? email : null;
}

/** A parameter as ical.js's getParameter() gives it (the first of a list), trimmed; or null. */
function parameter(property: JcalProperty, name: string): string | null {
  const value = property[1][name];
  if (Array.isArray(value)) return (value[0] as string | undefined) ?? null;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function isPresent<T>(value: T | null): value is T {
  return value !== null;
}
