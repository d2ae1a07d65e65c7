/** Connecting calendars: ICS feeds and files today; each later provider adds its own connect. */
import type { ConnectionView, ProviderView } from '../../api/schemas.js';
import { AppError, invalidInput } from '../../domain/errors.js';
import { PROVIDER_KINDS, type ProviderKind } from '../../domain/event.js';
import { countEventOutcomes } from '../../domain/ical/event-effects.js';
import { ProviderError, type RemoteCalendar, type SyncIssue } from '../../providers/provider.js';
import { normaliseFeedUrl } from '../../providers/ics/ics-client.js';
import { fileSource, type IcsProvider } from '../../providers/ics/ics-provider.js';
import { icsCalendarZone } from '../../providers/ics/ics-zone.js';
import { inOwnersZone } from './owners-zone.js';
import type { Connection, Scope, Store } from '../../store/store.js';
import type { SyncEngine } from '../../sync/sync-engine.js';
import type { Config } from '../../config/config.js';
import { deleteConnectionWithEvents, type RedetectOrganisation } from './connection-deletion.js';
import { feedSubscription } from './feed-subscription.js';

const PROVIDER_NAMES: Record<ProviderKind, string> = {
  google: 'Google Calendar',
  microsoft: 'Outlook / Microsoft 365',
  exchange: 'Exchange (EWS)',
  caldav: 'CalDAV (iCloud, Fastmail, Nextcloud)',
  ics: 'iCalendar file or feed',
};

/** Providers this build can connect; the others are listed with their configuration state only. */
const CONNECTABLE: ReadonlySet<ProviderKind> = new Set([
  'ics',
  'google',
  'microsoft',
  'caldav',
  'exchange',
]);

export interface ImportResult extends ConnectionView {
  issues: SyncIssue[];
  /** Events of the file or feed its issues left out (not stored), each counted once. */
  eventsLeftOut: number;
  /** Events stored despite an issue about them, as the issue says; each counted once. */
  eventsKeptWithIssues: number;
}

export class ConnectionsService {
  constructor(
    private readonly store: Store,
    private readonly engine: SyncEngine,
    private readonly ics: IcsProvider,
    private readonly providers: Config['providers'],
    /** After a connection went with its events (deleteConnectionWithEvents). */
    private readonly redetect: RedetectOrganisation,
  ) {}

  async listProviders(scope: Scope): Promise<ProviderView[]> {
    const connections = await this.store.connections.list(scope);
    return PROVIDER_KINDS.map((provider) => ({
      provider,
      name: PROVIDER_NAMES[provider],
      configured: this.isConfigured(provider),
      connectable: CONNECTABLE.has(provider) && this.isConfigured(provider),
      connections: connections.filter((c) => c.provider === provider).map(connectionSummary),
    }));
  }

  /**
   * Ends a connection that holds no grant at a provider (feeds, CalDAV, Exchange): its secrets
   * are forgotten; with `keepEvents` its calendars and events stay, no longer synced. Google and
   * Outlook go through their services, which also stop channels and revoke the grant.
   */
  async disconnect(scope: Scope, connectionId: string, keepEvents: boolean): Promise<void> {
    const connection = await this.store.connections.get(scope, connectionId);
    if (!connection) throw new AppError('not_found', `connection ${connectionId} not found`);
    if (!keepEvents) {
      await deleteConnectionWithEvents(this.store, scope, connectionId, this.redetect);
      return;
    }
    await this.store.transaction(async (tx) => {
      // Settings stay: connecting the same account again brings this connection back.
      await tx.connections.updateSecrets(scope, connectionId, {});
      await tx.connections.updateStatus(
        scope,
        connectionId,
        'disconnected',
        'disconnected by the user; events kept, no longer synced',
      );
    });
  }

