/**
 * The seed: mailboxes with credentials and calendar items (types.ts). Checked with zod so that a
 * bad file is named field by field instead of failing later inside a response.
 */
import { readFile } from 'node:fs/promises';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { CalendarItemInput, ExchangeSeed } from './types.js';

const RESPONSE_TYPES = [
  'Unknown',
  'Organizer',
  'Tentative',
  'Accept',
  'Decline',
  'NoResponseReceived',
] as const;
const FREE_BUSY = ['Free', 'Tentative', 'Busy', 'OOF', 'WorkingElsewhere', 'NoData'] as const;
const PATTERNS = [
  'Daily',
  'Weekly',
  'AbsoluteMonthly',
  'RelativeMonthly',
  'AbsoluteYearly',
  'RelativeYearly',
] as const;

const person = z.object({ email: z.string().min(3), name: z.string().optional() });
const attendee = person.extend({
  response: z.enum(RESPONSE_TYPES).optional(),
  lastResponseTime: z.string().optional(),
});

/** A modified occurrence (types.ts ModifiedOccurrence); people not given follow the master. */
export const occurrenceSchema = z.object({
  originalStart: z.string(),
  start: z.string(),
  end: z.string(),
  subject: z.string().optional(),
  location: z.string().optional(),
  requiredAttendees: z.array(attendee).optional(),
  optionalAttendees: z.array(attendee).optional(),
  resources: z.array(attendee).optional(),
  myResponseType: z.enum(RESPONSE_TYPES).optional(),
});

export const recurrenceSchema = z.object({
  pattern: z.object({
    type: z.enum(PATTERNS),
    interval: z.number().int().min(1).optional(),
    daysOfWeek: z.array(z.string()).optional(),
    dayOfWeekIndex: z.enum(['First', 'Second', 'Third', 'Fourth', 'Last']).optional(),
    dayOfMonth: z.number().int().min(1).max(31).optional(),
    month: z.string().optional(),
    firstDayOfWeek: z.string().optional(),
  }),
  range: z.object({
    type: z.enum(['NoEnd', 'EndDate', 'Numbered']),
    startDate: z.string().optional(),
    endDate: z.string().optional(),
    numberOfOccurrences: z.number().int().min(1).optional(),
  }),
});

export const itemSchema = z.object({
  id: z.string().min(1).optional(),
  folderId: z.string().min(1).optional(),
  subject: z.string().optional(),
  body: z.string().optional(),
  location: z.string().optional(),
  start: z.string(),
  end: z.string(),
  timeZone: z.string().optional(),
  timeZoneId: z.string().min(1).optional(),
  isAllDay: z.boolean().optional(),
  uid: z.string().optional(),
  organizer: person.optional(),
  requiredAttendees: z.array(attendee).optional(),
  optionalAttendees: z.array(attendee).optional(),
  resources: z.array(attendee).optional(),
  myResponseType: z.enum(RESPONSE_TYPES).optional(),
  legacyFreeBusyStatus: z.enum(FREE_BUSY).optional(),
  isCancelled: z.boolean().optional(),
  recurrence: recurrenceSchema.optional(),
  modifiedOccurrences: z.array(occurrenceSchema).optional(),
  deletedOccurrences: z.array(z.string()).optional(),
});

/** A calendar folder to make (types.ts CalendarFolderInput). */
export const folderSchema = z.object({
  id: z.string().min(1).optional(),
  displayName: z.string().min(1),
  parent: z.string().min(1).optional(),
  folderClass: z.string().min(1).optional(),
});

/** A permission on a mailbox's Calendar (types.ts DelegateGrant). */
export const delegateSchema = z.object({
  email: z.string().min(3),
  level: z.enum(['reviewer', 'freeBusy']),
});

export const seedSchema = z.object({
  mailboxes: z.array(
    z.object({
      email: z.string().min(3),
      name: z.string().optional(),
      username: z.string().optional(),
      password: z.string(),
      domain: z.string().optional(),
      tokens: z.array(z.string()).optional(),
      timeZone: z.string().optional(),
      folders: z.array(folderSchema).optional(),
      items: z.array(itemSchema).optional(),
      delegates: z.array(delegateSchema).optional(),
    }),
  ),
});

export function parseSeed(value: unknown): ExchangeSeed {
  const result = seedSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map(
      (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    throw new Error(`invalid Exchange emulator seed:\n  ${problems.join('\n  ')}`);
  }
  return result.data as ExchangeSeed;
}

export async function loadSeedFile(path: string): Promise<ExchangeSeed> {
  const text = await readFile(path, 'utf8');
  try {
    return parseSeed(JSON.parse(text));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${path}: ${message}`);
  }
}

/** A bearer token shaped like a JWT (ews-javascript-api refuses others unless told not to). */
export function bearerTokenFor(email: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return [
    part({ alg: 'none', typ: 'JWT' }),
    part({ aud: 'https://outlook.office365.com', upn: email, scp: 'EWS.AccessAsUser.All' }),
    'emulator',
  ].join('.');
}

/**
 * A small seed for demos and the CLI: Dana (password `Passw0rd!`, CONTOSO\dana) with a customer
 * meeting, an all-day event and a weekly series with one moved and one deleted occurrence; Erik
 * with an empty calendar.
 */
export function defaultSeed(now: Date): ExchangeSeed {
  const zone = 'Europe/Berlin';
  const monday = DateTime.fromJSDate(now, { zone }).startOf('week').plus({ weeks: 1 });
  const at = (days: number, hours: number, minutes = 0) =>
    monday.plus({ days, hours, minutes }).toUTC().toISO({ suppressMilliseconds: true }) ?? '';
  const items: CalendarItemInput[] = [
    {
      id: 'AAMkDemoPricing',
      subject: 'Fabrikam <> Contoso: pricing review',
      location: 'Teams',
      start: at(1, 10),
      end: at(1, 11),
      requiredAttendees: [
        { email: 'dana@contoso.test', name: 'Dana Scully', response: 'Organizer' },
        { email: 'jane@fabrikam.test', name: 'Jane Doe', response: 'Tentative' },
      ],
    },
    {
      id: 'AAMkDemoOffsite',
      subject: 'Team offsite',
      start: at(3, 0),
      end: at(5, 0),
      isAllDay: true,
      legacyFreeBusyStatus: 'OOF',
    },
    {
      id: 'AAMkDemoWeekly',
      subject: 'Pipeline review',
      start: at(0, 9),
      end: at(0, 9, 30),
      recurrence: {
        pattern: { type: 'Weekly', interval: 1, daysOfWeek: ['Monday'] },
        range: { type: 'Numbered', numberOfOccurrences: 10 },
      },
      modifiedOccurrences: [{ originalStart: at(7, 9), start: at(8, 14), end: at(8, 14, 30) }],
      deletedOccurrences: [at(14, 9)],
    },
  ];
  return {
    mailboxes: [
      {
        email: 'dana@contoso.test',
        name: 'Dana Scully',
        username: 'dana',
        domain: 'CONTOSO',
        password: 'Passw0rd!',
        tokens: [bearerTokenFor('dana@contoso.test')],
        timeZone: 'W. Europe Standard Time',
        items,
      },
      {
        email: 'erik@contoso.test',
        name: 'Erik Lehnsherr',
        username: 'erik',
        password: 'Passw0rd!',
        tokens: [bearerTokenFor('erik@contoso.test')],
      },
    ],
  };
}
