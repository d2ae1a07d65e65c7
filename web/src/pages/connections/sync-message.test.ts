import { describe, expect, it } from 'vitest';
import type { CalendarView } from './connection-views';
import { syncMessage } from './sync-message';

const calendar = (id: string, selected: boolean): CalendarView => ({
  id,
  name: id,
  isPrimary: false,
  selected,
  importedFile: false,
  events: 0,
  lastSyncAt: null,
  nextRunAt: null,
  syncState: null,
  failing: false,
  lastError: null,
  issues: [],
  issueCount: 0,
});

const view = {
  label: 'dana@northwind.io',
  provider: 'google' as const,
  calendars: [calendar('work', true), calendar('team', true), calendar('holidays', false)],
};

describe('syncMessage', () => {
  it('counts the synced calendars the server queued, not the others', () => {
    const queued = ['work', 'team', 'holidays'].map((calendarId) => ({ calendarId, jobId: 'j' }));
    expect(syncMessage(view, queued)).toBe('Sync started for 2 calendars of dana@northwind.io.');
    expect(syncMessage(view, [{ calendarId: 'work', jobId: null }])).toBe(
      'Sync started for 1 calendar of dana@northwind.io.',
    );
  });

  it('says why nothing was queued', () => {
    expect(syncMessage(view, [])).toBe(
      "dana@northwind.io is kept up to date by its provider's notifications; nothing to queue.",
    );
    expect(syncMessage({ ...view, provider: 'ics', label: 'work.ics' }, [])).toBe(
      'work.ics is an imported file: import it again to update it; nothing to queue.',
    );
  });
});
