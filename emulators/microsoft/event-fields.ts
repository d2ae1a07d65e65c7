/** Completing, patching and presenting Graph events. */
import { newChangeKey, newICalUId } from './ids.js';
import { datePart, graphInstant, ianaZone, inZone } from './graph-times.js';
import { invalidRequest } from './errors.js';
import type { EventType, GraphEmailAddress, GraphEvent, GraphEventInput } from './types.js';

export interface CompleteContext {
  id: string;
  type: EventType;
  nowMs: number;
  owner: GraphEmailAddress;
  /** The series' uid, for an exception. */
  seriesUid?: string;
}

export const copy = <T>(value: T): T => structuredClone(value);

/**
 * The owner's own response when the input does not give it: organizer for their own meetings, else
 * the answer their attendee entry gives, else notResponded. An input may set it apart from the
 * entry: on an invitee's copy the owner's entry often says none while responseStatus says declined.
 */
function defaultResponse(
  input: GraphEventInput,
  owner: GraphEmailAddress,
  isOrganizer: boolean,
): NonNullable<GraphEvent['responseStatus']> {
  const never = '0001-01-01T00:00:00Z';
  if (isOrganizer) return { response: 'organizer', time: never };
  const address = (owner.address ?? '').toLowerCase();
  const own = (input.attendees ?? []).find(
    (a) => (a.emailAddress?.address ?? '').toLowerCase() === address,
  )?.status;
  return own?.response && own.response !== 'none'
    ? { response: own.response, time: own.time ?? never }
    : { response: 'notResponded', time: never };
}

/** A seeded or added event with every field Graph always sends filled in. */
export function completeEvent(input: GraphEventInput, ctx: CompleteContext): GraphEvent {
  if (!input.start?.dateTime || !input.end?.dateTime)
    throw invalidRequest('An event needs start and end ({dateTime, timeZone}).');
  const organizer = input.organizer ?? { emailAddress: { ...ctx.owner } };
  const isOrganizer =
    (organizer.emailAddress.address ?? '').toLowerCase() ===
    (ctx.owner.address ?? '').toLowerCase();
  const changeKey = newChangeKey();
  const body = input.body ?? { contentType: 'html' as const, content: '' };
  const event: GraphEvent = {
    subject: '',
    bodyPreview: plainText(body.content ?? '').slice(0, 255),
    importance: 'normal',
    sensitivity: 'normal',
    categories: [],
    hasAttachments: false,
    reminderMinutesBeforeStart: 15,
    isReminderOn: true,
    isAllDay: false,
    isCancelled: false,
    isDraft: false,
    responseRequested: true,
    allowNewTimeProposals: true,
    hideAttendees: false,
    showAs: 'busy',
    transactionId: null,
    originalStartTimeZone: input.start.timeZone,
    originalEndTimeZone: input.end.timeZone,
    responseStatus: defaultResponse(input, ctx.owner, isOrganizer),
    attendees: [],
    location: { displayName: '', locationType: 'default', uniqueIdType: 'unknown' },
    locations: [],
    isOnlineMeeting: false,
    onlineMeetingProvider: 'unknown',
    onlineMeeting: null,
    onlineMeetingUrl: null,
    recurrence: null,
    seriesMasterId: null,
    ...copy(input),
    body,
    organizer,
    isOrganizer,
    id: ctx.id,
    type: ctx.type,
    iCalUId: input.iCalUId ?? ctx.seriesUid ?? newICalUId(),
    createdDateTime: input.createdDateTime ?? graphInstant(ctx.nowMs),
    lastModifiedDateTime: graphInstant(ctx.nowMs),
    changeKey,
    '@odata.etag': `W/"${changeKey}"`,
  };
  if (event.location?.displayName && !event.locations?.length) event.locations = [event.location];
  return event;
}

/** A merge patch (null removes); every change is a new change key, as Exchange stamps one. */
export function patchEvent(
  event: GraphEvent,
  patch: Record<string, unknown>,
  nowMs: number,
): GraphEvent {
  const next: Record<string, unknown> = { ...copy(event) };
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'id' || key === 'type' || key === 'seriesMasterId') continue;
    if (value === null) next[key] = null;
    else next[key] = copy(value);
  }
  const result = next as GraphEvent;
  if (patch.body && typeof patch.body === 'object')
    result.bodyPreview = plainText(
      String((patch.body as { content?: unknown }).content ?? ''),
    ).slice(0, 255);
  if (patch.start) result.originalStartTimeZone = result.start.timeZone;
  if (patch.end) result.originalEndTimeZone = result.end.timeZone;
  return restamp(result, nowMs);
}

export function restamp(event: GraphEvent, nowMs: number): GraphEvent {
  const changeKey = newChangeKey();
  return {
    ...event,
    changeKey,
    '@odata.etag': `W/"${changeKey}"`,
    lastModifiedDateTime: graphInstant(nowMs),
  };
}

function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The zone a client asked for with `Prefer: outlook.timezone`, resolved; default UTC. */
export interface ResponseZone {
  iana: string;
  name: string;
}

export const UTC_ZONE: ResponseZone = { iana: 'UTC', name: 'UTC' };

export function responseZone(name: string | undefined): ResponseZone {
  if (!name) return UTC_ZONE;
  const iana = ianaZone(name);
  return iana ? { iana, name } : UTC_ZONE;
}

/**
 * An instance as sent: start and end in the asked zone. All-day events run midnight to midnight
 * of their dates whatever the zone (they float), as Graph shows them.
 */
export function present(
  event: GraphEvent,
  span: { startMs: number; endMs: number },
  zone: ResponseZone,
): GraphEvent {
  const out: GraphEvent = { '@odata.type': '#microsoft.graph.event', ...copy(event) };
  if (event.isAllDay) {
    out.start = { dateTime: `${datePart(event.start)}T00:00:00.0000000`, timeZone: zone.name };
    out.end = { dateTime: `${datePart(event.end)}T00:00:00.0000000`, timeZone: zone.name };
  } else {
    out.start = inZone(span.startMs, zone);
    out.end = inZone(span.endMs, zone);
  }
  return out;
}
