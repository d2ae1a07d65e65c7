/**
 * Initial sync of one large Google calendar from the emulator (issue 3). The emulator runs in a
 * child process of its own (google-emulator.ts); each measurement runs in another, so that peak
 * RSS (VmHWM) is the measurement's alone:
 *   fetch: the baseline, plain `fetch` of every page of events.list (singleEvents=true,
 *          maxResults=2500, as the provider asks) with a bearer token, JSON-parsed, not stored
 *   sync:  connect through the OAuth code flow, then `app.engine.syncCalendar` (timed alone)
 *          into a fresh SQLite store
 *   node --import tsx bench/google-sync.ts fetch|sync '<EmulatorInfo JSON>'
 * prints one JSON line (SyncRun). `runGoogleSync` drives it all from bench/run.ts.
 */
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createApp, type App } from '../src/app/app.js';
import { loadConfig } from '../src/config/config.js';
import type { CalendarProvider, SyncPage } from '../src/providers/provider.js';
import type { GoogleProvider } from '../src/providers/google/google-provider.js';
import type { SyncStore } from '../src/sync/sync-store.js';
import { spawnEmulator, type EmulatorInfo } from './google-emulator.js';
import {
  formatRun,
  measureInChild,
  runMeasuringChild,
  type ConnectedApp,
  type ProviderSyncResult,
  type SyncRun,
} from './provider-sync-kit.js';

export type { SyncRun } from './provider-sync-kit.js';

/** The provider's page size (GoogleProvider's default, Google's maximum). */
const PAGE_SIZE = 2500;
const SCOPE = 'https://www.googleapis.com/auth/calendar.readonly';

export type GoogleSyncResult = ProviderSyncResult;

/** Seeds an emulator per size and runs `rounds` baseline/sync pairs against it. */
export async function runGoogleSync(options: {
  sizes: number[];
  rounds: number;
  onProgress?: (line: string) => void;
}): Promise<GoogleSyncResult[]> {
  const results: GoogleSyncResult[] = [];
  for (const size of options.sizes) {
    // No retries of the push confirmation: nothing listens at the sync child's webhook.
    const emulator = await spawnEmulator({ events: size, settings: { pushRetryDelaysMs: [] } });
    try {
      const { close: _close, ...info } = emulator;
      const result: GoogleSyncResult = {
        events: info.events,
        seedMs: info.seedMs,
        fetch: [],
        sync: [],
      };
      // One listing untimed first, so that every measured one meets a warmed-up emulator.
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
  return measureInChild(import.meta.url, 'google-sync', mode, info);
}

// --- the measuring child ------------------------------------------------------------------

/** The emulator's OAuth code flow by hand (auto consent), for the baseline's bearer token. */
async function accessToken(info: EmulatorInfo): Promise<string> {
  const redirectUri = 'http://127.0.0.1:9/callback';
  const authorize = new URL(`${info.url}/o/oauth2/v2/auth`);
  authorize.search = new URLSearchParams({
    client_id: info.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: SCOPE,
    access_type: 'offline',
    login_hint: info.user,
    state: 'bench',
  }).toString();
  const consent = await fetch(authorize, { redirect: 'manual' });
  const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code');
  if (!code) throw new Error(`no authorization code (${consent.status})`);
  const response = await fetch(`${info.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: info.clientId,
      client_secret: info.clientSecret,
    }),
  });
  const token = (await response.json()) as { access_token?: string };
  if (!token.access_token) throw new Error(`no access token (${response.status})`);
  return token.access_token;
}

async function fetchAll(
  info: EmulatorInfo,
  token: string,
): Promise<{ events: number; pages: number }> {
  let events = 0;
  let pages = 0;
  let pageToken: string | undefined;
  do {
    const url = new URL(
      `${info.url}/calendar/v3/calendars/${encodeURIComponent(info.calendarId)}/events`,
    );
    url.searchParams.set('singleEvents', 'true');
    url.searchParams.set('maxResults', String(PAGE_SIZE));
    if (pageToken) url.searchParams.set('pageToken', pageToken);
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`events.list: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as { items?: unknown[]; nextPageToken?: string };
    events += page.items?.length ?? 0;
    pages += 1;
    pageToken = page.nextPageToken;
  } while (pageToken);
  return { events, pages };
}

/** The service, connected to the emulator's calendar through the real OAuth code flow. */
async function connectedApp(info: EmulatorInfo, dataDir: string): Promise<ConnectedApp> {
  const config = loadConfig({
    CALINTEL_DATA_DIR: dataDir,
    CALINTEL_SECRET_KEY: '0f'.repeat(32),
    LOG_LEVEL: 'silent',
    GOOGLE_CALENDAR_CLIENT_ID: info.clientId,
    GOOGLE_CALENDAR_CLIENT_SECRET: info.clientSecret,
    GOOGLE_CALENDAR_API_URL: `${info.url}/`,
    GOOGLE_OAUTH_AUTHORIZE_URL: `${info.url}/o/oauth2/v2/auth`,
    GOOGLE_OAUTH_TOKEN_URL: `${info.url}/token`,
    GOOGLE_OAUTH_REVOKE_URL: `${info.url}/revoke`,
    // Every generated event is kept: the calendar spans years around a fixed date (and the push
    // benchmark adds events in 2020), which the default retention would not store.
    EVENT_RETENTION_DAYS: '3650',
    // Nothing listens here: the channel opened on connect has nobody to notify.
    CALINTEL_PUBLIC_URL: 'http://127.0.0.1:9',
  });
  const app = await createApp(config, { logger: pino({ level: 'silent' }) });
  const { user, organisation } = await app.admin.createUser({
    email: info.user,
    orgName: 'Bench',
    name: null,
    timeZone: 'Europe/Berlin',
    internalDomains: ['northwind.io'],
  });
  const scope = { orgId: organisation.id, userId: user.id };
  const started = await app.google.startConnect(scope, { loginHint: info.user });
  const consent = await fetch(started.authorizationUrl, { redirect: 'manual' });
  const callback = new URL(consent.headers.get('location') ?? '');
  await app.google.finishConnect({
    state: callback.searchParams.get('state') ?? undefined,
    code: callback.searchParams.get('code') ?? undefined,
  });
  const calendar = (await app.store.calendars.list(scope)).find(
    (c) => c.providerCalendarId === info.calendarId,
  );
  if (!calendar) throw new Error('the connected account has no bench calendar');
  return { app, scope, calendarId: calendar.id };
}

/**
 * Times spent fetching pages (HTTP and JSON, in the Google client) and committing them (store),
 * measured by wrapping the two calls on the running instances; the rest is mapping and the
 * engine. Reaches into private fields: a benchmark aid, skipped if their shape has changed.
 */
function instrument(app: App): () => { fetchMs: number; commitMs: number } | undefined {
  const deps = (
    app.engine as unknown as {
      deps?: { store?: SyncStore; providers?: ReadonlyMap<string, CalendarProvider> };
    }
  ).deps;
  const provider = deps?.providers?.get('google') as GoogleProvider | undefined;
  const store = deps?.store;
  if (!provider?.client || !store) return () => undefined;
  const times = { fetchMs: 0, commitMs: 0 };
  const client = provider.client;
  const listEvents = client.listEvents.bind(client);
  client.listEvents = async (...args) => {
    const t = performance.now();
    try {
      return await listEvents(...args);
    } finally {
      times.fetchMs += performance.now() - t;
    }
  };
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
    name: 'google-sync',
    expectedEvents: info.events,
    dataDirPrefix: 'calintel-bench-google-',
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
