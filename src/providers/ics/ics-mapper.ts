/** Maps expanded iCalendar instances (ical.js components) to the normalised CalendarEvent. */
import type ICAL from 'ical.js';
import { findConferenceUrl } from '../../domain/conferencing.js';
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
type ComponentFields = Omit<
  CalendarEvent,
  | 'providerEventId'
  | 'iCalUid'
  | 'allDay'
  | 'start'
  | 'end'
  | 'startDate'
  | 'endDate'
  | 'timeZone'
  | 'seriesId'
  | 'originalStart'
  | 'etag'
> & { raw: { ical: string } };

// A weekly series yields hundreds of instances of one component: read and serialise it once.
const fieldsCache = new WeakMap<ICAL.Component, ComponentFields>();

export function mapInstance(instance: InstanceToMap, isRecurring: boolean): ProviderEvent {
  const { raw, ...fields } = componentFields(instance.component);
  const event: CalendarEvent = {
    ...fields,
    attendees: fields.attendees.map((a) => ({ ...a })),
    providerEventId: icsEventId(instance.uid, instance.recurrenceId),
    iCalUid: instance.uid,
    allDay: instance.allDay,
    start: instance.start,
    end: instance.end,
    startDate: instance.startDate,
    endDate: instance.endDate,
    timeZone: instance.timeZone,
    seriesId: isRecurring ? instance.uid : null,
    originalStart: isRecurring ? sameFormatAsStart(instance.recurrenceId) : null,
    etag: null,
  };
  return { event, raw };
}

function componentFields(component: ICAL.Component): ComponentFields {
  const cached = fieldsCache.get(component);
  if (cached) return cached;
  const description = text(component, 'description');
  const location = text(component, 'location');
  const fields: ComponentFields = {
    title: text(component, 'summary') ?? '',
    description,
    location,
    conferenceUrl: findConferenceUrl(structuredConferenceUrl(component), location, description),
    status: status(component),
    transparency: transparency(component),
    organizer: organizer(component),
    attendees: component.getAllProperties('attendee').map(attendee).filter(isPresent),
    sequence: integer(component, 'sequence'),
    updatedAt: timestamp(component, 'last-modified') ?? timestamp(component, 'dtstamp'),
    raw: { ical: component.toString() },
  };
  fieldsCache.set(component, fields);
  return fields;
}

/** Original starts compare with starts across providers, so they use the same instant format. */
function sameFormatAsStart(recurrenceId: string | null): string | null {
  if (!recurrenceId || /^\d{4}-\d{2}-\d{2}$/.test(recurrenceId)) return recurrenceId;
  const time = Date.parse(recurrenceId);
  return Number.isNaN(time) ? recurrenceId : new Date(time).toISOString();
}

function text(component: ICAL.Component, name: string): string | null {
  const value = component.getFirstPropertyValue(name);
  if (value === null || value === undefined) return null;
  const trimmed = String(value).trim();
  return trimmed === '' ? null : trimmed;
}

function integer(component: ICAL.Component, name: string): number | null {
  const value = Number(component.getFirstPropertyValue(name));
  return Number.isInteger(value) ? value : null;
}

function timestamp(component: ICAL.Component, name: string): string | null {
  const value = component.getFirstPropertyValue(name) as ICAL.Time | null;
  if (!value || typeof value.toJSDate !== 'function') return null;
  const date = value.toJSDate();
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

/** RFC 5545: TRANSP defaults to OPAQUE. */
function transparency(component: ICAL.Component): Transparency {
  return text(component, 'transp')?.toUpperCase() === 'TRANSPARENT' ? 'transparent' : 'opaque';
}

function organizer(component: ICAL.Component): Person | null {
  const property = component.getFirstProperty('organizer');
  if (!property) return null;
  const email = addressOf(property);
  return email ? { email, name: parameter(property, 'cn') } : null;
}

function attendee(property: ICAL.Property): Attendee | null {
  const email = addressOf(property);
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

function addressOf(property: ICAL.Property): string | null {
  const value = property.getFirstValue();
  if (typeof value !== 'string') return null;
  const email = normaliseEmail(value);
  return email.includes('@') ? email : null;
}

function parameter(property: ICAL.Property, name: string): string | null {
  const value = property.getParameter(name);
  if (Array.isArray(value)) return value[0] ?? null;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function isPresent<T>(value: T | null): value is T {
  return value !== null;
}
