/**
 * Some of Northwind's people live in Outlook: their calendars, generated in Google's shape with
 * everyone else's, are given to the Microsoft emulator in Graph's shape instead. Weekly and daily
 * series keep their recurrence (as Graph patterns); a moved or cancelled instance of a series is
 * not carried over (Graph would need its occurrence id), so an Outlook series is regular.
 */
import { DateTime } from 'luxon';
import type {
  GoogleAttendee,
  GoogleEventDateTime,
  GoogleEventInput,
  GoogleSeed,
} from '../../../emulators/google/types.js';
import type {
  GraphAttendee,
  GraphEventInput,
  GraphRecurrence,
  GraphResponse,
  GraphSeed,
} from '../../../emulators/microsoft/types.js';

const RESPONSES: Record<string, GraphResponse> = {
  accepted: 'accepted',
  declined: 'declined',
  tentative: 'tentativelyAccepted',
  needsAction: 'none',
};

const WEEKDAYS: Record<string, string> = {
  MO: 'monday',
  TU: 'tuesday',
  WE: 'wednesday',
  TH: 'thursday',
  FR: 'friday',
  SA: 'saturday',
  SU: 'sunday',
};

/** Splits the generated seed: these people's calendars go to Outlook, the rest stay on Google. */
export function splitSeed(
  seed: GoogleSeed,
  outlookPeople: ReadonlySet<string>,
): { google: GoogleSeed; graph: GraphSeed } {
  const users = seed.users;
  return {
    google: { ...seed, users: users.filter((u) => !outlookPeople.has(u.email)) },
    graph: {
      users: users
        .filter((u) => outlookPeople.has(u.email))
        .map((u) => ({
          email: u.email,
          ...(u.name ? { name: u.name } : {}),
          calendars: [
            {
              name: 'Calendar',
              isDefaultCalendar: true,
              events: (u.calendars?.[0]?.events ?? []).flatMap((e) => toGraphEvent(e, u.email)),
            },
          ],
        })),
    },
  };
}

function toGraphEvent(event: GoogleEventInput, owner: string): GraphEventInput[] {
  // Instances of a series (moved or cancelled) would need Graph's occurrence ids: left out.
  if (event.recurringEventId || !event.start || !event.end) return [];
  const allDay = event.start.date !== undefined;
  const conference =
    event.hangoutLink ??
    event.conferenceData?.entryPoints?.find((p) => p.entryPointType === 'video')?.uri;
  const organizer = event.organizer?.email ?? owner;
  const recurrence = event.recurrence ? toPattern(event.recurrence[0] ?? '', event.start) : null;
  return [
    {
      ...(event.id ? { id: event.id } : {}),
      subject: event.summary ?? '',
      ...(event.description ? { body: { contentType: 'text', content: event.description } } : {}),
      ...(event.location ? { location: { displayName: event.location } } : {}),
      start: graphTime(event.start, allDay),
      end: graphTime(event.end, allDay),
      isAllDay: allDay,
      isCancelled: event.status === 'cancelled',
      showAs: event.transparency === 'transparent' ? 'free' : 'busy',
      isOrganizer: organizer.toLowerCase() === owner.toLowerCase(),
      organizer: {
        emailAddress: {
          address: organizer,
          ...(event.organizer?.displayName ? { name: event.organizer.displayName } : {}),
        },
      },
      attendees: (event.attendees ?? []).map(toAttendee),
      ...(conference
        ? {
            isOnlineMeeting: true,
            onlineMeetingProvider: 'teamsForBusiness',
            onlineMeeting: { joinUrl: conference },
          }
        : {}),
      ...(recurrence ? { type: 'seriesMaster' as const, recurrence } : {}),
    },
  ];
}

function graphTime(time: GoogleEventDateTime, allDay: boolean) {
  if (allDay) return { dateTime: `${time.date ?? ''}T00:00:00.0000000`, timeZone: 'UTC' };
  const zone = time.timeZone ?? 'UTC';
  const local = DateTime.fromISO(time.dateTime ?? '', { setZone: true }).setZone(zone);
  return { dateTime: local.toFormat("yyyy-LL-dd'T'HH:mm:ss.SSS'0000'"), timeZone: zone };
}

function toAttendee(attendee: GoogleAttendee): GraphAttendee {
  return {
    emailAddress: {
      address: attendee.email ?? '',
      ...(attendee.displayName ? { name: attendee.displayName } : {}),
    },
    type: attendee.resource ? 'resource' : attendee.optional ? 'optional' : 'required',
    status: { response: RESPONSES[attendee.responseStatus ?? 'needsAction'] ?? 'none' },
  };
}

/** A daily or weekly RRULE as a Graph pattern and range; anything else stays a single event. */
function toPattern(rule: string, start: GoogleEventDateTime): GraphRecurrence | null {
  const parts = new Map(
    rule
      .replace(/^RRULE:/, '')
      .split(';')
      .map((p) => p.split('=') as [string, string]),
  );
  const freq = parts.get('FREQ');
  if (freq !== 'WEEKLY' && freq !== 'DAILY') return null;
  const first = DateTime.fromISO(start.dateTime ?? start.date ?? '', { setZone: true }).setZone(
    start.timeZone ?? 'UTC',
  );
  const days = (parts.get('BYDAY') ?? first.toFormat('ccc').slice(0, 2).toUpperCase())
    .split(',')
    .map((d) => WEEKDAYS[d] ?? 'monday');
  const count = parts.get('COUNT');
  return {
    pattern: {
      type: freq === 'DAILY' ? 'daily' : 'weekly',
      interval: Number(parts.get('INTERVAL') ?? 1),
      ...(freq === 'WEEKLY' ? { daysOfWeek: days, firstDayOfWeek: 'monday' } : {}),
    },
    range: {
      startDate: first.toISODate() ?? '',
      ...(count
        ? { type: 'numbered' as const, numberOfOccurrences: Number(count) }
        : { type: 'noEnd' as const }),
      recurrenceTimeZone: start.timeZone ?? 'UTC',
    },
  };
}
