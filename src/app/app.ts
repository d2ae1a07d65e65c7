/** The one place where concrete adapters are wired together into the running application. */
import { ConfigError, type Config } from '../config/config.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { PingResult } from '../jobs/ping-check.js';
import type { RedisHealth } from '../jobs/bullmq-queue.js';
import type { GoogleProvider } from '../providers/google/google-provider.js';
import type { ExchangeProvider } from '../providers/exchange/exchange-provider.js';
import type { MicrosoftProvider } from '../providers/microsoft/microsoft-provider.js';
import { CaldavClient } from '../providers/caldav/caldav-client.js';
import { CaldavProvider } from '../providers/caldav/caldav-provider.js';
import { IcsClient } from '../providers/ics/ics-client.js';
import { IcsProvider } from '../providers/ics/ics-provider.js';
import { publicFetch } from '../providers/public-fetch.js';
import type { CalendarProvider } from '../providers/provider.js';
import type { MigrationOutcome, Store } from '../store/store.js';
import { SyncEngine } from '../sync/sync-engine.js';
import { databaseHealthOf } from './database-health.js';
import { migrateAndCheckKey, openAppStore } from './open-store.js';
import { openJobQueue, type OpenedJobQueue } from './job-queue-factory.js';
import { createLogger, type Logger } from './logger.js';
import { DetectingSyncAdapter } from './meetings/detecting-sync-adapter.js';
import { MeetingDetector } from './meetings/meeting-detector.js';
import { loadMeetingModels } from './meetings/meeting-models.js';
import { detectionSpan } from './meetings/detection-span.js';
import { createMetrics, type Metrics } from './metrics.js';
import { AdminService } from './services/admin.service.js';
import { CalendarDiscovery } from './services/calendar-discovery.js';
import { CaldavService } from './services/caldav.service.js';
import { ExchangeService } from './services/exchange.service.js';
import { CalendarsService } from './services/calendars.service.js';
import { ConflictsService } from './services/conflicts.service.js';
import { RelationshipsService } from './services/relationships.service.js';
import { ConnectionsService } from './services/connections.service.js';
import { CrmService } from './services/crm.service.js';
import { EventsService } from './services/events.service.js';
import { GOOGLE_CALLBACK_PATH, GoogleService } from './services/google.service.js';
import { MeetingsService } from './services/meetings.service.js';
import { MicrosoftService, OUTLOOK_CALLBACK_PATH } from './services/microsoft.service.js';
import { SyncService } from './services/sync.service.js';
import { WebAuthService } from './services/web-auth.service.js';
import { ProfileService } from './services/profile.service.js';
import { ZoneChangeRefind } from './services/zone-change.js';
import { StoreSyncAdapter } from './sync-store-adapter.js';

export interface App {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  store: Store;
  engine: SyncEngine;
  queue: JobQueue;
  /** Whether the queue's Redis is up and answers (/readyz); null in the embedded shape. */
  redisHealth: (() => Promise<RedisHealth>) | null;
  /** Whether the database answers (/readyz): PostgreSQL within 2 s, one query at a time. */
  databaseHealth: () => Promise<PingResult>;
  admin: AdminService;
  connections: ConnectionsService;
  events: EventsService;
  sync: SyncService;
  google: GoogleService;
  microsoft: MicrosoftService;
  meetings: MeetingsService;
  conflicts: ConflictsService;
  relationships: RelationshipsService;
  caldav: CaldavService;
  exchange: ExchangeService;
  calendars: CalendarsService;
  calendarDiscovery: CalendarDiscovery;
  crm: CrmService;
  webAuth: WebAuthService;
  profile: ProfileService;
  /** The conflict rescan a time zone change queues (delayed, one per organisation). */
  zoneChange: ZoneChangeRefind;
  migrate(): Promise<MigrationOutcome>;
  close(): Promise<void>;
}

export interface CreateAppOptions {
  migrate?: boolean;
  logger?: Logger;
  clock?: () => Date;
  /** Replaces global fetch for providers (tests point it at local servers). */
  fetch?: typeof fetch;
  /**
   * Replaces global fetch for Microsoft's clients (MSAL and Graph): tests trust the emulator's
   * certificate this way; a real process trusts it through NODE_EXTRA_CA_CERTS.
   */
  microsoftFetch?: typeof fetch;
  /**
   * A CA to trust for Exchange (every scheme, NTLM included), for an emulator in the same
   * process. A real deployment sets NODE_EXTRA_CA_CERTS instead.
   */
  exchangeCa?: string;
  /** An already open store (tests open one per database engine); the caller closes it. */
  store?: Store;
  /**
   * Hashes new dashboard passwords in place of scrypt at its production cost: tests that sign in
   * many times use a cheap cost (a check reads the cost from the stored hash).
   */
  passwordHash?: (password: string) => Promise<string>;
}

const MAX_BACKOFF_MINUTES = 60;

