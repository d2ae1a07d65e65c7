import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { CalendarView } from './connection-views';
import { sharedCalendarErrorText, sharedCalendarState } from './shared-calendar-text';

const BOSS = 'boss@contoso.test';
const ASK = /Ask them to give you the Reviewer permission \(or delegate access\)/;

describe('sharedCalendarErrorText', () => {
  it('asks to check the spelling when Exchange has no such mailbox (404)', () => {
    const error = new ApiError(
      404,
      'mailbox_not_found',
      'Exchange has no mailbox with the address',
    );
    expect(sharedCalendarErrorText(error, BOSS)).toBe(
      'Exchange has no mailbox with the address boss@contoso.test. Check the spelling.',
    );
  });

  it('says the calendar is not shared, and what to ask its owner for (403)', () => {
    const error = new ApiError(
      403,
      'calendar_access_denied',
      `this mailbox may not open the calendar of ${BOSS} (Exchange answered ErrorAccessDenied): its owner must share it`,
    );
    const text = sharedCalendarErrorText(error, BOSS);
    expect(text).toMatch(/^boss@contoso\.test has not shared their calendar with you\. /);
    expect(text).toMatch(ASK);
  });

  it('tells a calendar shared for free/busy only apart, with the same request (403)', () => {
    const error = new ApiError(
      403,
      'calendar_access_denied',
      `the calendar of ${BOSS} is shared with this mailbox for free/busy only: its meetings cannot be read.`,
    );
    const text = sharedCalendarErrorText(error, BOSS);
    expect(text).toMatch(
      /^boss@contoso\.test shares only when they are free or busy, not their meetings\. /,
    );
    expect(text).toMatch(ASK);
  });

  it("says the connection's own mailbox is synced already, and asks for one address otherwise (400)", () => {
    const own = new ApiError(
      400,
      'invalid_input',
      "alice@contoso.test is this connection's own mailbox: its Calendar is synced",
    );
    expect(sharedCalendarErrorText(own, 'alice@contoso.test')).toBe(
      "alice@contoso.test is this connection's own mailbox: its calendar is already synced.",
    );
    const list = new ApiError(400, 'invalid_input', '"a@b.c, d@e.f" is not an email address');
    expect(sharedCalendarErrorText(list, 'a@b.c, d@e.f')).toBe(
      'Enter one email address, such as name@company.com.',
    );
  });

  it("says whom to ask when Exchange is not set up, not the server's variables (409)", () => {
    const error = new ApiError(409, 'not_configured', 'set EXCHANGE_SERVER_URL');
    expect(sharedCalendarErrorText(error, BOSS)).toBe(
      'Exchange is not set up on this server; ask your administrator.',
    );
  });

  it("keeps the server's words for anything else", () => {
    const error = new ApiError(502, 'provider_error', 'Exchange did not answer.');
    expect(sharedCalendarErrorText(error, BOSS)).toBe('Exchange did not answer.');
    expect(sharedCalendarErrorText(new Error('boom'), BOSS)).toBe('boom');
  });
});

function calendarView(overrides: Partial<CalendarView> = {}): CalendarView {
  return {
    id: 'cal-boss',
    name: `Calendar (${BOSS})`,
    isPrimary: false,
    selected: true,
    importedFile: false,
    events: 3,
    lastSyncAt: '2026-03-02T08:01:00Z',
    nextRunAt: null,
    syncState: 'ok',
    failing: false,
    lastError: null,
    issues: [],
    issueCount: 0,
    ...overrides,
  };
}

describe('sharedCalendarState', () => {
  const state = (missingSince: string | null, calendar: CalendarView | undefined) =>
    sharedCalendarState(missingSince, calendar, 'UTC');

  it('says when it last synced', () => {
    expect(state(null, calendarView())).toEqual({
      text: expect.stringMatching(/^Synced .*2026.*08:01/),
      tone: 'success',
    });
  });

  it('waits for the first sync until the lists have it, or until it has synced once', () => {
    expect(state(null, undefined)).toEqual({ text: 'Waiting for its first sync', tone: 'info' });
    expect(state(null, calendarView({ lastSyncAt: null, syncState: 'idle' }))).toEqual({
      text: 'Waiting for its first sync',
      tone: 'info',
    });
  });

  it('says it is syncing, failing or turned off', () => {
    expect(state(null, calendarView({ syncState: 'syncing' })).text).toBe('Syncing');
    expect(state(null, calendarView({ syncState: 'pending' })).text).toBe('Syncing');
    expect(state(null, calendarView({ syncState: 'error' }))).toEqual({
      text: 'Failing',
      tone: 'danger',
    });
    expect(state(null, calendarView({ failing: true })).text).toBe('Failing');
    expect(state(null, calendarView({ selected: false })).text).toBe('Turned off');
  });

  it('says first that Exchange no longer opens it, whatever its last sync', () => {
    expect(state('2026-03-02T09:00:00Z', calendarView())).toEqual({
      text: 'No longer shared with you',
      tone: 'danger',
    });
  });
});
