/**
 * Initial delta sync of one large Outlook mailbox from the Graph emulator (issue 7). The emulator
 * runs in a child process of its own (microsoft-emulator.ts); each measurement runs in another,
 * so that peak RSS (VmHWM) is the measurement's alone:
 *   fetch: the baseline, plain `fetch` (over the same certificate-trusting fetch the service is
 *          given) of every page of one calendarView/delta round over the window, with the
 *          headers the provider sends (`Prefer: odata.maxpagesize=500, outlook.timezone="UTC"`),
 *          following nextLinks to the deltaLink, JSON-parsed, not stored
 *   sync:  connect through the service's code flow (MSAL, PKCE), then `app.engine.syncCalendar`
 *          (timed alone) into a fresh SQLite store
 *   node --import tsx bench/microsoft-sync.ts fetch|sync '<EmulatorInfo JSON>'
 * prints one JSON line (SyncRun, the Google benchmark's). `runMicrosoftSync` drives it all from
 * bench/run.ts.
 */
import { fileURLToPath } from 'node:url';
import { CryptoProvider } from '@azure/msal-node';
import { pino } from 'pino';
import { fetchTrusting } from '../emulators/microsoft/index.js';
import { createApp, type App } from '../src/app/app.js';
import { loadConfig } from '../src/config/config.js';
import { MicrosoftClient } from '../src/providers/microsoft/microsoft-client.js';
import type { MicrosoftProvider } from '../src/providers/microsoft/microsoft-provider.js';
import type { CalendarProvider, SyncPage } from '../src/providers/provider.js';
import type { SyncStore } from '../src/sync/sync-store.js';
import {
  benchWindow,
  spawnEmulator,
  WINDOW_DAYS,
  type EmulatorInfo,
} from './microsoft-emulator.js';
import {
  formatRun,
  measureInChild,
  runMeasuringChild,
  type ConnectedApp,
  type ProviderSyncResult,
  type SyncRun,
} from './provider-sync-kit.js';

/** The provider's page size (MicrosoftProvider's default). */
const PAGE_SIZE = 500;
const REDIRECT_URI = 'http://127.0.0.1:9/api/calendar/callback/outlook/';

export type MicrosoftSyncResult = ProviderSyncResult;

/** Seeds an emulator per size and runs `rounds` baseline/sync pairs against it. */
export async function runMicrosoftSync(options: {
  sizes: number[];
  rounds: number;
  onProgress?: (line: string) => void;
}): Promise<MicrosoftSyncResult[]> {
  const results: MicrosoftSyncResult[] = [];
  for (const size of options.sizes) {
    // Nothing listens at the sync child's webhook: the subscription made on connect fails fast.
    const emulator = await spawnEmulator({
      events: size,
      settings: { notificationRetryDelaysMs: [], validationTimeoutMs: 500 },
    });
    try {
      const { close: _close, ...info } = emulator;
      const result: MicrosoftSyncResult = {
        events: info.events,
        seedMs: info.seedMs,
        fetch: [],
        sync: [],
      };
      options.onProgress?.(
        `  ${info.events} events seeded in ${(info.seedMs / 1000).toFixed(1)} s`,
      );
      // One round untimed first, so that every measured one meets a warmed-up emulator.
      measure('fetch', info);
      for (let round = 0; round < options.rounds; round++) {
        result.fetch.push(measure('fetch', info));
        result.sync.push(measure('sync', info));
        options.onProgress?.(
          `  ${info.events} events, round ${round + 1}: fetch ${formatRun(result.fetch.at(-1))}, sync ${formatRun(result.sync.at(-1))}`,
        );
      }
      results.push(result);
    } finally {
      await emulator.close();
    }
  }
  return results;
}

function measure(mode: SyncRun['mode'], info: EmulatorInfo): SyncRun {
  return measureInChild(import.meta.url, 'microsoft-sync', mode, info);
}

// --- the measuring child ------------------------------------------------------------------

