/**
 * The seed: one tenant's users, their calendars, and events in Graph's own JSON (so a generator,
 * or a copy of a real calendarView answer, can produce it). Checked with zod so that a bad file
 * is named field by field instead of failing later inside a delta round.
 */
import { readFile } from 'node:fs/promises';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { GraphEventInput, GraphSeed } from './types.js';

const dateTimeZone = z.object({ dateTime: z.string().min(10), timeZone: z.string().min(1) });

/** Events are checked for what the emulator relies on; every other field passes through. */
export const eventSchema = z.looseObject({
  id: z.string().min(1).optional(),
  start: dateTimeZone,
  end: dateTimeZone,
  isAllDay: z.boolean().optional(),
  isCancelled: z.boolean().optional(),
  seriesMasterId: z.string().optional(),
  originalStart: z.string().optional(),
  recurrence: z
    .object({
      pattern: z.looseObject({
        type: z.enum([
          'daily',
          'weekly',
          'absoluteMonthly',
          'relativeMonthly',
          'absoluteYearly',
          'relativeYearly',
        ]),
      }),
      range: z.looseObject({ type: z.enum(['endDate', 'noEnd', 'numbered']) }),
    })
    .nullable()
    .optional(),
});

const calendarSchema = z.object({
  id: z.string().min(1).optional(),
  name: z.string().optional(),
  isDefaultCalendar: z.boolean().optional(),
  sharedBy: z.object({ name: z.string().optional(), address: z.string().min(3) }).optional(),
  canEdit: z.boolean().optional(),
  events: z.array(eventSchema).optional(),
});

export const seedSchema = z.object({
  tenantId: z.string().optional(),
  users: z.array(
    z.object({
      email: z.string().min(3),
      userPrincipalName: z.string().min(3).optional(),
      name: z.string().optional(),
      id: z.string().optional(),
      calendars: z.array(calendarSchema).optional(),
    }),
  ),
});

export function parseSeed(value: unknown): GraphSeed {
  const result = seedSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map(
      (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    throw new Error(`invalid Microsoft emulator seed:\n  ${problems.join('\n  ')}`);
  }
  return result.data as GraphSeed;
}

export async function loadSeedFile(path: string): Promise<GraphSeed> {
  const text = await readFile(path, 'utf8');
  try {
    return parseSeed(JSON.parse(text));
  } catch (error) {
    throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * A small seed for demos and the CLI: Carol's calendar has a customer meeting with a Teams link,
 * an all-day event, and a weekly series with one moved occurrence; Dave has an empty calendar.
 */
export function defaultSeed(now: Date): GraphSeed {
  const zone = 'W. Europe Standard Time';
  const monday = DateTime.fromJSDate(now, { zone: 'Europe/Berlin' })
    .startOf('week')
    .plus({ weeks: 1 });
  const at = (days: number, hours: number, minutes = 0) => ({
    dateTime: monday.plus({ days, hours, minutes }).toFormat("yyyy-MM-dd'T'HH:mm:ss.'0000000'"),
    timeZone: zone,
  });
  const date = (days: number) => ({
    dateTime: `${monday.plus({ days }).toISODate() ?? ''}T00:00:00.0000000`,
    timeZone: zone,
  });
  const events: GraphEventInput[] = [
    {
      id: 'AAMkDemoContosoPricing',
      subject: 'Contoso <> Fabrikam: pricing review',
      start: at(1, 10),
      end: at(1, 11),
      attendees: [
        {
          emailAddress: { name: 'Megan Bowen', address: 'megan@contoso.test' },
          type: 'required',
          status: { response: 'tentativelyAccepted', time: '2026-01-10T09:00:00Z' },
        },
      ],
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      onlineMeeting: {
        joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_demo%40thread.v2/0',
      },
    },
    {
      id: 'AAMkDemoOffsite',
      subject: 'Team offsite',
      isAllDay: true,
      showAs: 'free',
      start: date(3),
      end: date(5),
    },
    {
      id: 'AAMkDemoWeekly',
      subject: 'Pipeline review',
      start: at(0, 9),
      end: at(0, 9, 30),
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'], firstDayOfWeek: 'monday' },
        range: {
          type: 'numbered',
          numberOfOccurrences: 10,
          recurrenceTimeZone: zone,
          startDate: monday.toISODate() ?? '',
        },
      },
    },
    {
      seriesMasterId: 'AAMkDemoWeekly',
      originalStart:
        monday.plus({ days: 7, hours: 9 }).toUTC().toISO({ suppressMilliseconds: true }) ?? '',
      subject: 'Pipeline review (moved)',
      start: at(8, 14),
      end: at(8, 14, 30),
    },
  ];
  return {
    users: [
      {
        email: 'carol@fabrikam.test',
        name: 'Carol Example',
        calendars: [{ name: 'Calendar', isDefaultCalendar: true, events }],
      },
      { email: 'dave@fabrikam.test', name: 'Dave Example' },
    ],
  };
}
