/**
 * The seed: users, their calendars, and events in Google's own JSON (so a generator, or a copy
 * of a real events.list answer, can produce it). Checked with zod so that a bad file is named
 * field by field instead of failing later inside a listing.
 */
import { readFile } from 'node:fs/promises';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { GoogleEventInput, GoogleSeed } from './types.js';

const dateTimeSchema = z
  .object({
    date: z.string().optional(),
    dateTime: z.string().optional(),
    timeZone: z.string().optional(),
  })
  .refine((v) => v.date !== undefined || v.dateTime !== undefined, 'needs date or dateTime');

/** Events are checked for what the emulator relies on; every other field passes through. */
export const eventSchema = z.looseObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,1024}$/)
    .optional(),
  status: z.enum(['confirmed', 'tentative', 'cancelled']).optional(),
  start: dateTimeSchema.optional(),
  end: dateTimeSchema.optional(),
  recurrence: z.array(z.string()).optional(),
  recurringEventId: z.string().optional(),
  originalStartTime: dateTimeSchema.optional(),
});

const calendarSchema = z.object({
  id: z.string().min(1),
  summary: z.string().optional(),
  description: z.string().optional(),
  timeZone: z.string().optional(),
  primary: z.boolean().optional(),
  accessRole: z.enum(['owner', 'writer', 'reader', 'freeBusyReader']).optional(),
  events: z.array(eventSchema).optional(),
});

export const seedSchema = z.object({
  users: z.array(
    z.object({
      email: z.string().min(3),
      name: z.string().optional(),
      calendars: z.array(calendarSchema).optional(),
    }),
  ),
});

/** The seed checked; the message lists every problem with its path. */
export function parseSeed(value: unknown): GoogleSeed {
  const result = seedSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map(
      (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    throw new Error(`invalid Google emulator seed:\n  ${problems.join('\n  ')}`);
  }
  return result.data as GoogleSeed;
}

export async function loadSeedFile(path: string): Promise<GoogleSeed> {
  const text = await readFile(path, 'utf8');
  try {
    return parseSeed(JSON.parse(text));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${path}: ${message}`);
  }
}

/**
 * A small seed for demos and the CLI: two users; Alice's calendar has a customer meeting with a
 * Meet link, an all-day event, and a weekly series with one moved and one cancelled instance.
 */
export function defaultSeed(now: Date): GoogleSeed {
  const zone = 'Europe/Berlin';
  const monday = DateTime.fromJSDate(now, { zone }).startOf('week').plus({ weeks: 1 });
  const at = (days: number, hours: number, minutes = 0) => ({
    dateTime: monday.plus({ days, hours, minutes }).toISO({ suppressMilliseconds: true }) ?? '',
    timeZone: zone,
  });
  const utcBasic = (days: number, hours: number) =>
    monday.plus({ days, hours }).toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
  const events: GoogleEventInput[] = [
    {
      id: 'demoacme0001',
      summary: 'Acme <> Example: pricing review',
      start: at(1, 10),
      end: at(1, 11),
      attendees: [
        { email: 'alice@example.com', organizer: true, self: true, responseStatus: 'accepted' },
        { email: 'jane@acme.test', displayName: 'Jane Doe', responseStatus: 'needsAction' },
      ],
      hangoutLink: 'https://meet.google.com/abc-defg-hij',
      conferenceData: {
        conferenceId: 'abc-defg-hij',
        conferenceSolution: { key: { type: 'hangoutsMeet' }, name: 'Google Meet' },
        entryPoints: [{ entryPointType: 'video', uri: 'https://meet.google.com/abc-defg-hij' }],
      },
    },
    {
      id: 'demooffsite01',
      summary: 'Team offsite',
      start: { date: monday.plus({ days: 3 }).toISODate() ?? '' },
      end: { date: monday.plus({ days: 5 }).toISODate() ?? '' },
      transparency: 'transparent',
    },
    {
      id: 'demoweekly001',
      summary: 'Pipeline review',
      start: at(0, 9),
      end: at(0, 9, 30),
      recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=10'],
    },
    {
      recurringEventId: 'demoweekly001',
      originalStartTime: at(7, 9),
      summary: 'Pipeline review (moved)',
      start: at(8, 14),
      end: at(8, 14, 30),
    },
    {
      id: `demoweekly001_${utcBasic(14, 9)}`,
      recurringEventId: 'demoweekly001',
      originalStartTime: at(14, 9),
      status: 'cancelled',
    },
  ];
  return {
    users: [
      {
        email: 'alice@example.com',
        name: 'Alice Example',
        calendars: [
          {
            id: 'alice@example.com',
            summary: 'Alice Example',
            timeZone: zone,
            primary: true,
            events,
          },
        ],
      },
      { email: 'bob@example.com', name: 'Bob Example' },
    ],
  };
}
