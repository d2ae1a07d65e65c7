/**
 * `calintel demo`: the service beside the Google, Microsoft and Exchange emulators, on the
 * embedded shape.
 * The emulators are seeded with the Northwind sales organisation: most of its ten people use
 * Google Calendar, a few Outlook; each is connected through the real OAuth code flow of their
 * provider and synced, and then a few Google events change every minute so that push
 * notifications and incremental syncs can be watched arriving.
 */
import type { RunningGoogleEmulator } from '../../../emulators/google/index.js';
import type { RunningExchangeEmulator } from '../../../emulators/exchange/index.js';
import {
  fetchTrusting,
  type RunningMicrosoftEmulator,
} from '../../../emulators/microsoft/index.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, readEnvironment } from '../../config/config.js';
import { AppError } from '../../domain/errors.js';
import type { Scope } from '../../store/store.js';
import type { App } from '../app.js';
import { startService, type RunningService } from '../service.js';
import { buildNorthwind, NORTHWIND_DOMAIN, type DemoOrganisation } from './northwind-org.js';
import { mutator } from './google-demo-changes.js';
import { finishConsent } from './browser-consent.js';
import { consentAs } from './provider-consent.js';
import { demoPublicUrl } from './demo-public-url.js';
import { mondayOf } from './demo-time.js';
import {
  EXCHANGE_PASSWORD,
  EXCHANGE_PERSON,
  OUTLOOK_PEOPLE,
  startDemoEmulators,
} from './demo-emulators.js';

export { EXCHANGE_PERSON, OUTLOOK_PEOPLE } from './demo-emulators.js';

export const DEMO_ORG_NAME = 'Northwind (demo)';
export const DEMO_USER = 'dana@northwind.io';

export interface DemoOptions {
  /** Environment to read settings from (the CLI passes the real one). */
  environment?: Record<string, string | undefined>;
  /** The Google emulator's port; 0 picks a free one. */
  emulatorPort?: number;
  /** The Microsoft emulator's port; 0 (default) picks a free one. */
  outlookEmulatorPort?: number;
  /** The Exchange (EWS) emulator's port; 0 (default) picks a free one. */
  exchangeEmulatorPort?: number;
  /** Change a few events every `mutateEveryMs` (0: never). */
  mutateEveryMs?: number;
  /** "Today" for the generated organisation; default the Monday of this week. */
  anchor?: Date;
  log?: (line: string) => void;
}

export interface RunningDemo {
  service: RunningService;
  emulator: RunningGoogleEmulator;
  outlookEmulator: RunningMicrosoftEmulator;
  exchangeEmulator: RunningExchangeEmulator;
  organisation: DemoOrganisation;
  token: string;
  /** A one-time link that signs the demo user in to the dashboard. */
  signInLink: string;
  /** Changes a few events in the emulator, as the minute timer does. */
  mutate(): string[];
  stop(): Promise<void>;
}

