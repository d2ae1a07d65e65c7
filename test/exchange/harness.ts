/**
 * Runs the real SyncEngine with the Exchange provider on a SQLite store, for one mailbox of the
 * emulator: what the service does for a connected Exchange user, without the API and the queue.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningExchangeEmulator } from '../../emulators/exchange/index.js';
import { ALICE } from '../../emulators/exchange/test-kit.js';
import { StoreSyncAdapter } from '../../src/app/sync-store-adapter.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import { ExchangeClient } from '../../src/providers/exchange/exchange-client.js';
import { ExchangeProvider } from '../../src/providers/exchange/exchange-provider.js';
import type {
  CalendarProvider,
  ProviderConnection,
  SyncPage,
} from '../../src/providers/provider.js';
import { Store, type Scope } from '../../src/store/store.js';
import { SyncEngine, type SyncCalendarOptions } from '../../src/sync/sync-engine.js';
import type { SyncOutcome } from '../../src/sync/sync-store.js';
import { TEST_SECRET_KEY } from '../support/databases.js';

/** The engine's clock: the window runs from 2026-02-22 to 2026-04-30. */
export const ENGINE_NOW = new Date('2026-03-01T12:00:00.000Z');
export const WINDOW = { pastDays: 7, futureDays: 60 };

export interface ExchangeHarness {
  store: Store;
  scope: Scope;
  provider: ExchangeProvider;
  calendarId: string;
  connection: ProviderConnection;
  /** Modes of the pages of each run, in order (one list per run). */
  runs: SyncPage['mode'][][];
  sync(options?: SyncCalendarOptions): Promise<SyncOutcome>;
  events(): Promise<CalendarEvent[]>;
  cursor(): Promise<string | null>;
  close(): Promise<void>;
}

let counter = 0;

export async function openHarness(
  emulator: RunningExchangeEmulator,
  options: {
    secrets: Record<string, string>;
    maxChangesReturned?: number;
    /** Events per commit (see SyncEngineDeps); 1 commits every batch, for cut-short runs. */
    joinPagesUpTo?: number;
    /** The engine's clock (ENGINE_NOW unless told), read at every run: a test may move it. */
    clock?: () => Date;
    /** Called with each page the provider hands out, before the engine sees it. */
    onProviderPage?: (page: SyncPage) => void;
  },
): Promise<ExchangeHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'calintel-exchange-'));
  const store = await Store.open({
    url: `sqlite:${join(dir, 'store.db')}`,
    secretKey: TEST_SECRET_KEY,
  });
  counter += 1;
  const org = await store.organisations.create({
    name: `exchange ${counter}`,
    internalDomains: ['contoso.test'],
  });
  const user = await store.users.create(org.id, { email: 'alice@contoso.test', name: 'Alice' });
  const scope = { orgId: org.id, userId: user.id };
  const provider = new ExchangeProvider(new ExchangeClient({ ca: emulator.ca }), {
    maxChangesReturned: options.maxChangesReturned ?? 512,
  });
  // As exchange.service.ts stores it: the mailbox's address beside the server.
  const settings = { serverUrl: emulator.ewsUrl, version: 'Exchange2013_SP1', email: ALICE };
  const stored = await store.connections.create(scope, {
    provider: 'exchange',
    label: 'Exchange',
    secrets: options.secrets,
    settings,
  });
  const connection: ProviderConnection = { id: stored.id, secrets: options.secrets, settings };
  const [remote] = await provider.listCalendars(connection);
  const calendar = await store.calendars.upsert(scope, stored.id, remote!);
  if (!calendar) throw new Error('calendar not stored');
  const runs: SyncPage['mode'][][] = [];
  const engine = new SyncEngine({
    store: new StoreSyncAdapter(store),
    providers: new Map<string, CalendarProvider>([
      ['exchange', recording(provider, runs, options.onProviderPage)],
    ]),
    clock: options.clock ?? (() => ENGINE_NOW),
    window: WINDOW,
    schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
    ...(options.joinPagesUpTo ? { joinPagesUpTo: options.joinPagesUpTo } : {}),
  });
  return {
    store,
    scope,
    provider,
    calendarId: calendar.id,
    connection,
    runs,
    sync: (syncOptions) => engine.syncCalendar(scope, calendar.id, syncOptions),
    async events() {
      const page = await store.events.list(scope, { calendarId: calendar.id, limit: 5000 });
      return page.items
        .map((item) => item.event)
        .sort((a, b) => compare(a.start, b.start) || compare(a.providerEventId, b.providerEventId));
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

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The provider, noting the mode of every page it hands out. */
function recording(
  provider: ExchangeProvider,
  runs: SyncPage['mode'][][],
  onPage?: (page: SyncPage) => void,
): CalendarProvider {
  return {
    kind: provider.kind,
    snapshotsList: provider.snapshotsList,
    listCalendars: (connection) => provider.listCalendars(connection),
    async *fetchChanges(request) {
      const modes: SyncPage['mode'][] = [];
      runs.push(modes);
      for await (const page of provider.fetchChanges(request)) {
        modes.push(page.mode);
        onPage?.(page);
        yield page;
      }
    },
  };
}
