/** events.list parameters (contract §1.1): read, checked, and keyed for the paging rules. */
import { badRequest, GoogleApiError, invalidParameter, timeRangeEmpty } from './errors.js';
import { parseQueryInstant } from './times.js';

export interface ListQuery {
  singleEvents: boolean;
  /** undefined when not sent: only an explicit false is refused beside a sync token. */
  showDeleted: boolean | undefined;
  orderBy: 'startTime' | 'updated' | undefined;
  maxResults: number;
  timeMin: number | undefined;
  timeMax: number | undefined;
  updatedMin: number | undefined;
  q: string | undefined;
  iCalUID: string | undefined;
  eventTypes: string[];
  privateExtendedProperty: string[];
  sharedExtendedProperty: string[];
  maxAttendees: number | undefined;
  timeZone: string | undefined;
  syncToken: string | undefined;
  pageToken: string | undefined;
  /**
   * Every parameter but pageToken and syncToken: later pages must be asked for with the same.
   * The sync token itself may be repeated or left out on later pages (clients do both).
   */
  paramsKey: string;
  /** What a sync token remembers of its full sync and the next call must repeat. */
  filterKey: string;
}

export const DEFAULT_MAX_RESULTS = 250;
export const MAX_MAX_RESULTS = 2500;

/** Parameters a sync token cannot be combined with (events.list reference). */
const NOT_WITH_SYNC_TOKEN = [
  'iCalUID',
  'orderBy',
  'privateExtendedProperty',
  'q',
  'sharedExtendedProperty',
  'timeMin',
  'timeMax',
  'updatedMin',
];

function bool(params: URLSearchParams, name: string): boolean | undefined {
  const value = params.get(name);
  if (value === null) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw invalidParameter(`Invalid value for: ${name}`, name);
}

function int(params: URLSearchParams, name: string): number | undefined {
  const value = params.get(name);
  if (value === null) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw invalidParameter(`Invalid value for: ${name}`, name);
  return n;
}

function instant(params: URLSearchParams, name: string): number | undefined {
  const value = params.get(name);
  return value === null ? undefined : parseQueryInstant(value, name);
}

function orderBy(params: URLSearchParams, singleEvents: boolean): ListQuery['orderBy'] {
  const value = params.get('orderBy') ?? undefined;
  if (value === undefined || value === 'updated') return value;
  if (value !== 'startTime') throw invalidParameter('Invalid value for: orderBy', 'orderBy');
  if (!singleEvents)
    throw badRequest(
      'The requested ordering is not available for the particular query.',
      'orderBy',
    );
  return value;
}

/** The sync-token restriction error: the contract names this reason as reported, unverified. */
function syncTokenRestricted(name: string): GoogleApiError {
  return new GoogleApiError(400, {
    domain: 'calendar',
    reason: 'syncTokenWithRequestRestrictions',
    message: `Sync token cannot be used with the request restriction ${name}.`,
    locationType: 'parameter',
    location: name,
  });
}

function keyOf(params: URLSearchParams, skip: string[]): string {
  const entries = [...params.entries()].filter(([name]) => !skip.includes(name));
  return JSON.stringify(entries.sort(([a, x], [b, y]) => a.localeCompare(b) || x.localeCompare(y)));
}

export function parseListQuery(params: URLSearchParams): ListQuery {
  const singleEvents = bool(params, 'singleEvents') ?? false;
  const query: ListQuery = {
    singleEvents,
    showDeleted: bool(params, 'showDeleted'),
    orderBy: orderBy(params, singleEvents),
    maxResults: Math.min(int(params, 'maxResults') ?? DEFAULT_MAX_RESULTS, MAX_MAX_RESULTS),
    timeMin: instant(params, 'timeMin'),
    timeMax: instant(params, 'timeMax'),
    updatedMin: instant(params, 'updatedMin'),
    q: params.get('q') ?? undefined,
    iCalUID: params.get('iCalUID') ?? undefined,
    eventTypes: params.getAll('eventTypes'),
    privateExtendedProperty: params.getAll('privateExtendedProperty'),
    sharedExtendedProperty: params.getAll('sharedExtendedProperty'),
    maxAttendees: int(params, 'maxAttendees'),
    timeZone: params.get('timeZone') ?? undefined,
    syncToken: params.get('syncToken') ?? undefined,
    pageToken: params.get('pageToken') ?? undefined,
    paramsKey: keyOf(params, ['pageToken', 'syncToken']),
    filterKey: JSON.stringify({
      singleEvents,
      eventTypes: params.getAll('eventTypes').sort(),
      showHiddenInvitations: params.get('showHiddenInvitations') === 'true',
    }),
  };
  if (query.timeMin !== undefined && query.timeMax !== undefined && query.timeMax <= query.timeMin)
    throw timeRangeEmpty();
  if (query.syncToken !== undefined) checkSyncTokenCompanions(params, query);
  return query;
}

function checkSyncTokenCompanions(params: URLSearchParams, query: ListQuery): void {
  const forbidden = NOT_WITH_SYNC_TOKEN.find((name) => params.has(name));
  if (forbidden) throw syncTokenRestricted(forbidden);
  // Deletions always come back with a sync token, so asking not to see them is a contradiction.
  if (query.showDeleted === false) throw syncTokenRestricted('showDeleted');
}
