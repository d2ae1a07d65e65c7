/**
 * One generated meeting in Google's event JSON as its organiser's calendar has it (the organiser
 * is `self`), and its copy on an attendee's calendar (the organiser is not; copyFor).
 */
import type { DateTime } from 'luxon';
import type { GoogleEventInput } from '../../../emulators/google/types.js';
import { hash, isoOf, meetCode } from './demo-time.js';
import type { DemoPerson } from './northwind-data.js';

export interface MeetingInput {
  id: string;
  title: string;
  start: DateTime;
  minutes: number;
  organizer: DemoPerson;
  internal: DemoPerson[];
  external: {
    email: string;
    name: string;
    response: 'accepted' | 'tentative' | 'needsAction' | 'declined';
  }[];
  location: string | null;
  conference: 'meet' | 'zoom' | null;
  description: string | null;
  past: boolean;
}

export function meeting(input: MeetingInput): GoogleEventInput {
  const end = input.start.plus({ minutes: input.minutes });
  const zoom = `https://northwind.zoom.us/j/${80000000000 + (hash(input.id) % 9999999999)}`;
  return {
    id: input.id,
    summary: input.title,
    ...(input.description || input.conference === 'zoom'
      ? {
          description: [
            input.description,
            input.conference === 'zoom' ? `Join Zoom Meeting: ${zoom}` : null,
          ]
            .filter(Boolean)
            .join('\n\n'),
        }
      : {}),
    ...(input.location ? { location: input.location } : {}),
    start: { dateTime: isoOf(input.start), timeZone: input.organizer.timeZone },
    end: { dateTime: isoOf(end), timeZone: input.organizer.timeZone },
    organizer: { email: input.organizer.email, displayName: input.organizer.name, self: true },
    attendees: [
      {
        email: input.organizer.email,
        displayName: input.organizer.name,
        organizer: true,
        self: true,
        responseStatus: 'accepted',
      },
      ...input.internal.map((p) => ({
        email: p.email,
        displayName: p.name,
        responseStatus: 'accepted' as const,
      })),
      ...input.external.map((p) => ({
        email: p.email,
        displayName: p.name,
        responseStatus:
          input.past && p.response === 'needsAction' ? ('accepted' as const) : p.response,
      })),
    ],
    ...(input.conference === 'meet'
      ? {
          hangoutLink: `https://meet.google.com/${meetCode(input.id)}`,
          conferenceData: {
            conferenceId: meetCode(input.id),
            conferenceSolution: { key: { type: 'hangoutsMeet' }, name: 'Google Meet' },
            entryPoints: [
              { entryPointType: 'video', uri: `https://meet.google.com/${meetCode(input.id)}` },
            ],
          },
        }
      : {}),
  };
}

/**
 * The meeting as it is on `email`'s calendar, an attendee's: Google marks `self` only on that
 * calendar's own entry, so the organiser (someone else) is not `self` there, and only the
 * attendee whose calendar it is is. calintel takes a `self` organiser for the calendar's owner.
 */
export function copyFor(event: GoogleEventInput, email: string): GoogleEventInput {
  const own = (person: { email?: string }) => person.email?.toLowerCase() === email.toLowerCase();
  const { self: _organiserSelf, ...organizer } = event.organizer ?? {};
  return {
    ...event,
    ...(event.organizer
      ? { organizer: own(organizer) ? { ...organizer, self: true } : organizer }
      : {}),
    ...(event.attendees
      ? {
          attendees: event.attendees.map(({ self: _self, ...attendee }) =>
            own(attendee) ? { ...attendee, self: true } : attendee,
          ),
        }
      : {}),
  };
}
