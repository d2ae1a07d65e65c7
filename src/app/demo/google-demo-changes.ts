/**
 * The demo's changes every minute in the Google emulator, so that push notifications and
 * incremental syncs can be watched arriving.
 */
import type { RunningGoogleEmulator } from '../../../emulators/google/index.js';
import type { GoogleEvent } from '../../../emulators/google/types.js';
import type { DemoOrganisation } from './northwind-org.js';

/**
 * A few realistic changes per call: a customer call moved by an hour, a new meeting booked,
 * one cancelled. Deterministic per call number, so a demo run can be replayed. Only meetings the
 * person organises are moved or cancelled (an attendee cannot move a meeting for everyone), and
 * every teammate's copy changes with the organiser's, as Google does.
 */
export function mutator(emulator: RunningGoogleEmulator, org: DemoOrganisation): () => string[] {
  let round = 0;
  return () => {
    round += 1;
    const changes: string[] = [];
    const person = org.people[round % org.people.length];
    if (!person) return changes;
    const upcoming = upcomingOrganisedBy(emulator, person.email);
    const moved = upcoming[round % Math.max(1, upcoming.length)];
    if (moved?.start?.dateTime && moved.end?.dateTime) {
      const to = {
        start: { ...moved.start, dateTime: later(moved.start.dateTime) },
        end: { ...moved.end, dateTime: later(moved.end.dateTime) },
      };
      for (const copy of copiesOf(emulator, person.email, moved)) {
        emulator.state.moveEvent(copy.calendarId, copy.eventId, to);
      }
      changes.push(`${person.email}: moved "${moved.summary ?? ''}" by an hour`);
    }
    const account = org.accounts[(round * 7) % org.accounts.length];
    const contact = account?.contacts[0];
    if (account && contact) {
      const start = new Date(Date.now() + (2 + (round % 5)) * 86_400_000);
      start.setUTCHours(13, 0, 0, 0);
      const created = emulator.state.addEvent(person.email, {
        summary: `Follow-up: next steps with ${account.name}`,
        start: { dateTime: start.toISOString(), timeZone: person.timeZone },
        end: {
          dateTime: new Date(start.getTime() + 1_800_000).toISOString(),
          timeZone: person.timeZone,
        },
        attendees: [
          { email: person.email, self: true, organizer: true, responseStatus: 'accepted' },
          { email: contact.email, displayName: contact.name, responseStatus: 'needsAction' },
        ],
      });
      changes.push(`${person.email}: booked "${created.summary ?? ''}"`);
    }
    const cancelled = upcoming.at(-1 - (round % 3));
    if (cancelled && cancelled.id !== moved?.id) {
      for (const copy of copiesOf(emulator, person.email, cancelled)) {
        emulator.state.cancelEvent(copy.calendarId, copy.eventId);
      }
      changes.push(`${person.email}: cancelled "${cancelled.summary ?? ''}"`);
    }
    return changes;
  };
}

/** The person's own future single meetings, live, that they organise. */
function upcomingOrganisedBy(emulator: RunningGoogleEmulator, email: string): GoogleEvent[] {
  const now = Date.now();
  return emulator.state
    .listTruth(email, { singleEvents: true })
    .filter(
      (e) =>
        e.status !== 'cancelled' &&
        !e.recurringEventId &&
        e.start?.dateTime !== undefined &&
        Date.parse(e.start.dateTime) > now &&
        organiserOf(e) === email.toLowerCase(),
    );
}

/**
 * The organiser's address (or the attendee flagged as organiser): `organizer.self` says the same
 * on the organiser's own copy only (see copyFor), and the address works on any copy.
 */
function organiserOf(event: GoogleEvent): string | undefined {
  const email = event.organizer?.email ?? event.attendees?.find((a) => a.organizer)?.email;
  return email?.toLowerCase();
}

/**
 * Every copy of one meeting in the emulator: the organiser's and those on the calendars of its
 * attendees, found by the iCalUID they share. The emulator changes one calendar at a time, so
 * the demo must touch each copy, or teammates would see one meeting at two times.
 */
function copiesOf(
  emulator: RunningGoogleEmulator,
  organiser: string,
  event: GoogleEvent,
): { calendarId: string; eventId: string }[] {
  const own = { calendarId: organiser, eventId: event.id };
  if (!event.iCalUID) return [own];
  const invited = new Set(
    [organiser, ...(event.attendees ?? []).map((a) => a.email ?? '')].map((e) => e.toLowerCase()),
  );
  const copies: { calendarId: string; eventId: string }[] = [];
  for (const user of emulator.state.users()) {
    if (!invited.has(user.email.toLowerCase())) continue;
    for (const calendar of user.calendars) {
      for (const copy of emulator.state.listTruth(calendar.id)) {
        if (
          copy.iCalUID === event.iCalUID &&
          !copy.recurringEventId &&
          copy.status !== 'cancelled'
        ) {
          copies.push({ calendarId: calendar.id, eventId: copy.id });
        }
      }
    }
  }
  return copies.length > 0 ? copies : [own];
}

function later(dateTime: string): string {
  return new Date(Date.parse(dateTime) + 3_600_000).toISOString();
}
