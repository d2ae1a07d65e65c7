/**
 * Runs the real SyncEngine with the CalDAV provider on a SQLite store, for one CalDAV calendar:
 * what the service does for a connected calendar, without the API and the queue around it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreSyncAdapter } from '../../src/app/sync-store-adapter.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import { CaldavClient } from '../../src/providers/caldav/caldav-client.js';
import { CaldavProvider } from '../../src/providers/caldav/caldav-provider.js';
import type { CalendarProvider, SyncPage } from '../../src/providers/provider.js';
import { Store } from '../../src/store/store.js';
import type { Scope } from '../../src/store/store.js';
import { SyncEngine, type SyncCalendarOptions } from '../../src/sync/sync-engine.js';
import type { SyncOutcome } from '../../src/sync/sync-store.js';
import { TEST_SECRET_KEY } from '../support/databases.js';

/** The engine's clock: the tests' events are placed around it. */
export const NOW = new Date('2026-03-01T12:00:00.000Z');

export interface HarnessOptions {
  serverUrl: string;
  username: string;
  password: string;
  calendarUrl: string;
  /** Options of the provider (small pages and multigets exercise paging). */
  pageSize?: number;
  multigetSize?: number;
}

export interface CaldavHarness {
  store: Store;
  scope: Scope;
  calendarId: string;
  provider: CaldavProvider;
  /** Modes of the pages of each run, in order (one list per run). */
  runs: SyncPage['mode'][][];
  sync(options?: SyncCalendarOptions): Promise<SyncOutcome>;
  /** The stored events of the calendar, by provider event id. */
  events(): Promise<CalendarEvent[]>;
  cursor(): Promise<string | null>;
  close(): Promise<void>;
}

let counter = 0;

export async function openHarness(options: HarnessOptions): Promise<CaldavHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'calintel-caldav-'));
  const store = await Store.open({
    url: `sqlite:${join(dir, 'store.db')}`,
    secretKey: TEST_SECRET_KEY,
  });
  counter += 1;
  const org = await store.organisations.create({
    name: `caldav ${counter}`,
    internalDomains: ['acme.test'],
  });
  const user = await store.users.create(org.id, { email: `rep${counter}@acme.test`, name: 'Rep' });
  const scope = { orgId: org.id, userId: user.id };
  const connection = await store.connections.create(scope, {
    provider: 'caldav',
    label: 'CalDAV',
    secrets: { username: options.username, password: options.password },
    settings: { serverUrl: options.serverUrl },
  });
  const calendar = await store.calendars.upsert(scope, connection.id, {
    providerCalendarId: options.calendarUrl,
    name: 'Work',
    timeZone: 'Europe/Paris',
    isPrimary: true,
  });
  if (!calendar) throw new Error('the calendar was not created');
  const provider = new CaldavProvider(new CaldavClient({ timeoutMs: 5_000 }), {
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    ...(options.multigetSize ? { multigetSize: options.multigetSize } : {}),
  });
  const runs: SyncPage['mode'][][] = [];
  const engine = new SyncEngine({
    store: new StoreSyncAdapter(store),
    providers: new Map<string, CalendarProvider>([['caldav', recording(provider, runs)]]),
    clock: () => NOW,
    window: { pastDays: 30, futureDays: 90 },
    schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
  });
  return {
    store,
    scope,
    calendarId: calendar.id,
    provider,
    runs,
    sync: (syncOptions = {}) => engine.syncCalendar(scope, calendar.id, syncOptions),
    async events() {
      const page = await store.events.list(scope, { calendarId: calendar.id, limit: 5000 });
      return page.items
        .map((item) => item.event)
        .sort((a, b) => (a.providerEventId < b.providerEventId ? -1 : 1));
    },
    async cursor() {
      return (await store.syncStatus.get(scope, calendar.id))?.cursor ?? null;
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The provider, noting the mode of every page it hands out. */
function recording(provider: CaldavProvider, runs: SyncPage['mode'][][]): CalendarProvider {
  return {
    kind: provider.kind,
    listCalendars: (connection) => provider.listCalendars(connection),
    async *fetchChanges(request) {
      const modes: SyncPage['mode'][] = [];
      runs.push(modes);
      for await (const page of provider.fetchChanges(request)) {
        modes.push(page.mode);
        yield page;
      }
    },
  };
}

// iCalendar builders -----------------------------------------------------------------------------

export interface VeventSpec {
  uid: string;
  summary: string;
  /** UTC basic form: 20260304T150000Z, or a date 20260304 for all-day. */
  start: string;
  end: string;
  rrule?: string;
  exdates?: string[];
  recurrenceId?: string;
  attendees?: string[];
  sequence?: number;
}

export function vevent(spec: VeventSpec): string {
  const dateValue = (name: string, value: string) =>
    value.length === 8 ? `${name};VALUE=DATE:${value}` : `${name}:${value}`;
  return [
    'BEGIN:VEVENT',
    `UID:${spec.uid}`,
    'DTSTAMP:20260101T000000Z',
    ...(spec.recurrenceId ? [dateValue('RECURRENCE-ID', spec.recurrenceId)] : []),
    dateValue('DTSTART', spec.start),
    dateValue('DTEND', spec.end),
    `SUMMARY:${spec.summary}`,
    ...(spec.rrule ? [`RRULE:${spec.rrule}`] : []),
    ...(spec.exdates ?? []).map((value) => dateValue('EXDATE', value)),
    ...(spec.attendees ?? []).map((email) => `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${email}`),
    `SEQUENCE:${spec.sequence ?? 0}`,
    'END:VEVENT',
  ].join('\r\n');
}

export function vcalendar(...vevents: string[]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//tests//EN',
    ...vevents,
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
