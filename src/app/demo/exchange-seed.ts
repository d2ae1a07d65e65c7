/**
 * One of Northwind's people is on the company's Exchange server: their generated calendar,
 * made in Google's shape with everyone else's, is given to the EWS emulator as a mailbox.
 * Weekly and daily series keep their recurrence; a moved or cancelled instance of a series is
 * left out (the series stays regular), as for Outlook.
 */
import { DateTime } from 'luxon';
import type {
  Attendee,
  CalendarItemInput,
  ExchangeSeed,
  Recurrence,
  ResponseType,
} from '../../../emulators/exchange/types.js';
import type {
  GoogleAttendee,
  GoogleEventDateTime,
  GoogleEventInput,
  GoogleSeed,
} from '../../../emulators/google/types.js';

const RESPONSES: Record<string, ResponseType> = {
  accepted: 'Accept',
  declined: 'Decline',
  tentative: 'Tentative',
  needsAction: 'NoResponseReceived',
};

const WEEKDAYS: Record<string, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};

/** The mailbox of `email`, with the password the demo connects with. */
export function exchangeSeedFor(seed: GoogleSeed, email: string, password: string): ExchangeSeed {
  const user = seed.users.find((u) => u.email === email);
  const events = user?.calendars?.[0]?.events ?? [];
  return {
    mailboxes: [
      {
        email,
        ...(user?.name ? { name: user.name } : {}),
        username: email.split('@')[0] ?? email,
        password,
        items: events.flatMap((e) => toItem(e, email)),
      },
    ],
  };
}

function toItem(event: GoogleEventInput, owner: string): CalendarItemInput[] {
  if (event.recurringEventId || !event.start || !event.end) return [];
  const allDay = event.start.date !== undefined;
  const attendees = (event.attendees ?? []).filter((a) => !a.resource);
  // Rooms go in Resources, as Exchange keeps them.
  const resources = (event.attendees ?? []).filter((a) => a.resource).map(toAttendee);
  const recurrence = event.recurrence ? toRecurrence(event.recurrence[0] ?? '', event.start) : null;
  return [
    {
      ...(event.id ? { id: event.id } : {}),
      subject: event.summary ?? '',
      ...(event.description ? { body: event.description } : {}),
      ...(event.location ? { location: event.location } : {}),
      start: instant(event.start),
      end: instant(event.end),
      isAllDay: allDay,
      organizer: {
        email: event.organizer?.email ?? owner,
        ...(event.organizer?.displayName ? { name: event.organizer.displayName } : {}),
      },
      requiredAttendees: attendees.filter((a) => !a.optional).map(toAttendee),
      optionalAttendees: attendees.filter((a) => a.optional).map(toAttendee),
      ...(resources.length > 0 ? { resources } : {}),
      legacyFreeBusyStatus: event.transparency === 'transparent' ? 'Free' : 'Busy',
      isCancelled: event.status === 'cancelled',
      ...(recurrence ? { recurrence } : {}),
    },
  ];
}

function instant(time: GoogleEventDateTime): string {
  if (time.date) return `${time.date}T00:00:00Z`;
  return (
    DateTime.fromISO(time.dateTime ?? '', { setZone: true })
      .toUTC()
      .toISO() ?? ''
  );
}

function toAttendee(attendee: GoogleAttendee): Attendee {
  return {
    email: attendee.email ?? '',
    ...(attendee.displayName ? { name: attendee.displayName } : {}),
    response: RESPONSES[attendee.responseStatus ?? 'needsAction'] ?? 'NoResponseReceived',
  };
}

/** A daily or weekly RRULE as an EWS pattern and range; anything else stays a single item. */
function toRecurrence(rule: string, start: GoogleEventDateTime): Recurrence | null {
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
    .map((d) => WEEKDAYS[d] ?? 'Monday');
  const count = parts.get('COUNT');
  return {
    pattern: {
      type: freq === 'DAILY' ? 'Daily' : 'Weekly',
      interval: Number(parts.get('INTERVAL') ?? 1),
      ...(freq === 'WEEKLY' ? { daysOfWeek: days, firstDayOfWeek: 'Monday' } : {}),
    },
    range: {
      startDate: first.toISODate() ?? '',
      ...(count
        ? { type: 'Numbered' as const, numberOfOccurrences: Number(count) }
        : { type: 'NoEnd' as const }),
    },
  };
}
