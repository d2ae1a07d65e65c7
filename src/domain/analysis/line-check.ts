/**
 * A hand-written check of a contract line that accepts exactly what event-line.ts's zod schema
 * accepts: every line that passes it would pass the schema, with the same data. It says nothing
 * about why a line fails; the caller then asks the schema, so that the error stays the schema's.
 * (`safeParse` cost about six times `JSON.parse` per line; this check is a few property reads.)
 * line-check.test.ts compares the two on generated and mutated lines.
 */
import type { EventLine } from './line-schema.js';
import { isLineTime } from './line-times.js';

const RESPONSES: ReadonlySet<unknown> = new Set([
  'accepted',
  'declined',
  'tentative',
  'needsAction',
]);
const STATUSES: ReadonlySet<unknown> = new Set(['confirmed', 'tentative', 'cancelled']);
const TRANSPARENCIES: ReadonlySet<unknown> = new Set(['opaque', 'transparent']);

type Fields = Record<string, unknown>;

/** Whether the parsed JSON object is a valid line, by the schema's rules. */
export function isEventLine(json: Fields): json is Fields & EventLine {
  return (
    isNonEmptyString(json['id']) &&
    typeof json['title'] === 'string' &&
    isTime(json['start']) &&
    isTime(json['end']) &&
    isNullishString(json['description']) &&
    isNullishString(json['timeZone']) &&
    isNullishBoolean(json['allDay']) &&
    isNullishString(json['location']) &&
    (json['organizer'] == null || isPerson(json['organizer'])) &&
    (json['attendees'] == null || areAttendees(json['attendees'])) &&
    isNullishOneOf(json['status'], STATUSES) &&
    isNullishOneOf(json['transparency'], TRANSPARENCIES) &&
    isNullishString(json['seriesId']) &&
    isNullishString(json['calendarOwner'])
  );
}

function areAttendees(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const attendee of value as unknown[]) {
    if (!isPerson(attendee)) return false;
    if (!isNullishOneOf(attendee['responseStatus'], RESPONSES)) return false;
    if (!isNullishBoolean(attendee['optional']) || !isNullishBoolean(attendee['resource']))
      return false;
  }
  return true;
}

function isPerson(value: unknown): value is Fields {
  return isObject(value) && isNonEmptyString(value['email']) && isNullishString(value['name']);
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTime(value: unknown): boolean {
  return typeof value === 'string' && isLineTime(value);
}

function isNonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

function isNullishString(value: unknown): boolean {
  return value == null || typeof value === 'string';
}

function isNullishBoolean(value: unknown): boolean {
  return value == null || typeof value === 'boolean';
}

function isNullishOneOf(value: unknown, allowed: ReadonlySet<unknown>): boolean {
  return value == null || allowed.has(value);
}
