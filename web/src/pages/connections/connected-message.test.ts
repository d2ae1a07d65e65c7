import { describe, expect, it } from 'vitest';
import type { CaldavConnection } from '../../api/providers';
import { caldavConnectedMessage } from './connected-message';

function connected(skippedCalendars: CaldavConnection['skippedCalendars']): CaldavConnection {
  return {
    id: 'conn-1',
    provider: 'caldav',
    label: 'ana @ caldav.example',
    status: 'active',
    lastError: null,
    createdAt: '2026-03-02T08:00:00Z',
    calendars: [{ id: 'cal-1', name: 'Work', providerCalendarId: 'https://caldav.example/w/' }],
    sync: null,
    skippedCalendars,
  };
}

describe('caldavConnectedMessage', () => {
  it('says only what was connected when every calendar could be read', () => {
    expect(caldavConnectedMessage(connected([]))).toBe(
      'Connected ana @ caldav.example. Its calendars are syncing now.',
    );
  });

  it('names how many calendars on the server could not be read, and why', () => {
    expect(
      caldavConnectedMessage(
        connected([
          { href: '', reason: 'the calendar "Odd" has an empty href' },
          { href: 'http://[::1/x/', reason: 'the calendar at "http://[::1/x/" is not a URL' },
        ]),
      ),
    ).toBe(
      'Connected ana @ caldav.example. Its calendars are syncing now. 2 calendars on the server could not be read: the calendar "Odd" has an empty href; the calendar at "http://[::1/x/" is not a URL.',
    );
    expect(
      caldavConnectedMessage(connected([{ href: '', reason: 'it has an empty href' }])),
    ).toMatch(/ 1 calendar on the server could not be read: it has an empty href\.$/);
  });
});
