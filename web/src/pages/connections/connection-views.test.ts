import { describe, expect, it } from 'vitest';
import type { Calendar, CalendarSyncStatus, Provider } from '../../api/providers';
import {
  anySyncing,
  buildConnectionViews,
  connectionKindLabel,
  connectionState,
  lastImportedAt,
  showsTimes,
  type CalendarView,
} from './connection-views';

function calendar(overrides: Partial<Calendar> = {}): Calendar {
  return {
    id: 'cal-1',
    connectionId: 'conn-1',
    provider: 'google',
    name: 'Work',
    timeZone: 'Europe/Berlin',
    isPrimary: true,
    selected: true,
    importedFile: false,
    events: 12,
    lastSuccessAt: '2026-03-02T08:00:00Z',
    nextRunAt: '2026-03-02T08:15:00Z',
    ...overrides,
  };
}

function status(overrides: Partial<CalendarSyncStatus> = {}): CalendarSyncStatus {
  return {
    calendarId: 'cal-1',
    calendarName: 'Work',
    connectionId: 'conn-1',
    provider: 'google',
    state: 'ok',
    lastSyncAt: '2026-03-02T08:01:00Z',
    lastSuccessAt: '2026-03-02T08:01:00Z',
    nextRunAt: '2026-03-02T08:16:00Z',
    eventsCount: 12,
    lastCounts: { added: 0, updated: 0, deleted: 0 },
    issues: [],
    issueCount: 0,
    lastError: null,
    consecutiveFailures: 0,
    failing: false,
    ...overrides,
  };
}

const provider: Provider = {
  provider: 'google',
  name: 'Google Calendar',
  configured: true,
  connectable: true,
  connections: [
    {
      id: 'conn-1',
      provider: 'google',
      label: 'dana@northwind.io',
      status: 'active',
      lastError: null,
      createdAt: '2026-01-01T00:00:00Z',
    },
  ],
};

const view = (overrides: Partial<CalendarView> = {}): CalendarView => ({
  id: 'cal-1',
  name: 'Work',
  isPrimary: true,
  selected: true,
  importedFile: false,
  events: 1,
  lastSyncAt: null,
  nextRunAt: null,
  syncState: 'ok',
  failing: false,
  lastError: null,
  issues: [],
  issueCount: 0,
  ...overrides,
});

describe('connectionState', () => {
  it('puts what the user must do first: reconnect, then a broken connection', () => {
    expect(
      connectionState('reauth_required', 'invalid_grant', [view({ syncState: 'syncing' })]),
    ).toEqual({
      state: 'reauth_required',
      error: 'invalid_grant',
    });
    expect(connectionState('error', 'server down', [])).toEqual({
      state: 'failing',
      error: 'server down',
    });
    expect(connectionState('disconnected', 'x', []).state).toBe('disconnected');
  });

  it('is syncing while a selected calendar syncs, failing when one fails, else connected', () => {
    expect(connectionState('active', null, [view({ syncState: 'syncing' })]).state).toBe('syncing');
    // Stopped part-way (the service stopped): its next run resumes it, so it is not done yet.
    expect(connectionState('active', null, [view({ syncState: 'pending' })]).state).toBe('syncing');
    expect(
      connectionState('active', null, [view({ syncState: 'error', lastError: '503 from Google' })]),
    ).toEqual({ state: 'failing', error: '503 from Google' });
    expect(
      connectionState('active', null, [view({ failing: true, syncState: 'idle' })]).state,
    ).toBe('failing');
    expect(connectionState('active', null, [view()])).toEqual({ state: 'connected', error: null });
  });

  it('ignores calendars that are not synced', () => {
    expect(
      connectionState('active', null, [view({ selected: false, syncState: 'error' })]).state,
    ).toBe('connected');
  });
});