/** The baseline's bearer token, through the same code flow (MSAL, PKCE, auto consent). */
async function accessToken(info: EmulatorInfo): Promise<string> {
  const trusting = fetchTrusting(info.ca);
  const client = new MicrosoftClient({
    clientId: info.clientId,
    clientSecret: info.clientSecret,
    redirectUri: REDIRECT_URI,
    authorityUrl: info.url,
    tenantId: 'common',
    graphApiUrl: info.url,
    fetch: trusting,
  });
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const url = await client.authorizationUrl({
    state: 'bench',
    codeChallenge: challenge,
    loginHint: info.user,
  });
  const consent = await trusting(url, { redirect: 'manual' });
  const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code');
  if (!code) throw new Error(`no authorization code (${consent.status})`);
  const { tokens } = await client.exchangeCode({ code, codeVerifier: verifier });
  return tokens.accessToken;
}

/** One delta round over the window, page by page to its deltaLink, as the provider asks. */
async function fetchAll(
  info: EmulatorInfo,
  token: string,
): Promise<{ events: number; pages: number }> {
  const trusting = fetchTrusting(info.ca);
  const window = benchWindow();
  const first = new URL(`${info.url}/v1.0/me/calendarView/delta`);
  first.searchParams.set('startDateTime', window.from.toISOString());
  first.searchParams.set('endDateTime', window.to.toISOString());
  const headers = {
    authorization: `Bearer ${token}`,
    prefer: `odata.maxpagesize=${PAGE_SIZE}, outlook.timezone="UTC", IdType="ImmutableId"`,
  };
  let events = 0;
  let pages = 0;
  let next: string | undefined = first.toString();
  while (next) {
    const response = await trusting(next, { headers });
    if (!response.ok) throw new Error(`delta: ${response.status} ${await response.text()}`);
    const page = JSON.parse(await response.text()) as {
      value?: unknown[];
      '@odata.nextLink'?: string;
    };
    events += page.value?.length ?? 0;
    pages += 1;
    next = page['@odata.nextLink'];
  }
  return { events, pages };
}

/** The service, connected to the emulator's mailbox through the real code flow. */
async function connectedApp(info: EmulatorInfo, dataDir: string): Promise<ConnectedApp> {
  const config = loadConfig({
    CALINTEL_DATA_DIR: dataDir,
    CALINTEL_SECRET_KEY: '0f'.repeat(32),
    LOG_LEVEL: 'silent',
    MICROSOFT_CLIENT_ID: info.clientId,
    MICROSOFT_CLIENT_SECRET: info.clientSecret,
    MICROSOFT_AUTHORITY_URL: info.url,
    MICROSOFT_GRAPH_API_URL: info.url,
    // The window holds the whole generated mailbox (see microsoft-emulator.ts).
    SYNC_WINDOW_PAST_DAYS: String(WINDOW_DAYS),
    SYNC_WINDOW_FUTURE_DAYS: String(WINDOW_DAYS),
    EVENT_RETENTION_DAYS: String(WINDOW_DAYS + 365),
    // Nothing listens here: the subscription made on connect fails its handshake.
    CALINTEL_PUBLIC_URL: 'http://127.0.0.1:9',
  });
  const trusting = fetchTrusting(info.ca);
  const app = await createApp(config, {
    logger: pino({ level: 'silent' }),
    microsoftFetch: trusting,
  });
  const { user, organisation } = await app.admin.createUser({
    email: info.user,
    orgName: 'Bench',
    name: null,
    timeZone: 'Europe/Berlin',
    internalDomains: ['northwind.io'],
  });
  const scope = { orgId: organisation.id, userId: user.id };
  const started = await app.microsoft.startConnect(scope, { loginHint: info.user });
  const consent = await trusting(started.authorizationUrl, { redirect: 'manual' });
  const callback = new URL(consent.headers.get('location') ?? '');
  await app.microsoft.finishConnect({
    state: callback.searchParams.get('state') ?? undefined,
    code: callback.searchParams.get('code') ?? undefined,
  });
  const calendar = (await app.store.calendars.list(scope)).find(
    (c) => c.providerCalendarId === info.calendarId,
  );
  if (!calendar) throw new Error('the connected mailbox has no bench calendar');
  return { app, scope, calendarId: calendar.id };
}

/**
 * Times spent fetching pages (HTTP, TLS and JSON, in the Graph SDK) and committing them (store),
 * measured by wrapping the calls on the running instances; the rest is mapping and the engine.
 * Reaches into private fields: a benchmark aid, skipped if their shape has changed.
 */
