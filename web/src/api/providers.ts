import { apiRequest, CALENDAR_API } from './client';

export type ProviderKind = 'google' | 'microsoft' | 'exchange' | 'caldav' | 'ics';
export type ConnectionStatus = 'active' | 'reauth_required' | 'error' | 'disconnected';

export interface ConnectionSummary {
  id: string;
  provider: ProviderKind;
  label: string;
  status: ConnectionStatus;
  lastError: string | null;
  createdAt: string;
}

export interface Provider {
  provider: ProviderKind;
  name: string;
  configured: boolean;
  connectable: boolean;
  connections: ConnectionSummary[];
}

export interface Calendar {
  id: string;
  connectionId: string;
  provider: string;
  name: string;
  timeZone: string | null;
  isPrimary: boolean;
  selected: boolean;
  /** An imported .ics file, not a feed: it cannot be turned off (nothing could sync it back). */
  importedFile: boolean;
  events: number;
  lastSuccessAt: string | null;
  nextRunAt: string | null;
}

/** `pending`: a sync stopped part-way; the next run resumes it (see the API's sync status). */
export type SyncState = 'idle' | 'syncing' | 'pending' | 'ok' | 'error';

export interface CalendarSyncStatus {
  calendarId: string;
  calendarName: string;
  connectionId: string;
  provider: ProviderKind;
  state: SyncState;
  lastSyncAt: string | null;
  lastSuccessAt: string | null;
  nextRunAt: string | null;
  eventsCount: number;
  lastCounts: { added: number; updated: number; deleted: number };
  /** The first 200 issues of the last completed sync. */
  issues: { message: string; line: number | null; providerEventId: string | null }[];
  /** How many issues it had: more than `issues` lists when there were over 200. */
  issueCount: number;
  lastError: { kind: string; message: string; at: string | null } | null;
  consecutiveFailures: number;
  failing: boolean;
}

export interface ConnectStarted {
  authorizationUrl: string;
  expiresAt: string;
}

export interface ExchangeConnectInput {
  email: string;
  username: string;
  authType: 'basic' | 'ntlm' | 'oauth';
  password?: string;
  token?: string;
}

export interface CaldavConnectInput {
  serverUrl: string;
  username: string;
  password: string;
}

export interface IcsFeedInput {
  url: string;
  label?: string;
}

export interface IcsFileInput {
  file: File;
  label?: string;
}

/** What a connect answers: the connection, its calendars, and the counts of its first sync. */
export interface ConnectedAccount extends ConnectionSummary {
  calendars: { id: string; name: string; providerCalendarId: string }[];
  sync: { added: number; updated: number; deleted: number; issues: number } | null;
}

/**
 * An .ics import's or feed's answer: also the events its issues left out (not stored) and those
 * it stored despite an issue, each event counted once.
 */
export interface IcsConnection extends ConnectedAccount {
  eventsLeftOut: number;
  eventsKeptWithIssues: number;
}

/** A CalDAV connect's answer: also the calendars the server listed that could not be connected. */
export interface CaldavConnection extends ConnectedAccount {
  skippedCalendars: { href: string; reason: string }[];
}

export type SyncIssue = CalendarSyncStatus['issues'][number];

export interface DisconnectResult {
  disconnected: string[];
  eventsKept: boolean;
}

export interface SyncQueued {
  queued: { calendarId: string; jobId: string | null }[];
}

/** The OAuth providers and the path segment of their connect route. */
export type OAuthProvider = 'google' | 'outlook';

export async function listProviders(signal?: AbortSignal): Promise<Provider[]> {
  const body = await apiRequest<{ providers: Provider[] }>(`${CALENDAR_API}/providers/`, {
    signal,
  });
  return body.providers;
}

export async function listCalendars(signal?: AbortSignal): Promise<Calendar[]> {
  const body = await apiRequest<{ items: Calendar[] }>(`${CALENDAR_API}/calendars/`, { signal });
  return body.items;
}

export async function listSyncStatus(signal?: AbortSignal): Promise<CalendarSyncStatus[]> {
  const body = await apiRequest<{ calendars: CalendarSyncStatus[] }>(
    `${CALENDAR_API}/sync/status/`,
    { signal },
  );
  return body.calendars;
}

export function selectCalendar(id: string, selected: boolean): Promise<Calendar> {
  return apiRequest<Calendar>(`${CALENDAR_API}/calendars/${encodeURIComponent(id)}/`, {
    method: 'PATCH',
    body: { selected },
  });
}

/** Queues every calendar of one connection (404 when there is no such connection). */
export function syncConnection(connectionId: string): Promise<SyncQueued> {
  return apiRequest<SyncQueued>(`${CALENDAR_API}/sync/`, {
    method: 'POST',
    body: { connectionId },
  });
}

/** `loginHint`: the account the provider's sign-in page offers first (the user may pick another). */
export function startOAuthConnect(
  provider: OAuthProvider,
  loginHint?: string,
): Promise<ConnectStarted> {
  return apiRequest<ConnectStarted>(`${CALENDAR_API}/providers/${provider}/connect/`, {
    method: 'POST',
    body: loginHint ? { loginHint } : {},
  });
}

export function connectExchange(input: ExchangeConnectInput): Promise<ConnectionSummary> {
  return apiRequest(`${CALENDAR_API}/providers/exchange/connect/`, { method: 'POST', body: input });
}

export function connectCaldav(input: CaldavConnectInput): Promise<CaldavConnection> {
  return apiRequest(`${CALENDAR_API}/providers/caldav/connect/`, { method: 'POST', body: input });
}

export function addIcsFeed(input: IcsFeedInput): Promise<ConnectionSummary> {
  return apiRequest(`${CALENDAR_API}/providers/ics/connect/`, { method: 'POST', body: input });
}

/**
 * Imports an .ics file as a multipart upload (the `file` field, then an optional `label`);
 * importing with the label of an earlier import updates that calendar; without one, the file is a
 * new calendar named after it.
 */
export function importIcsFile(input: IcsFileInput): Promise<IcsConnection> {
  const form = new FormData();
  if (input.label) form.append('label', input.label);
  form.append('file', input.file, input.file.name);
  return apiRequest(`${CALENDAR_API}/providers/ics/connect/`, { method: 'POST', body: form });
}

export function disconnect(connectionId: string, keepEvents: boolean): Promise<DisconnectResult> {
  return apiRequest<DisconnectResult>(
    `${CALENDAR_API}/providers/${encodeURIComponent(connectionId)}/disconnect/`,
    { method: 'POST', body: { keepEvents } },
  );
}

/**
 * Deletes an imported file's calendar with its events and its connection (204); a calendar
 * synced from a provider or a feed is refused (409): turn it off or disconnect it instead.
 */
export function deleteImportedCalendar(calendarId: string): Promise<void> {
  return apiRequest<void>(`${CALENDAR_API}/calendars/${encodeURIComponent(calendarId)}/`, {
    method: 'DELETE',
  });
}