export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const organisation = buildNorthwind(options.anchor ?? mondayOf(new Date()));
  const emulators = await startDemoEmulators(organisation, {
    google: options.emulatorPort ?? 0,
    outlook: options.outlookEmulatorPort ?? 0,
    exchange: options.exchangeEmulatorPort ?? 0,
  });
  const { google: emulator, outlook, exchange } = emulators;
  // The Microsoft emulator serves HTTPS with a certificate of its own, trusted here, in process.
  const trusted = fetchTrusting(outlook.ca);
  let service: RunningService | null = null;
  try {
    const environment = options.environment ?? readEnvironment();
    const config = loadConfig({
      ...environment,
      GOOGLE_CALENDAR_CLIENT_ID: emulator.clientId,
      GOOGLE_CALENDAR_CLIENT_SECRET: emulator.clientSecret,
      GOOGLE_CALENDAR_API_URL: `${emulator.url}/`,
      GOOGLE_OAUTH_AUTHORIZE_URL: `${emulator.url}/o/oauth2/v2/auth`,
      GOOGLE_OAUTH_TOKEN_URL: `${emulator.url}/token`,
      GOOGLE_OAUTH_REVOKE_URL: `${emulator.url}/revoke`,
      MICROSOFT_CLIENT_ID: outlook.clientId,
      MICROSOFT_CLIENT_SECRET: outlook.clientSecret,
      MICROSOFT_TENANT_ID: outlook.tenantId,
      MICROSOFT_AUTHORITY_URL: outlook.url,
      MICROSOFT_GRAPH_API_URL: outlook.url,
      EXCHANGE_SERVER_URL: exchange.ewsUrl,
      EXCHANGE_VERSION: 'Exchange2013_SP1',
      // The emulator pushes to the address the service listens on (set once it is known).
      CALINTEL_PUBLIC_URL: demoPublicUrl(environment),
    });
    service = await startService(config, {
      roles: ['api', 'worker', 'scheduler'],
      demo: false,
      appOptions: { microsoftFetch: trusted, ...(exchange.ca ? { exchangeCa: exchange.ca } : {}) },
    });
    const running = service;
    if (!running.url) throw new AppError('internal', 'the demo needs the API role', true);
    log(
      `calintel demo: Google emulator at ${emulator.url}, Microsoft emulator at ${outlook.url}, Exchange emulator at ${exchange.ewsUrl}, API at ${running.url}`,
    );
    const scopes = await setUpOrganisation(running.app, organisation);
    log(
      `  ${organisation.people.length} people, ${organisation.accounts.length} accounts in "${DEMO_ORG_NAME}"`,
    );
    for (const person of organisation.people) {
      const scope = scopes.get(person.email);
      if (!scope) continue;
      if (OUTLOOK_PEOPLE.has(person.email))
        await connectOutlook(running.app, scope, person.email, trusted);
      else if (person.email === EXCHANGE_PERSON)
        await running.app.exchange.connect(scope, {
          email: person.email,
          username: person.email.split('@')[0] ?? person.email,
          password: EXCHANGE_PASSWORD,
          authType: 'basic',
        });
      else await connectThroughOAuth(running.app, scope, person.email);
    }
    log('  connected every calendar through the OAuth code flow; first sync running...');
    await running.app.queue.drain();
    const events = await countEvents(running.app, [...scopes.values()]);
    log(`  synced ${events} events`);
    const token = await running.app.admin.createToken({
      email: DEMO_USER,
      orgName: DEMO_ORG_NAME,
      name: 'demo',
    });
    const link = await running.app.webAuth.createSignInLink(scopeOf(scopes, DEMO_USER));
    const mutate = mutator(emulator, {
      ...organisation,
      people: organisation.people.filter(
        (p) => !OUTLOOK_PEOPLE.has(p.email) && p.email !== EXCHANGE_PERSON,
      ),
    });
    const every = options.mutateEveryMs ?? 60_000;
    const timer = every > 0 ? setInterval(() => logChanges(log, mutate()), every) : null;
    timer?.unref();
    printWhereToLook(
      log,
      running.url,
      { google: emulator.url, outlook: outlook.url, exchange: exchange.ewsUrl },
      token.token,
      `${running.url}/auth/link/${link.token}`,
      writeEmulatorCa(running.app.config.dataDir, outlook.ca),
      newLinkCommand(running.url, running.app.config.dataDir),
    );
    return {
      service: running,
      emulator,
      outlookEmulator: outlook,
      exchangeEmulator: exchange,
      organisation,
      token: token.token,
      signInLink: `${running.url}/auth/link/${link.token}`,
      mutate,
      stop: async () => {
        if (timer) clearInterval(timer);
        await running.stop();
        await emulators.close();
      },
    };
  } catch (error) {
    await service?.stop();
    await emulators.close();
    throw error;
  }
}

/** Idempotent: a second start finds the organisation and its people and updates the CRM. */
async function setUpOrganisation(app: App, org: DemoOrganisation): Promise<Map<string, Scope>> {
  const scopes = new Map<string, Scope>();
  for (const person of org.people) {
    const scope = await app.admin
      .resolveUser(person.email, DEMO_ORG_NAME)
      .catch(async (error: unknown) => {
        if (!(error instanceof AppError) || error.code !== 'not_found') throw error;
        const created = await app.admin.createUser({
          email: person.email,
          orgName: DEMO_ORG_NAME,
          name: person.name,
          timeZone: person.timeZone,
          internalDomains: [NORTHWIND_DOMAIN],
        });
        return { orgId: created.organisation.id, userId: created.user.id };
      });
    scopes.set(person.email, { orgId: scope.orgId, userId: scope.userId });
  }
  const orgScope = { orgId: [...scopes.values()][0]?.orgId ?? '' };
  const accounts = await app.store.crm.upsertAccounts(
    orgScope,
    org.accounts.map((a) => ({ name: a.name, domains: [a.domain], stage: a.stage })),
  );
  const accountIds = new Map(accounts.map((a) => [a.name, a.id]));
  await app.store.crm.upsertContacts(
    orgScope,
    org.accounts.flatMap((a) =>
      a.contacts.map((c) => ({ ...c, accountId: accountIds.get(a.name) ?? null })),
    ),
  );
  await app.store.crm.upsertLeads(orgScope, org.leads);
  return scopes;
}

/**
 * The steps a person takes in a browser: open the consent URL, pick their own account on the
 * emulator's page and allow, then confirm on the page the callback shows.
 */