  /** Subscribes to a feed: checks that it answers with iCalendar, stores it, syncs it once. */
  async connectIcsFeed(
    scope: Scope,
    input: { url: string; label?: string },
  ): Promise<ImportResult> {
    const url = checkFeedUrl(input.url);
    const subscribed = await feedSubscription(this.store, scope, url);
    if (subscribed) return this.resubscribe(scope, subscribed);
    const connectionRef = { id: 'new', secrets: { url }, settings: {} };
    const probe = await this.ics.probeFeed(connectionRef).catch((error: unknown) => {
      throw asConnectError(error);
    });
    // The user's label names the calendar too: many feeds have no name of their own.
    const remote = input.label ? { ...probe.calendar, name: input.label } : probe.calendar;
    const label = input.label ?? remote.name ?? new URL(url).hostname;
    const connection = await this.store.connections.create(scope, {
      provider: 'ics',
      label,
      secrets: { url },
      settings: { source: 'feed' },
    });
    const calendar = await this.upsertCalendar(
      scope,
      connection,
      await inOwnersZone(this.store, scope, remote),
    );
    // The first sync reads the answer the probe fetched: the feed is downloaded once.
    const window = this.engine.window();
    const pages = this.ics.feedPages(probe.response, null, window, calendar.timeZone, url);
    const outcome = await this.engine
      .syncCalendar(scope, calendar.id, { pages })
      .catch(async (error: unknown) => {
        // The feed answered a moment ago; if its first sync still fails, keep nothing half-made.
        await deleteConnectionWithEvents(this.store, scope, connection.id, this.redetect);
        throw asConnectError(error);
      });
    return this.result(scope, connection, outcome.issues);
  }

  /**
   * The feed's subscription again: synced now (and active again if it was disconnected), with
   * its events, feedback and label as they are. A failed sync keeps everything.
   */
  private async resubscribe(scope: Scope, connection: Connection): Promise<ImportResult> {
    if (connection.status === 'disconnected')
      await this.store.connections.updateStatus(scope, connection.id, 'active');
    const [calendar] = await this.store.calendars.list(scope, { connectionId: connection.id });
    if (!calendar) return this.result(scope, connection, []);
    const outcome = await this.engine.syncCalendar(scope, calendar.id).catch((error: unknown) => {
      throw asConnectError(error);
    });
    if (outcome.pages > outcome.sameContentPages)
      return this.result(scope, connection, outcome.issues);
    // The feed had not changed (a 304, the same body): this run read no event, and the issues and
    // counts of the last read of that content, which the sync status keeps, still stand.
    return this.storedResult(scope, connection, calendar.id);
  }

  /** The answer from the sync status's last read: its issues and the events they concern. */
  private async storedResult(
    scope: Scope,
    connection: Connection,
    calendarId: string,
  ): Promise<ImportResult> {
    const status = await this.store.syncStatus.get(scope, calendarId);
    return {
      ...(await this.view(scope, connection)),
      issues: status?.lastIssues ?? [],
      eventsLeftOut: status?.lastEventsLeftOut ?? 0,
      eventsKeptWithIssues: status?.lastEventsKept ?? 0,
    };
  }

  /**
   * Imports a file. Importing with the label of an earlier import updates that calendar: changed
   * events are rewritten and events the new file no longer has are removed. So does importing
   * again, without a label, the file at the same `path` (the CLI passes the file's absolute
   * path). Otherwise the import is a calendar of its own, named after the file: exports are
   * often all called `calendar.ics` or `basic.ics`, and a second one must not replace the first.
   */
  async importIcsFile(
    scope: Scope,
    input: {
      fileName: string;
      content: string;
      label?: string;
      path?: string;
      /** How the bytes were read when they named no charset and were not UTF-8. */
      charsetNote?: string;
    },
  ): Promise<ImportResult> {
    const files = (await this.store.connections.list(scope)).filter(
      (c) => c.provider === 'ics' && c.settings['source'] === 'file',
    );
    const samePath = input.path ? files.find((c) => c.settings['path'] === input.path) : undefined;
    const label =
      input.label ??
      samePath?.label ??
      unusedLabel(input.fileName, new Set(files.map((c) => c.label)));
    const existing = files.find((c) => c.label === label);
    let parsed;
    try {
      // By its label, as a re-import finds its calendar: its events without a UID are named
      // as on the earlier import (ics-provider.ts fileSource).
      parsed = this.ics.parse(input.content, 'file', null, fileSource(label));
    } catch (error) {
      // Nothing readable: refuse before anything is stored.
      throw asConnectError(error);
    }
    const connection =
      existing ??
      (await this.store.connections.create(scope, {
        provider: 'ics',
        label,
        secrets: {},
        // A file does not change by itself: nothing to poll until it is imported again.
        settings: {
          source: 'file',
          fileName: input.fileName,
          polling: false,
          ...(input.path ? { path: input.path } : {}),
        },
      }));
    const remote = { ...defaultRemote(label), timeZone: icsCalendarZone(parsed) };
    const calendar = await this.upsertCalendar(
      scope,
      connection,
      await inOwnersZone(this.store, scope, remote),
    );
    // Importing it again is what brings back a file's calendar that was turned off (as earlier
    // versions allowed), and an import into a calendar turned off would store nothing.
    if (!calendar.selected) await this.store.calendars.setSelected(scope, calendar.id, true);
    const textIssues = input.charsetNote
      ? [{ message: input.charsetNote, line: null, providerEventId: null }]
      : [];
    const window = this.engine.window();
    const pages = this.ics.snapshotPages(parsed, window, null, calendar.timeZone, textIssues);
    const outcome = await this.engine.syncCalendar(scope, calendar.id, { pages });
    return this.result(scope, connection, outcome.issues);
  }

