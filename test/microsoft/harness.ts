/**
 * Runs the real SyncEngine with the Microsoft provider on a SQLite store, for one mailbox of the
 * emulator: sign-in through MSAL's code flow with PKCE (the provider's own client), the tokens
 * stored as the service stores them, and the calendars synced as a connected user's would be.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CryptoProvider } from '@azure/msal-node';
import { fetchTrusting, type RunningMicrosoftEmulator } from '../../emulators/microsoft/index.js';
import { StoreSyncAdapter } from '../../src/app/sync-store-adapter.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import { MicrosoftClient } from '../../src/providers/microsoft/microsoft-client.js';
import { MicrosoftProvider } from '../../src/providers/microsoft/microsoft-provider.js';
import { tokensToSecrets } from '../../src/providers/microsoft/microsoft-tokens.js';
import type {
  CalendarProvider,
  ProviderConnection,
  SyncPage,
} from '../../src/providers/provider.js';
import { Store, type Scope } from '../../src/store/store.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import type { SyncOutcome } from '../../src/sync/sync-store.js';
import { TEST_SECRET_KEY } from '../support/databases.js';

export const REDIRECT_URI = 'https://calintel.test/api/calendar/callback/outlook/';

/** The engine's clock: the window runs from 2026-02-22 to 2026-04-30. */
export const ENGINE_NOW = new Date('2026-03-01T12:00:00.000Z');

export function clientFor(emulator: RunningMicrosoftEmulator, maxRetries = 0): MicrosoftClient {
  return new MicrosoftClient({
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    redirectUri: REDIRECT_URI,
    authorityUrl: emulator.url,
    tenantId: 'common',
    graphApiUrl: emulator.url,
    fetch: fetchTrusting(emulator.ca),
    maxRetries,
  });
}

/** The connect flow without a browser: authorize URL, the emulator's redirect, code exchange. */
export async function signIn(
  client: MicrosoftClient,
  emulator: RunningMicrosoftEmulator,
  options: { user: string; writeAccess?: boolean },
) {
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const url = await client.authorizationUrl({
    state: 'state-1',
    codeChallenge: challenge,
    loginHint: options.user,
    writeAccess: options.writeAccess === true,
  });
  const answer = await fetchTrusting(emulator.ca)(url, { redirect: 'manual' });
  if (answer.status !== 302) throw new Error(`authorize answered ${answer.status}`);
  const location = new URL(answer.headers.get('location') ?? '');
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`no code in ${location.toString()}`);
  return {
    authorizationUrl: new URL(url),
    ...(await client.exchangeCode({
      code,
      codeVerifier: verifier,
      writeAccess: options.writeAccess === true,
    })),
  };
}

export interface MicrosoftHarness {
  store: Store;
  scope: Scope;
  provider: MicrosoftProvider;
  /** The calendar ids in the store, by provider calendar id. */
  calendars: Map<string, string>;
  /** Modes of the pages of each run, in order (one list per run). */
  runs: SyncPage['mode'][][];
  connection(): Promise<ProviderConnection>;
  sync(providerCalendarId: string): Promise<SyncOutcome>;
  events(providerCalendarId: string): Promise<CalendarEvent[]>;
  cursor(providerCalendarId: string): Promise<string | null>;
  close(): Promise<void>;
}

let counter = 0;

export async function openHarness(
  emulator: RunningMicrosoftEmulator,
  options: { user: string; writeAccess?: boolean; pageSize?: number },
): Promise<MicrosoftHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'calintel-microsoft-'));
  const store = await Store.open({
    url: `sqlite:${join(dir, 'store.db')}`,
    secretKey: TEST_SECRET_KEY,
  });
  counter += 1;
  const org = await store.organisations.create({
    name: `microsoft ${counter}`,
    internalDomains: ['contoso.test'],
  });
  const user = await store.users.create(org.id, { email: options.user, name: 'Rep' });
  const scope = { orgId: org.id, userId: user.id };
  const provider = new MicrosoftProvider(clientFor(emulator), { pageSize: options.pageSize ?? 2 });
  const { tokens } = await signIn(provider.client, emulator, options);
  const stored = await store.connections.create(scope, {
    provider: 'microsoft',
    label: 'Outlook',
    secrets: tokensToSecrets(tokens),
    settings: {},
  });
  const calendars = new Map<string, string>();
  const probe: ProviderConnection = {
    id: stored.id,
    secrets: tokensToSecrets(tokens),
    settings: {},
  };
  for (const remote of await provider.listCalendars(probe)) {
    const calendar = await store.calendars.upsert(scope, stored.id, remote);
    if (calendar) calendars.set(remote.providerCalendarId, calendar.id);
  }
  // The connection as the engine loads it: decrypted secrets and a saveSecrets that stores.
  const engineConnection = async (): Promise<ProviderConnection> => {
    const target = await new StoreSyncAdapter(store).loadTarget(
      scope,
      [...calendars.values()][0] ?? '',
    );
    if (!target) throw new Error('no calendar');
    return target.connection;
  };
  const runs: SyncPage['mode'][][] = [];
  const engine = new SyncEngine({
    store: new StoreSyncAdapter(store),
    providers: new Map<string, CalendarProvider>([['microsoft', recording(provider, runs)]]),
    clock: () => ENGINE_NOW,
    window: { pastDays: 7, futureDays: 60 },
    schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
  });
  const calendarId = (providerCalendarId: string) => {
    const id = calendars.get(providerCalendarId);
    if (!id) throw new Error(`calendar ${providerCalendarId} was not listed`);
    return id;
  };
  return {
    store,
    scope,
    provider,
    calendars,
    runs,
    connection: engineConnection,
    sync: (providerCalendarId) => engine.syncCalendar(scope, calendarId(providerCalendarId)),
    async events(providerCalendarId) {
      const page = await store.events.list(scope, {
        calendarId: calendarId(providerCalendarId),
        limit: 5000,
      });
      return page.items
        .map((item) => item.event)
        .sort((a, b) =>
          a.start < b.start
            ? -1
            : a.start > b.start
              ? 1
              : a.providerEventId < b.providerEventId
                ? -1
                : 1,
        );
    },
    async cursor(providerCalendarId) {
      return (await store.syncStatus.get(scope, calendarId(providerCalendarId)))?.cursor ?? null;
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The provider, noting the mode of every page it hands out. */
function recording(provider: MicrosoftProvider, runs: SyncPage['mode'][][]): CalendarProvider {
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