async function connectThroughOAuth(app: App, scope: Scope, email: string) {
  const { authorizationUrl } = await app.google.startConnect(scope, { loginHint: email });
  await finishConnecting(await consentAs(authorizationUrl, email), email);
}

/** The same for Outlook, on the Microsoft emulator's page (HTTPS, trusted in process). */
async function connectOutlook(app: App, scope: Scope, email: string, trusted: typeof fetch) {
  const { authorizationUrl } = await app.microsoft.startConnect(scope, { loginHint: email });
  await finishConnecting(await consentAs(authorizationUrl, email, trusted), email);
}

async function finishConnecting(callback: URL, email: string) {
  const finished = await finishConsent(callback);
  if (!finished.ok) {
    throw new AppError('internal', `connecting ${email} failed: ${await finished.text()}`, true);
  }
}

async function countEvents(app: App, scopes: Scope[]): Promise<number> {
  let total = 0;
  for (const scope of scopes) total += await app.store.events.count(scope);
  return total;
}

function logChanges(log: (line: string) => void, changes: string[]): void {
  for (const change of changes) log(`  emulator change: ${change}`);
}

function printWhereToLook(
  log: (line: string) => void,
  api: string,
  emulators: { google: string; outlook: string; exchange: string },
  token: string,
  signInLink: string,
  outlookCaFile: string,
  newLink: string,
) {
  const curl = (path: string) => `curl -H "Authorization: Bearer ${token}" ${api}${path}`;
  log('');
  log(`calintel demo is ready (signed in as ${DEMO_USER}, "${DEMO_ORG_NAME}").`);
  log(`  Dashboard:       ${signInLink}`);
  log(`                   (a one-time sign-in link, valid 15 minutes; a new one: ${newLink})`);
  log(`  API docs:        ${api}/api/docs`);
  log(`  API token:       ${token}`);
  log(`  Events:          ${curl('/api/v1/calendar/events/?limit=20')}`);
  log(`  Changes:         ${curl('/api/v1/calendar/events/changes/')}`);
  log(`  Sync status:     ${curl('/api/v1/calendar/sync/status/')}`);
  log(`  Sales meetings:  ${curl('/api/v1/calendar/meetings/?limit=20')}`);
  log(`  Conflicts:       ${curl('/api/v1/calendar/conflicts/?status=open')}`);
  log(`  Relationships:   ${curl('/api/v1/calendar/relationships/')}`);
  log(`  Google emulator: ${emulators.google} (its control API: ${emulators.google}/__control/)`);
  log(
    `  Outlook (Microsoft Graph) emulator: ${emulators.outlook} for ${[...OUTLOOK_PEOPLE].join(', ')}`,
  );
  log(`  Exchange (EWS) emulator: ${emulators.exchange} for ${EXCHANGE_PERSON}`);
  log(
    '  "Connect Google Calendar" and "Connect Outlook" in the dashboard open the emulator\'s account picker and consent page, as at Google or Microsoft: choose which of your own accounts to connect. Your colleagues\' accounts are refused there: each is theirs to connect, and calintel already has their calendars.',
  );
  log(
    `  The Microsoft emulator's page is HTTPS with a certificate made at start (${outlookCaFile}), so the browser warns first.`,
  );
  log('  A few events change in the emulator every minute; watch them arrive through push.');
  log('');
}

/**
 * The command that makes a new sign-in link to this demo: another process reads its settings
 * from its own environment, so the address and data folder the demo runs with are named unless
 * they are the defaults (a link to port 8000 for a demo on 8700 led nowhere).
 */
function newLinkCommand(url: string, dataDir: string): string {
  const env = [
    ...(url === DEFAULT_SERVICE_URL ? [] : [`CALINTEL_PUBLIC_URL=${url}`]),
    ...(dataDir === path.resolve('data') ? [] : [`CALINTEL_DATA_DIR=${dataDir}`]),
  ];
  return [...env, `npx calintel users sign-in-link --email ${DEMO_USER}`].join(' ');
}

/** Where the service listens with nothing set (config.ts: HOST 127.0.0.1, PORT 8000). */
const DEFAULT_SERVICE_URL = 'http://127.0.0.1:8000';

function scopeOf(scopes: Map<string, Scope>, email: string): Scope {
  const scope = scopes.get(email);
  if (!scope) throw new Error(`the demo organisation has no ${email}`);
  return scope;
}

/** The Microsoft emulator's certificate, where a browser (or curl --cacert) can be given it. */
function writeEmulatorCa(dataDir: string, ca: string): string {
  const file = path.join(dataDir, 'microsoft-emulator-ca.pem');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, ca);
  return file;
}
