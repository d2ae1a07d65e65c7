/**
 * What the dashboard's browser tests run against: the real service on SQLite, listening on a
 * port, with its jobs running, the Google emulator (consent by form, as a person sees it) and a
 * sales rep whose calendar holds a discovery call, a weekly series and two meetings that clash.
 */
import { startGoogleEmulator, type RunningGoogleEmulator } from '../../emulators/google/index.js';
import type { GoogleAttendee, GoogleSeed } from '../../emulators/google/types.js';
import {
  fetchTrusting,
  startMicrosoftEmulator,
  type RunningMicrosoftEmulator,
} from '../../emulators/microsoft/index.js';
import { taskHandlers } from '../../src/app/tasks.js';
import { findDashboardDist } from '../../src/app/web-auth/dashboard-files.js';
import type { Scope } from '../../src/store/scope.js';
import { openTestStore } from '../support/databases.js';
import { freePort } from '../support/ports.js';
import { buildTestApi, type TestApi } from '../support/test-app.js';
import { googleEmulatorEnv } from '../support/google-env.js';

export const REP = 'dana@northwind.io';
export const REP_PASSWORD = 'dashboard test password';
const DAY_MS = 86_400_000;

/** Midnight UTC today, and times relative to it: the dashboard shows "this week" by default. */
const today = Date.UTC(
  new Date().getUTCFullYear(),
  new Date().getUTCMonth(),
  new Date().getUTCDate(),
);
export const at = (days: number, hour: number, minute = 0) =>
  new Date(today + days * DAY_MS + hour * 3_600_000 + minute * 60_000).toISOString();
export const dayOf = (days: number) => new Date(today + days * DAY_MS).toISOString().slice(0, 10);

const rep: GoogleAttendee = { email: REP, self: true, organizer: true, responseStatus: 'accepted' };
const guest = (email: string): GoogleAttendee => ({ email, responseStatus: 'accepted' });

function seed(): GoogleSeed {
  return {
    users: [
      {
        email: REP,
        name: 'Dana Reyes',
        calendars: [
          {
            id: REP,
            summary: 'Dana Reyes',
            timeZone: 'UTC',
            primary: true,
            events: [
              {
                id: 'discovery1',
                summary: 'Discovery call: Acme',
                description: 'Intro call to understand their pipeline reporting needs.',
                start: { dateTime: at(1, 9), timeZone: 'UTC' },
                end: { dateTime: at(1, 10), timeZone: 'UTC' },
                attendees: [rep, guest('jdoe@acme.com')],
                hangoutLink: 'https://meet.google.com/abc-defg-hij',
              },
              {
                id: 'acmeweekly',
                summary: 'Acme weekly sync',
                description: 'Weekly deal review with the Acme buying team.',
                start: { dateTime: at(-42, 14), timeZone: 'UTC' },
                end: { dateTime: at(-42, 15), timeZone: 'UTC' },
                recurrence: ['RRULE:FREQ=WEEKLY;COUNT=9'],
                attendees: [rep, guest('jdoe@acme.com'), guest('cfo@acme.com')],
                hangoutLink: 'https://meet.google.com/wkl-acme-abc',
              },
              {
                id: 'globexdemo',
                summary: 'Product demo for Globex',
                description: 'Live demo of the forecasting dashboard.',
                start: { dateTime: at(2, 10), timeZone: 'UTC' },
                end: { dateTime: at(2, 11), timeZone: 'UTC' },
                attendees: [rep, guest('buyer@globex.com')],
                hangoutLink: 'https://meet.google.com/glx-demo-xyz',
              },
              {
                id: 'initechpricing',
                summary: 'Initech pricing negotiation',
                description: 'Contract terms and discount.',
                start: { dateTime: at(2, 10, 30), timeZone: 'UTC' },
                end: { dateTime: at(2, 11, 30), timeZone: 'UTC' },
                attendees: [rep, guest('procurement@initech.com')],
                hangoutLink: 'https://meet.google.com/ini-tech-neg',
              },
            ],
          },
        ],
      },
    ],
  };
}

