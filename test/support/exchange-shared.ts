/**
 * The Exchange shared calendar tests' set-up, against the EWS emulator: Bea Boss's mailbox, whose
 * Calendar Alice may read (Reviewer), and Alice's account connected to the app through the API.
 */
import { expect } from 'vitest';
import type { RunningExchangeEmulator } from '../../emulators/exchange/index.js';
import { ALICE, ALICE_PASSWORD } from '../../emulators/exchange/test-kit.js';
import type { CalendarItemInput, MailboxSeed } from '../../emulators/exchange/types.js';
import { taskHandlers } from '../../src/app/tasks.js';
import type { Store } from '../../src/store/store.js';
import { seedNorthwind } from './meetings.js';
import { bearer, buildTestApi, type TestApi } from './test-app.js';

export const BOSS = 'boss@contoso.test';
const BASE = '/api/v1/calendar';

/** Bea Boss's mailbox holding `items`, its Calendar shared with Alice as Reviewer. */
export function bossMailbox(items: CalendarItemInput[]): MailboxSeed {
  return {
    email: BOSS,
    name: 'Bea Boss',
    password: 'Boss-Secret-1',
    items,
    delegates: [{ email: ALICE, level: 'reviewer' }],
  };
}

export interface AliceConnected {
  api: TestApi;
  token: string;
  scope: { orgId: string; userId: string };
  connectionId: string;
}

/**
 * The app on the emulator with its queue running on `clock`, Northwind's user, and her Exchange
 * connection as Alice (basic sign-in), its first sync done. `beforeConnecting` runs once the user
 * exists (the CRM put, say).
 */
export async function connectAliceExchange(
  store: Store,
  emulator: RunningExchangeEmulator,
  clock: () => Date,
  beforeConnecting: (api: TestApi, token: string) => Promise<unknown> = async () => undefined,
): Promise<AliceConnected> {
  const api = await buildTestApi(
    store,
    { EXCHANGE_SERVER_URL: emulator.ewsUrl, EXCHANGE_VERSION: 'Exchange2013_SP1' },
    clock,
  );
  api.app.queue.start(taskHandlers(api.app, clock));
  const { token, ...scope } = await seedNorthwind(store);
  await beforeConnecting(api, token);
  const connected = await api.server.inject({
    method: 'POST',
    url: `${BASE}/providers/exchange/connect/`,
    headers: bearer(token),
    payload: { email: ALICE, username: 'alice', password: ALICE_PASSWORD, authType: 'basic' },
  });
  expect(connected.statusCode, connected.body).toBe(201);
  const connectionId = (connected.json() as { id: string }).id;
  await api.app.queue.drain();
  return { api, token, scope, connectionId };
}

/** The shared calendars of an Exchange connection, in the API. */
export function sharedCalendarsPath(connectionId: string): string {
  return `${BASE}/providers/exchange/connections/${connectionId}/shared-calendars/`;
}

/** Adds `email`'s Calendar to the connection through the API; its calendar id once synced. */
export async function addSharedCalendar(connected: AliceConnected, email: string): Promise<string> {
  const { api, token, connectionId } = connected;
  const added = await api.server.inject({
    method: 'POST',
    url: sharedCalendarsPath(connectionId),
    headers: bearer(token),
    payload: { email },
  });
  expect(added.statusCode, added.body).toBe(201);
  await api.app.queue.drain();
  return (added.json() as { calendarId: string }).calendarId;
}