export async function createApp(config: Config, options: CreateAppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config);
  for (const warning of config.warnings) logger.warn(warning);
  const clock = options.clock ?? (() => new Date());
  const store = options.store ?? (await openAppStore(config, logger, options.migrate ?? true));
  const metrics = createMetrics();
  // Addresses users type in: never this machine or the private network, unless allowed.
  const userGivenFetch =
    options.fetch ?? publicFetch({ allowPrivateNetwork: config.allowPrivateNetworkCalendars });
  const ics = new IcsProvider(
    new IcsClient({
      timeoutMs: config.ics.fetchTimeoutMs,
      maxBytes: config.ics.maxBytes,
      fetch: userGivenFetch,
    }),
  );
  const caldav = new CaldavProvider(
    new CaldavClient({ timeoutMs: config.ics.fetchTimeoutMs, fetch: userGivenFetch }),
    {
      onSkippedCalendar: (skipped) =>
        logger.warn({ provider: 'caldav', href: skipped.href }, skipped.reason),
    },
  );
  const providers = new Map<string, CalendarProvider>([
    ['ics', ics],
    ['caldav', caldav],
  ]);
  const google = await googleProvider(config);
  if (google) providers.set('google', google);
  const microsoft = await microsoftProvider(config, options.microsoftFetch);
  if (microsoft) providers.set('microsoft', microsoft);
  const exchange = await exchangeProvider(config, options.exchangeCa);
  if (exchange) providers.set('exchange', exchange);
  // Bound once the queue is open; syncs before that (none run) would queue nothing.
  let meetings: MeetingsService | null = null;
  const engineFor = (target: Store) =>
    new SyncEngine({
      // Runs that changed events queue meeting detection; a dry run's transaction does not.
      store:
        target === store
          ? new DetectingSyncAdapter(target, async (scope) => meetings?.queueAfterSync(scope))
          : new StoreSyncAdapter(target),
      providers,
      clock,
      window: config.syncWindow,
      retentionDays: config.eventRetentionDays,
      logger,
      schedule: {
        intervalMinutes: config.syncIntervalMinutes,
        maxBackoffMinutes: MAX_BACKOFF_MINUTES,
      },
      onRun: (provider, outcome) => {
        metrics.syncRuns.inc({ provider, outcome: outcome ? 'ok' : 'failed' });
        if (outcome) {
          metrics.syncedEvents.inc({ provider, change: 'added' }, outcome.added);
          metrics.syncedEvents.inc({ provider, change: 'updated' }, outcome.updated);
          metrics.syncedEvents.inc({ provider, change: 'deleted' }, outcome.deleted);
        }
      },
    });
  const engine = engineFor(store);
  let opened: OpenedJobQueue;
  try {
    opened = await openJobQueue(config, store, logger, clock);
  } catch (error) {
    if (!options.store) await store.close();
    throw error;
  }
  const { queue, redisHealth } = opened;
  // A connection deleted with its events, or new internal domains: the organisation's meetings
  // (and the relationships and conflicts after them) are detected again within seconds.
  const redetectAfterChange =
    (reason: string) =>
    async (scope: { orgId: string }): Promise<void> =>
      meetings?.queueAfterOrganisationChange(scope, reason);
  const connections = new ConnectionsService(
    store,
    engine,
    ics,
    config.providers,
    redetectAfterChange('connection deleted with its events'),
  );
  const sync = new SyncService(store, engine, engineFor, queue, config.syncFailureAlertMinutes, {
    onJobRun: (provider, outcome, seconds) =>
      metrics.syncDuration.observe({ provider, outcome }, seconds),
  });
  const conflicts = new ConflictsService({
    store,
    queue,
    logger,
    providers,
    clock,
    window: () => engine.window(clock()),
  });
  // Bound below: re-detection after an upgrade goes through the meetings service.
  let redetect: (scope: { orgId: string }) => Promise<unknown> = async () => undefined;
  const relationships = new RelationshipsService({
    store,
    logger,
    clock,
    redetect: (scope) => redetect(scope),
  });
  const meetingsService = new MeetingsService({
    store,
    queue,
    logger,
    detector: new MeetingDetector(store, loadMeetingModels),
    models: loadMeetingModels,
    clock,
    window: () => detectionSpan(engine.window(clock()), config.eventRetentionDays, clock()),
    adaptationDelayMs: config.meetingAdaptationDelayMs,
    onDetected: async (scope, summary) => {
      await conflicts.queueForUser(scope);
      // Also with no keys: meetings deleted with their events (cascade) only left dirty marks,
      // which update takes; a deleted last meeting changes no other, so no key names it.
      await relationships.update({ orgId: scope.orgId }, summary.relationshipKeys);
    },
  });
  meetings = meetingsService;
  redetect = (scope) => meetingsService.queueForOrganisation(scope);
  const googleService = new GoogleService({
    store,
    sync,
    provider: google,
    settings: config.providers.google,
    publicUrl: config.publicUrl,
    logger,
    clock,
    redetect: redetectAfterChange('connection deleted with its events'),
    onNotification: (outcome) => metrics.pushNotifications.inc({ provider: 'google', outcome }),
  });
  const microsoftService = new MicrosoftService({
    store,
    sync,
    queue,
    provider: microsoft,
    settings: config.providers.microsoft,
    publicUrl: config.publicUrl,
    logger,
    clock,
    redetect: redetectAfterChange('connection deleted with its events'),
    onNotification: (outcome) => metrics.pushNotifications.inc({ provider: 'microsoft', outcome }),
  });
  const zoneChange = new ZoneChangeRefind({
    store,
    queue,
    logger,
    clock,
    meetings: meetingsService,
    conflicts,
  });
  return {
    config,
    logger,
    metrics,
    store,
    engine,
    queue,
    redisHealth,
    databaseHealth: databaseHealthOf(store),
    admin: new AdminService(store, redetectAfterChange('internal domains changed')),
    connections,
    caldav: new CaldavService({ store, provider: caldav, sync, connections }),
    exchange: new ExchangeService({
      store,
      provider: exchange,
      settings: config.providers.exchange,
      sync,
      connections,
      logger,
      redetect: redetectAfterChange('shared calendar removed'),
      clock,
    }),
    calendars: new CalendarsService(store, sync, redetectAfterChange('calendar turned off')),
    calendarDiscovery: new CalendarDiscovery({
      store,
      providers,
      sync,
      logger,
      clock,
      redetect: redetectAfterChange('calendar removed at its provider'),
      redetectUser: (scope) => meetingsService.queueAfterSync(scope),
      push: {
        google: (scope, connection, id) =>
          googleService.channels.stopChannels(scope, connection, id),
        microsoft: (scope, connection, id) =>
          microsoftService.subscriptions.unsubscribeAll(scope, connection, id),
      },
      openPush: {
        google: (scope, connectionId) => googleService.channels.openChannels(scope, connectionId),
        microsoft: (scope, connectionId) =>
          microsoftService.subscriptions.subscribeAll(scope, connectionId),
      },
    }),
    events: new EventsService(store),
    sync,
    google: googleService,
    microsoft: microsoftService,
    meetings: meetingsService,
    conflicts,
    relationships,
    crm: new CrmService(store, (scope) => meetingsService.queueForOrganisation(scope)),
    webAuth: new WebAuthService({
      store,
      clock,
      ...(options.passwordHash ? { hash: options.passwordHash } : {}),
    }),
    profile: new ProfileService(store, (scope) => zoneChange.queue(scope)),
    zoneChange,
    migrate: () => (options.store ? store.migrate() : migrateAndCheckKey(store)),
    close: async () => {
      await queue.close();
      if (!options.store) await store.close();
    },
  };
}

