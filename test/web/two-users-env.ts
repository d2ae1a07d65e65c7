/**
 * A lighter service for the browser tests that need two people rather than providers: the real
 * service on SQLite, listening on a port with its jobs running, and two users of two
 * organisations whose calendars are imported as files. Ana works in New York and has an all-day
 * workshop with Acme; Ben works in London and has a call with Globex.
 */
import { taskHandlers } from '../../src/app/tasks.js';
import { findDashboardDist } from '../../src/app/web-auth/dashboard-files.js';
import type { Scope } from '../../src/store/scope.js';
import { openTestStore } from '../support/databases.js';
import { importCalendar } from '../support/meetings.js';
import { freePort } from '../support/ports.js';
import { buildTestApi, type TestApi } from '../support/test-app.js';
import { at, dayOf } from './dashboard-env.js';

export const PASSWORD = 'two users test password';
export const ANA = 'ana@northwind.io';
export const BEN = 'ben@initrode.io';
export const WORKSHOP = 'Acme pricing negotiation workshop';
export const GLOBEX_CALL = 'Globex pricing negotiation';

export interface TwoUsersEnv {
  base: string;
  api: TestApi;
  ana: Scope;
  ben: Scope;
  close(): Promise<void>;
}

const icsDay = (days: number) => dayOf(days).replaceAll('-', '');
const icsTime = (days: number, hour: number) => at(days, hour).replace(/[-:]|\.\d+/g, '');

function calendar(events: string[][]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//web test//EN',
    ...events.flat(),
    'END:VCALENDAR',
  ].join('\r\n');
}

function event(uid: string, title: string, when: string[], people: string[]): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    ...when,
    `SUMMARY:${title}`,
    ...people.map((email, i) =>
      i === 0 ? `ORGANIZER:mailto:${email}` : `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${email}`,
    ),
    'END:VEVENT',
  ];
}

/** A user of a new organisation, with a password, the CRM account and the calendar given. */
async function addUser(
  api: TestApi,
  user: { email: string; timeZone: string; domain: string },
  account: { name: string; domain: string },
  ics: string,
): Promise<Scope> {
  const { store } = api.app;
  const org = await store.organisations.create({
    name: `${user.domain} ${Math.random().toString(36).slice(2)}`,
    internalDomains: [user.domain],
  });
  const created = await store.users.create(org.id, {
    email: user.email,
    name: null,
    timeZone: user.timeZone,
  });
  const scope = { orgId: org.id, userId: created.id };
  await api.app.webAuth.setPassword(scope, PASSWORD);
  await api.app.crm.upsertAccounts(scope, [
    { externalId: `acc-${account.domain}`, name: account.name, domains: [account.domain] },
  ]);
  const { token } = await store.apiTokens.create(scope, 'web test');
  // The token only imports the calendar: the browser signs in with the password.
  await importCalendar(api.server, token, ics);
  return scope;
}

export async function startTwoUsersEnv(): Promise<TwoUsersEnv> {
  if (!findDashboardDist())
    throw new Error('the dashboard is not built (web/dist): run `npm run build` first');
  const { context, cleanup } = await openTestStore('sqlite');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = await buildTestApi(
    context.store,
    { CALINTEL_PUBLIC_URL: base, API_RATE_LIMIT_PER_MINUTE: '100000', LIVE_POLL_MS: '300' },
    () => new Date(),
  );
  await api.server.listen({ port, host: '127.0.0.1' });
  api.app.queue.start(taskHandlers(api.app));
  // Written without a zone, as many calendars write all-day events: stored at UTC midnight,
  // which is the evening before in New York.
  const ana = await addUser(
    api,
    { email: ANA, timeZone: 'America/New_York', domain: 'northwind.io' },
    { name: 'Acme Corp', domain: 'acme.com' },
    calendar([
      event(
        'workshop@web.test',
        WORKSHOP,
        [`DTSTART;VALUE=DATE:${icsDay(2)}`, `DTEND;VALUE=DATE:${icsDay(3)}`],
        [ANA, 'jdoe@acme.com'],
      ),
    ]),
  );
  const ben = await addUser(
    api,
    { email: BEN, timeZone: 'Europe/London', domain: 'initrode.io' },
    { name: 'Globex', domain: 'globex.com' },
    calendar([
      event(
        'globex@web.test',
        GLOBEX_CALL,
        [`DTSTART:${icsTime(1, 15)}`, `DTEND:${icsTime(1, 16)}`],
        [BEN, 'buyer@globex.com'],
      ),
    ]),
  );
  await api.app.queue.drain();
  return {
    base,
    api,
    ana,
    ben,
    close: async () => {
      await api.close();
      await cleanup();
    },
  };
}