describe('buildConnectionViews', () => {
  it('shows no error once a later sync succeeded (the status keeps the old one)', () => {
    const recovered = status({
      state: 'ok',
      lastSuccessAt: '2026-03-02T09:00:00Z',
      lastError: { kind: 'permanent', message: 'not configured', at: '2026-03-02T08:00:00Z' },
    });
    const [view] = buildConnectionViews([provider], [calendar()], [recovered]);
    expect(view?.calendars[0]?.lastError).toBeNull();
    const failedAgain = {
      ...recovered,
      lastError: { ...recovered.lastError!, at: '2026-03-02T10:00:00Z' },
    };
    const [again] = buildConnectionViews([provider], [calendar()], [failedAgain]);
    expect(again?.calendars[0]?.lastError).toBe('not configured');
  });

  it("carries each calendar's last sync issues, whatever its provider", () => {
    const issue = { message: 'AAMk=: ErrorCorruptData', line: null, providerEventId: 'AAMk=' };
    const [view] = buildConnectionViews([provider], [calendar()], [status({ issues: [issue] })]);
    expect(view?.calendars[0]?.issues).toEqual([issue]);
    const [none] = buildConnectionViews([provider], [calendar()], []);
    expect(none?.calendars[0]?.issues).toEqual([]);
  });

  it('joins calendars and their sync status to their connection', () => {
    const views = buildConnectionViews(
      [provider],
      [
        calendar(),
        calendar({ id: 'cal-2', name: 'Holidays', isPrimary: false, selected: false }),
        calendar({ id: 'other', connectionId: 'conn-9' }),
      ],
      [status({ state: 'error', lastError: { kind: 'http', message: 'timed out', at: null } })],
    );
    expect(views).toHaveLength(1);
    const [only] = views;
    expect(only?.label).toBe('dana@northwind.io');
    expect(only?.state).toBe('failing');
    expect(only?.error).toBe('timed out');
    expect(only?.calendars.map((c) => c.name)).toEqual(['Work', 'Holidays']);
    expect(only?.calendars[0]?.lastSyncAt).toBe('2026-03-02T08:01:00Z');
    expect(only?.calendars[1]?.nextRunAt).toBeNull();
  });
});

describe('connectionKindLabel', () => {
  const icsProvider: Provider = {
    ...provider,
    provider: 'ics',
    name: 'ICS',
    connections: [{ ...provider.connections[0]!, provider: 'ics', label: 'Holidays' }],
  };
  const kindOf = (importedFile: boolean) => {
    const calendars = [calendar({ provider: 'ics', importedFile })];
    const [only] = buildConnectionViews([icsProvider], calendars, []);
    return only && connectionKindLabel(only);
  };

  it('names an imported .ics file a file and a subscribed one a feed', () => {
    expect(kindOf(true)).toBe('Imported file');
    expect(kindOf(false)).toBe('ICS feed');
  });

  it('names other connections by their provider', () => {
    const [google] = buildConnectionViews([provider], [calendar()], []);
    expect(google && connectionKindLabel(google)).toBe('Google Calendar');
  });
});

describe('anySyncing', () => {
  it('says whether a calendar is still syncing', () => {
    expect(anySyncing(undefined)).toBe(false);
    expect(anySyncing([status()])).toBe(false);
    expect(anySyncing([status(), status({ state: 'syncing' })])).toBe(true);
    expect(anySyncing([status(), status({ state: 'pending' })])).toBe(true);
  });
});

describe('showsTimes', () => {
  const connection = (calendars: CalendarView[]) => {
    const [built] = buildConnectionViews([provider], [], []);
    if (!built) throw new Error('no view');
    return { ...built, calendars };
  };

  it('is false while loading, with no connection, and when no calendar has a time', () => {
    expect(showsTimes(undefined)).toBe(false);
    expect(showsTimes([])).toBe(false);
    expect(showsTimes([connection([])])).toBe(false);
    expect(showsTimes([connection([view()])])).toBe(false);
  });

  it('is true when a calendar shows its last sync or its next run', () => {
    expect(showsTimes([connection([view({ lastSyncAt: '2026-03-02T08:01:00Z' })])])).toBe(true);
    expect(showsTimes([connection([view(), view({ nextRunAt: '2026-03-02T08:16:00Z' })])])).toBe(
      true,
    );
  });
});

describe('lastImportedAt', () => {
  it('is the latest import of the file’s calendars, or null before the first', () => {
    const calendars = [
      view({ lastSyncAt: '2026-03-02T08:00:00Z' }),
      view({ lastSyncAt: '2026-03-04T09:30:00Z' }),
      view({ lastSyncAt: null }),
    ];
    expect(lastImportedAt({ calendars })).toBe('2026-03-04T09:30:00Z');
    expect(lastImportedAt({ calendars: [view({ lastSyncAt: null })] })).toBeNull();
  });
});