/** Loaded only when Google is configured: its clients add ~0.6 s to every CLI start. */
async function googleProvider(config: Config): Promise<GoogleProvider | null> {
  const settings = config.providers.google;
  if (!settings) return null;
  const { GoogleClient } = await import('../providers/google/google-client.js');
  const { GoogleProvider } = await import('../providers/google/google-provider.js');
  return new GoogleProvider(
    new GoogleClient({
      ...settings,
      redirectUri: settings.redirectUri ?? `${config.publicUrl}${GOOGLE_CALLBACK_PATH}`,
    }),
  );
}

/** Loaded only when Exchange is configured: ews-javascript-api is heavy to load. */
async function exchangeProvider(
  config: Config,
  ca: string | undefined,
): Promise<ExchangeProvider | null> {
  const settings = config.providers.exchange;
  if (!settings) return null;
  const { ExchangeClient, EXCHANGE_VERSIONS } =
    await import('../providers/exchange/exchange-client.js');
  // Checked here, where the library is loaded anyway (it is slow to load for every start): a
  // wrong operator setting would otherwise fail every user's connect as their own mistake.
  if (settings.version && !EXCHANGE_VERSIONS.includes(settings.version))
    throw new ConfigError([`EXCHANGE_VERSION: must be one of ${EXCHANGE_VERSIONS.join(', ')}`]);
  const { ExchangeProvider } = await import('../providers/exchange/exchange-provider.js');
  const client = new ExchangeClient({
    timeoutMs: config.ics.fetchTimeoutMs,
    ...(ca ? { ca } : {}),
  });
  return new ExchangeProvider(client, {
    defaults: {
      serverUrl: settings.serverUrl,
      ...(settings.version ? { version: settings.version } : {}),
    },
  });
}

/** Loaded only when Microsoft is configured, as for Google: MSAL and the Graph SDK are heavy. */
async function microsoftProvider(
  config: Config,
  fetchImpl: typeof fetch | undefined,
): Promise<MicrosoftProvider | null> {
  const settings = config.providers.microsoft;
  if (!settings) return null;
  const { MicrosoftClient } = await import('../providers/microsoft/microsoft-client.js');
  const { MicrosoftProvider } = await import('../providers/microsoft/microsoft-provider.js');
  return new MicrosoftProvider(
    new MicrosoftClient({
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      tenantId: settings.tenantId,
      authorityUrl: settings.authorityUrl,
      graphApiUrl: settings.graphApiUrl,
      redirectUri: settings.redirectUri ?? `${config.publicUrl}${OUTLOOK_CALLBACK_PATH}`,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    }),
  );
}