/** The rep's Outlook mailbox: one customer call, in Graph's terms. */
const outlookUtc = (days: number, hour: number) => ({
  dateTime: `${at(days, hour).slice(0, 19)}.0000000`,
  timeZone: 'UTC',
});

export interface DashboardEnv {
  /** The service's address, `http://127.0.0.1:PORT`. */
  base: string;
  api: TestApi;
  emulator: RunningGoogleEmulator;
  outlook: RunningMicrosoftEmulator;
  rep: Scope;
  close(): Promise<void>;
}

export async function startDashboardEnv(): Promise<DashboardEnv> {
  if (!findDashboardDist())
    throw new Error('the dashboard is not built (web/dist): run `npm run build` first');
  const { context, cleanup } = await openTestStore('sqlite');
  const emulator = await startGoogleEmulator({
    seed: seed(),
    consent: 'form',
    pushRetryDelaysMs: [20, 40],
  });
  const outlook = await startMicrosoftEmulator({
    consent: 'form',
    seed: {
      users: [
        {
          email: REP,
          name: 'Dana Reyes',
          calendars: [
            {
              id: 'AAMkOutlookCalendar',
              name: 'Calendar',
              isDefaultCalendar: true,
              events: [
                {
                  id: 'AAMkUmbrella',
                  subject: 'Umbrella Corp pipeline review',
                  start: outlookUtc(1, 15),
                  end: outlookUtc(1, 16),
                  attendees: [
                    {
                      emailAddress: { name: 'Ada Wong', address: 'ada@umbrella.example' },
                      type: 'required',
                      status: { response: 'accepted', time: '0001-01-01T00:00:00Z' },
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
    settings: { notificationRetryDelaysMs: [20, 40], deliveryTimeoutMs: 2_000 },
  });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = await buildTestApi(
    context.store,
    {
      ...googleEmulatorEnv(emulator),
      CALINTEL_PUBLIC_URL: base,
      API_RATE_LIMIT_PER_MINUTE: '100000',
      LIVE_POLL_MS: '300',
      MICROSOFT_CLIENT_ID: outlook.clientId,
      MICROSOFT_CLIENT_SECRET: outlook.clientSecret,
      MICROSOFT_AUTHORITY_URL: outlook.url,
      MICROSOFT_GRAPH_API_URL: outlook.url,
    },
    () => new Date(),
    // The service trusts the emulator's certificate as a deployment would its CA.
    { microsoftFetch: fetchTrusting(outlook.ca) },
  );
  await api.server.listen({ port, host: '127.0.0.1' });
  api.app.queue.start(taskHandlers(api.app));
  const created = await api.app.admin.createUser({
    email: REP,
    orgName: 'Northwind',
    name: 'Dana Reyes',
    timeZone: 'UTC',
    internalDomains: ['northwind.io'],
  });
  const rep = { orgId: created.organisation.id, userId: created.user.id };
  await api.app.webAuth.setPassword(rep, REP_PASSWORD);
  await api.app.crm.upsertAccounts(rep, [
    { externalId: 'acc-acme', name: 'Acme Corp', domains: ['acme.com'], stage: 'demo' },
    { externalId: 'acc-globex', name: 'Globex', domains: ['globex.com'], stage: 'qualification' },
    { externalId: 'acc-initech', name: 'Initech', domains: ['initech.com'], stage: 'negotiation' },
  ]);
  await api.app.crm.upsertContacts(rep, [
    {
      externalId: 'con-1',
      email: 'jdoe@acme.com',
      name: 'Jane Doe',
      accountExternalId: 'acc-acme',
    },
    {
      externalId: 'con-2',
      email: 'cfo@acme.com',
      name: 'Sam Lee',
      title: 'CFO',
      accountExternalId: 'acc-acme',
    },
  ]);
  return {
    base,
    api,
    emulator,
    outlook,
    rep,
    close: async () => {
      await outlook.state.deliveriesSettled();
      await api.close();
      await emulator.close();
      await outlook.close();
      await cleanup();
    },
  };
}
