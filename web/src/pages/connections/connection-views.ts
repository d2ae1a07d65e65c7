/**
 * One view per connection, put together from the three answers that each know part of it: the
 * providers (the connection and its status), the calendars (selected, events) and the sync
 * status (running, failing, last error).
 */
import type {
  Calendar,
  CalendarSyncStatus,
  ConnectionStatus,
  Provider,
  ProviderKind,
  SyncIssue,
  SyncState,
} from '../../api/providers';
import { providerLabel } from '../../lib/labels';

export type ConnectionState =
  'connected' | 'syncing' | 'reauth_required' | 'failing' | 'disconnected';

export const CONNECTION_STATE_LABELS: Record<ConnectionState, string> = {
  connected: 'Connected',
  syncing: 'Syncing',
  reauth_required: 'Reconnect needed',
  failing: 'Failing',
  disconnected: 'Disconnected',
};

export interface CalendarView {
  id: string;
  name: string;
  isPrimary: boolean;
  selected: boolean;
  importedFile: boolean;
  events: number;
  lastSyncAt: string | null;
  nextRunAt: string | null;
  syncState: SyncState | null;
  failing: boolean;
  lastError: string | null;
  /** What its last completed sync could not read or apply, whatever the provider: the first 200. */
  issues: SyncIssue[];
  /** How many issues that sync had, listed or not. */
  issueCount: number;
}

export interface ConnectionView {
  id: string;
  provider: ProviderKind;
  providerName: string;
  label: string;
  /** An imported .ics file rather than a feed or an account. */
  importedFile: boolean;
  status: ConnectionStatus;
  state: ConnectionState;
  /** Why it is failing or needs reconnecting, when it is. */
  error: string | null;
  calendars: CalendarView[];
}

export function calendarView(
  calendar: Calendar,
  status: CalendarSyncStatus | undefined,
): CalendarView {
  return {
    id: calendar.id,
    name: calendar.name,
    isPrimary: calendar.isPrimary,
    selected: calendar.selected,
    importedFile: calendar.importedFile,
    events: calendar.events,
    lastSyncAt: status?.lastSyncAt ?? calendar.lastSuccessAt,
    nextRunAt: calendar.selected ? (calendar.nextRunAt ?? status?.nextRunAt ?? null) : null,
    syncState: status?.state ?? null,
    failing: status?.failing ?? false,
    lastError: currentError(status),
    issues: status?.issues ?? [],
    issueCount: Math.max(status?.issueCount ?? 0, status?.issues.length ?? 0),
  };
}

/**
 * The last error, unless a sync has succeeded since. A success now clears the stored error; a
 * status stored before that change may still hold one older than its last success.
 */
function currentError(status: CalendarSyncStatus | undefined): string | null {
  const error = status?.lastError;
  if (!error) return null;
  if (status.state === 'error' || status.failing) return error.message;
  const recovered =
    status.lastSuccessAt !== null && error.at !== null && error.at <= status.lastSuccessAt;
  return recovered ? null : error.message;
}

/**
 * The connection's own status comes first (a refused grant or a stopped connection is what the
 * user must act on), then a sync running now, then calendars whose syncs fail.
 */
export function connectionState(
  status: ConnectionStatus,
  connectionError: string | null,
  calendars: readonly CalendarView[],
): { state: ConnectionState; error: string | null } {
  if (status === 'reauth_required') return { state: 'reauth_required', error: connectionError };
  if (status === 'disconnected') return { state: 'disconnected', error: null };
  if (status === 'error') return { state: 'failing', error: connectionError };
  const synced = calendars.filter((c) => c.selected);
  if (synced.some((c) => isSyncing(c.syncState))) return { state: 'syncing', error: null };
  const broken = synced.find((c) => c.failing || c.syncState === 'error');
  if (broken) return { state: 'failing', error: broken.lastError ?? connectionError };
  return { state: 'connected', error: null };
}

export function buildConnectionViews(
  providers: readonly Provider[],
  calendars: readonly Calendar[],
  statuses: readonly CalendarSyncStatus[],
): ConnectionView[] {
  const statusById = new Map(statuses.map((s) => [s.calendarId, s]));
  return providers.flatMap((provider) =>
    [...provider.connections]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((connection) => {
        const views = calendars
          .filter((c) => c.connectionId === connection.id)
          .map((c) => calendarView(c, statusById.get(c.id)))
          .sort(
            (a, b) => Number(b.isPrimary) - Number(a.isPrimary) || a.name.localeCompare(b.name),
          );
        return {
          id: connection.id,
          provider: connection.provider,
          providerName: provider.name,
          label: connection.label,
          importedFile: views.some((c) => c.importedFile),
          status: connection.status,
          ...connectionState(connection.status, connection.lastError, views),
          calendars: views,
        };
      }),
  );
}

/** What a connection is, for its title: an .ics connection is an imported file or a feed. */
export function connectionKindLabel(
  view: Pick<ConnectionView, 'provider' | 'importedFile'>,
): string {
  if (view.provider !== 'ics') return providerLabel(view.provider);
  return view.importedFile ? 'Imported file' : 'ICS feed';
}

/**
 * Whether a calendar's sync is under way: running, or stopped part-way (`pending`: the service
 * stopped during it, and its next run resumes it), which is not yet a finished sync either.
 */
export function isSyncing(state: SyncState | null): boolean {
  return state === 'syncing' || state === 'pending';
}

/** Whether any calendar is syncing, so that the page keeps asking until it is done. */
export function anySyncing(statuses: readonly CalendarSyncStatus[] | undefined): boolean {
  return statuses?.some((s) => isSyncing(s.state)) ?? false;
}

/** Whether the connections show a time (a last sync or a next run), which the zone note is for. */
export function showsTimes(views: readonly ConnectionView[] | undefined): boolean {
  return (
    views?.some((view) =>
      view.calendars.some((c) => c.lastSyncAt !== null || c.nextRunAt !== null),
    ) ?? false
  );
}

/**
 * When an imported file was last imported: its calendars' latest successful sync (an import is
 * one), or null before the first. A file is not a live connection, so its badge says this
 * rather than "Connected".
 */
export function lastImportedAt(view: Pick<ConnectionView, 'calendars'>): string | null {
  const times = view.calendars.flatMap((c) => (c.lastSyncAt ? [c.lastSyncAt] : []));
  return times.length > 0 ? times.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b)) : null;
}