  /** What an import or a feed's sync answers: the connection, its issues, the events they cost. */
  private async result(
    scope: Scope,
    connection: Connection,
    issues: SyncIssue[],
  ): Promise<ImportResult> {
    const counts = countEventOutcomes(issues);
    return {
      ...(await this.view(scope, connection)),
      issues,
      eventsLeftOut: counts.leftOut,
      eventsKeptWithIssues: counts.keptWithIssues,
    };
  }

  async view(scope: Scope, connection: Connection): Promise<ConnectionView> {
    const calendars = await this.store.calendars.list(scope, { connectionId: connection.id });
    const statuses = await Promise.all(
      calendars.map((c) => this.store.syncStatus.get(scope, c.id)),
    );
    const sum = (pick: (s: NonNullable<(typeof statuses)[number]>) => number) =>
      statuses.reduce((total, s) => total + (s ? pick(s) : 0), 0);
    const fresh = (await this.store.connections.get(scope, connection.id)) ?? connection;
    return {
      ...connectionSummary(fresh),
      calendars: calendars.map((c) => ({
        id: c.id,
        name: c.name,
        providerCalendarId: c.providerCalendarId,
      })),
      sync: statuses.some(Boolean)
        ? {
            added: sum((s) => s.lastAdded),
            updated: sum((s) => s.lastUpdated),
            deleted: sum((s) => s.lastDeleted),
            issues: sum((s) => s.lastIssueCount),
          }
        : null,
    };
  }

  private async upsertCalendar(scope: Scope, connection: Connection, remote: RemoteCalendar) {
    const calendar = await this.store.calendars.upsert(scope, connection.id, remote);
    if (!calendar) throw new AppError('internal', `connection ${connection.id} vanished`, true);
    return calendar;
  }

  private isConfigured(provider: ProviderKind): boolean {
    if (provider === 'ics' || provider === 'caldav') return true;
    return this.providers[provider] !== null;
  }
}

function connectionSummary(c: Connection): Omit<ConnectionView, 'calendars' | 'sync'> {
  return {
    id: c.id,
    provider: c.provider as ProviderKind,
    label: c.label,
    status: c.status,
    lastError: c.lastError,
    createdAt: c.createdAt,
  };
}

function defaultRemote(name: string): RemoteCalendar {
  return { providerCalendarId: 'default', name, timeZone: null, isPrimary: true };
}

function checkFeedUrl(url: string): string {
  try {
    return normaliseFeedUrl(url);
  } catch (error) {
    throw invalidInput(`url: ${error instanceof Error ? error.message : 'not a URL'}`);
  }
}

/** A feed or file that cannot be read is the caller's problem (400) or the remote's (502). */
export function asConnectError(error: unknown): AppError {
  const cause =
    error instanceof Error && error.cause instanceof ProviderError ? error.cause : error;
  if (cause instanceof ProviderError) {
    // Only passing trouble at the other end is a 502; a wrong URL or a non-calendar is the caller's.
    const code =
      cause.kind === 'transient' || cause.kind === 'rate_limit'
        ? 'provider_error'
        : 'invalid_input';
    return new AppError(code, cause.message, false, { cause });
  }
  if (cause instanceof AppError) return cause;
  return new AppError('internal', 'the calendar could not be imported', true, { cause: error });
}

/** `name`, or `name (2)`, `name (3)`...: the first that no calendar in `taken` has. */
function unusedLabel(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 2; ; n += 1) {
    const candidate = `${name} (${n})`;
    if (!taken.has(candidate)) return candidate;
  }
}