function instrument(app: App): () => { fetchMs: number; commitMs: number } | undefined {
  const deps = (
    app.engine as unknown as {
      deps?: { store?: SyncStore; providers?: ReadonlyMap<string, CalendarProvider> };
    }
  ).deps;
  const provider = deps?.providers?.get('microsoft') as MicrosoftProvider | undefined;
  const store = deps?.store;
  if (!provider?.client || !store) return () => undefined;
  const times = { fetchMs: 0, commitMs: 0 };
  const client = provider.client;
  const timedFetch =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const t = performance.now();
      try {
        return await call(...args);
      } finally {
        times.fetchMs += performance.now() - t;
      }
    };
  client.startRound = timedFetch(client.startRound.bind(client));
  client.followLink = timedFetch(client.followLink.bind(client));
  const commitPage = store.commitPage.bind(store);
  store.commitPage = async (target, page: SyncPage, generation) => {
    const t = performance.now();
    try {
      return await commitPage(target, page, generation);
    } finally {
      times.commitMs += performance.now() - t;
    }
  };
  return () => times;
}

async function child(mode: string, info: EmulatorInfo): Promise<SyncRun> {
  return runMeasuringChild(mode, {
    name: 'microsoft-sync',
    expectedEvents: info.events,
    dataDirPrefix: 'calintel-bench-microsoft-',
    prepareFetch: async () => {
      const token = await accessToken(info);
      return () => fetchAll(info, token);
    },
    connect: (dataDir) => connectedApp(info, dataDir),
    instrument,
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [mode = '', infoJson = '{}'] = process.argv.slice(2);
  const run = await child(mode, JSON.parse(infoJson) as EmulatorInfo);
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

// --- the report (bench/run.ts prints it) --------------------------------------------------

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** The Google benchmark's tables, for Outlook: the rates beside the baseline, then the split. */
export function printMicrosoftSync(results: MicrosoftSyncResult[]): void {
  console.log(
    '\n| measurement | events | time | events/s | peak RSS | peak heap | ratio to baseline (time) | speed vs baseline | same, fastest rounds |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const result of results) {
    const fetchMs = median(result.fetch.map((r) => r.ms));
    const fastestFetch = Math.min(...result.fetch.map((r) => r.ms));
    const row = (name: string, runs: SyncRun[]) => {
      const ms = median(runs.map((r) => r.ms));
      // Noise on a shared machine only ever adds time: the fastest rounds are the steadier pair.
      const fastest = Math.min(...runs.map((r) => r.ms));
      console.log(
        `| ${name} | ${result.events} | ${(ms / 1000).toFixed(2)} s | ${Math.round(result.events / (ms / 1000))} | ${median(runs.map((r) => r.peakRssMb)).toFixed(0)} MB | ${median(runs.map((r) => r.peakHeapMb)).toFixed(0)} MB | ${(ms / fetchMs).toFixed(2)}x | ${((100 * fetchMs) / ms).toFixed(0)}% | ${(fastest / fastestFetch).toFixed(2)}x, ${((100 * fastestFetch) / fastest).toFixed(0)}% |`,
      );
    };
    row('baseline: fetch + JSON.parse of every delta page', result.fetch);
    row('initial delta sync into SQLite (`engine.syncCalendar`)', result.sync);
  }
  console.log(
    '\nWhere the sync time goes (median of the rounds), and live heap after a full GC:\n',
  );
  console.log(
    '| events | delta page calls (overlap the commits) | page commits | outside the commits (waiting for pages, mapping) | live heap before / after |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  for (const result of results) {
    const total = median(result.sync.map((r) => r.ms));
    const part = (key: 'fetchMs' | 'commitMs' | 'otherMs') => {
      const ms = median(result.sync.map((r) => r.breakdown?.[key] ?? 0));
      return `${(ms / 1000).toFixed(2)} s (${((100 * ms) / total).toFixed(0)}%)`;
    };
    const live = (key: 'before' | 'after') =>
      median(result.sync.map((r) => r.liveHeapMb[key])).toFixed(0);
    console.log(
      `| ${result.events} | ${part('fetchMs')} | ${part('commitMs')} | ${part('otherMs')} | ${live('before')} / ${live('after')} MB |`,
    );
  }
  for (const result of results) {
    const trace = result.sync.flatMap((r) => r.heapTraceMb ?? []);
    if (trace.length === 0) continue;
    console.log(
      `${result.events} events, live heap after a GC every 4 pages (BENCH_HEAP_TRACE): ${Math.min(...trace).toFixed(1)}-${Math.max(...trace).toFixed(1)} MB`,
    );
  }
}
