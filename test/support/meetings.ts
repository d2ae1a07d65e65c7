/** Builders for meeting-intelligence tests: a sales calendar as ICS, and an organisation's CRM. */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../src/store/store.js';
import { bearer } from './test-app.js';

export const CRM_BASE = '/api/v1/crm';
export const CALENDAR_BASE = '/api/v1/calendar';

export interface SalesFeedOptions {
  /** Title of the single Acme meeting (default "Acme discovery call"); null leaves it out. */
  singleTitle?: string | null;
  /** Its external attendee (default jdoe@acme.com). */
  singleAttendee?: string;
  /** The single meeting's day, `YYYY-MM-DD` (default 2026-03-10); the series start after it. */
  day?: string;
  /** The check-in series' second instance is cancelled (an override with STATUS:CANCELLED). */
  cancelSecondCheckIn?: boolean;
}

/** `YYYYMMDD` of the day `offset` days after `day`. */
function icsDay(day: string, offset: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + offset * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
}

/**
 * One single meeting with Acme, a weekly check-in series with Acme (3 instances) and an internal
 * weekly pipeline review (2 instances), in March 2026 (inside the test clock's sync window).
 */
export function salesFeed(options: SalesFeedOptions = {}): string {
  const day = options.day ?? '2026-03-10';
  const title = options.singleTitle === undefined ? 'Acme discovery call' : options.singleTitle;
  const single =
    title === null
      ? []
      : [
          'BEGIN:VEVENT',
          'UID:single@sales.test',
          'DTSTAMP:20260101T000000Z',
          `DTSTART:${icsDay(day, 0)}T150000Z`,
          `DTEND:${icsDay(day, 0)}T160000Z`,
          `SUMMARY:${title}`,
          'ORGANIZER;CN=Ana:mailto:ana@northwind.io',
          `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${options.singleAttendee ?? 'jdoe@acme.com'}`,
          'LOCATION:https://acme.zoom.us/j/123456789',
          'END:VEVENT',
        ];
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//test//EN',
    ...single,
    'BEGIN:VEVENT',
    'UID:checkin@sales.test',
    'DTSTAMP:20260101T000000Z',
    `DTSTART:${icsDay(day, 1)}T140000Z`,
    `DTEND:${icsDay(day, 1)}T143000Z`,
    'RRULE:FREQ=WEEKLY;COUNT=3',
    'SUMMARY:Acme weekly check-in',
    'ORGANIZER;CN=Ana:mailto:ana@northwind.io',
    'ATTENDEE;PARTSTAT=ACCEPTED:mailto:cfo@acme.com',
    'END:VEVENT',
    ...(options.cancelSecondCheckIn
      ? [
          'BEGIN:VEVENT',
          'UID:checkin@sales.test',
          'DTSTAMP:20260101T000000Z',
          `RECURRENCE-ID:${icsDay(day, 8)}T140000Z`,
          `DTSTART:${icsDay(day, 8)}T140000Z`,
          `DTEND:${icsDay(day, 8)}T143000Z`,
          'STATUS:CANCELLED',
          'SUMMARY:Acme weekly check-in',
          'ORGANIZER;CN=Ana:mailto:ana@northwind.io',
          'ATTENDEE;PARTSTAT=ACCEPTED:mailto:cfo@acme.com',
          'END:VEVENT',
        ]
      : []),
    'BEGIN:VEVENT',
    'UID:pipeline@sales.test',
    'DTSTAMP:20260101T000000Z',
    `DTSTART:${icsDay(day, 2)}T090000Z`,
    `DTEND:${icsDay(day, 2)}T093000Z`,
    'RRULE:FREQ=WEEKLY;COUNT=2',
    'SUMMARY:Pipeline review',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/** An organisation (internal domain northwind.io) with ana@northwind.io and her API token. */
export async function seedNorthwind(
  store: Store,
  label = 'Northwind',
): Promise<{ orgId: string; userId: string; token: string }> {
  const org = await store.organisations.create({
    name: `${label} ${Math.random().toString(36).slice(2)}`,
    internalDomains: ['northwind.io'],
  });
  const user = await store.users.create(org.id, { email: 'ana@northwind.io', name: 'Ana' });
  const scope = { orgId: org.id, userId: user.id };
  const token = (await store.apiTokens.create(scope, 'test')).token;
  return { ...scope, token };
}

/** A calendar API call as `token`'s user, with `payload` as its JSON body if there is one. */
export function callCalendarApi(
  server: FastifyInstance,
  token: string,
  method: 'GET' | 'POST',
  path: string,
  payload?: object,
) {
  return server.inject({
    method,
    url: `${CALENDAR_BASE}${path}`,
    headers: bearer(token),
    ...(payload ? { payload } : {}),
  });
}

/** `PUT /crm/<kind>/` (accounts, leads, contacts) with `payload` as it is; the answer is unchecked. */
export function putCrm(server: FastifyInstance, token: string, kind: string, payload: object) {
  return server.inject({
    method: 'PUT',
    url: `${CRM_BASE}/${kind}/`,
    headers: bearer(token),
    payload,
  });
}

/** Every CRM record the organisation has, as the store lists it. */
export async function storedCrm(store: Store, orgId: string) {
  return {
    accounts: await store.crm.listAccounts({ orgId }),
    leads: await store.crm.listLeads({ orgId }),
    contacts: await store.crm.listContacts({ orgId }),
  };
}

/** Acme (CRM id acc-1, acme.com) with two contacts, through the CRM API. */
export async function putAcmeCrm(server: FastifyInstance, token: string): Promise<string> {
  const accounts = await server.inject({
    method: 'PUT',
    url: `${CRM_BASE}/accounts/`,
    headers: bearer(token),
    payload: {
      accounts: [{ externalId: 'acc-1', name: 'Acme Corp', domains: ['acme.com'], stage: 'demo' }],
    },
  });
  if (accounts.statusCode !== 200) throw new Error(`accounts: ${accounts.body}`);
  const contacts = await server.inject({
    method: 'PUT',
    url: `${CRM_BASE}/contacts/`,
    headers: bearer(token),
    payload: {
      contacts: [
        {
          externalId: 'con-1',
          email: 'jdoe@acme.com',
          name: 'Jane Doe',
          accountExternalId: 'acc-1',
        },
        {
          externalId: 'con-2',
          email: 'cfo@acme.com',
          name: 'Sam Lee',
          accountExternalId: 'acc-1',
          title: 'CFO',
        },
      ],
    },
  });
  if (contacts.statusCode !== 200) throw new Error(`contacts: ${contacts.body}`);
  return (accounts.json() as { items: { id: string }[] }).items[0]!.id;
}

/** Imports the file as calendar `label` (again into the same calendar for the same label), which syncs it at once. */
export async function importCalendar(
  server: FastifyInstance,
  token: string,
  ics: string,
  label = 'Work',
): Promise<void> {
  const response = await server.inject({
    method: 'POST',
    url: `${CALENDAR_BASE}/providers/ics/connect/?label=${encodeURIComponent(label)}`,
    headers: { ...bearer(token), 'content-type': 'text/calendar' },
    payload: ics,
  });
  if (response.statusCode !== 201) throw new Error(`import: ${response.body}`);
}
