import { describe, expect, it } from 'vitest';
import type { ConnectedAccount } from '../../api/providers';
import { importReport, issuesHeading } from './import-report';

function imported(sync: ConnectedAccount['sync']): ConnectedAccount {
  return {
    id: 'conn-1',
    provider: 'ics',
    label: 'work.ics',
    status: 'active',
    lastError: null,
    createdAt: '2026-03-02T08:00:00Z',
    calendars: [{ id: 'cal-1', name: 'work.ics', providerCalendarId: 'file' }],
    sync,
  };
}

/** A 9-event file: 3 events without a start, left out; 1 with its DTEND first, kept. */
const NINE_EVENTS = imported({ added: 6, updated: 0, deleted: 0, issues: 4 });
const nineEventIssues = [
  {
    message:
      'line 40: DTEND "20260302T090000Z" is before DTSTART; the event is read as running from DTEND to DTSTART',
    line: 40,
    providerEventId: 'swapped',
  },
  { message: 'VEVENT has no DTSTART; event skipped', line: 12, providerEventId: 'a' },
  { message: 'VEVENT has no DTSTART; event skipped', line: 20, providerEventId: 'b' },
  {
    message: 'line 30: VEVENT could not be read (bad line); skipped',
    line: 30,
    providerEventId: null,
  },
];

describe('importReport', () => {
  it('counts what was added and updated, and removals only when there were some', () => {
    expect(importReport(imported({ added: 4, updated: 0, deleted: 0, issues: 0 }), [])).toEqual({
      label: 'work.ics',
      message: 'Imported “work.ics”: 4 events added, 0 updated.',
      rows: [],
      total: 0,
      unlisted: 0,
      leftOut: 0,
    });
    expect(
      importReport(imported({ added: 1, updated: 2, deleted: 3, issues: 0 }), null).message,
    ).toBe('Imported “work.ics”: 1 event added, 2 updated, 3 removed.');
  });

  it('counts issues, not unread events, and the events left out when every issue is listed', () => {
    const report = importReport(NINE_EVENTS, nineEventIssues);
    expect(report.message).toBe(
      'Imported “work.ics”: 6 events added, 0 updated. 4 issues, 3 events left out: see the list under the import form.',
    );
    expect(report.message).not.toMatch(/could not be read/);
    expect(issuesHeading(report)).toBe('4 issues in “work.ics”');
    expect(report.leftOut).toBe(3);
  });

  it('says for each issue, in the order of the file, what was done', () => {
    const report = importReport(NINE_EVENTS, nineEventIssues);
    expect(report.rows.map((row) => [row.line, row.problem, row.done])).toEqual([
      [12, 'VEVENT has no DTSTART', 'Event skipped'],
      [20, 'VEVENT has no DTSTART', 'Event skipped'],
      [30, 'VEVENT could not be read (bad line)', 'Skipped'],
      [
        40,
        'DTEND "20260302T090000Z" is before DTSTART',
        'The event is read as running from DTEND to DTSTART',
      ],
    ]);
  });

  it('says no event was left out when every listed issue kept its event', () => {
    const report = importReport(imported({ added: 1, updated: 0, deleted: 0, issues: 1 }), [
      nineEventIssues[0]!,
    ]);
    expect(report.message).toBe(
      'Imported “work.ics”: 1 event added, 0 updated. 1 issue, no event left out: see the list under the import form.',
    );
    expect(issuesHeading(report)).toBe('1 issue in “work.ics”');
  });

  it('gives only the count of issues when their details could not be fetched', () => {
    const report = importReport(imported({ added: 0, updated: 0, deleted: 0, issues: 2 }), null);
    expect(report.message).toBe('Imported “work.ics”: 0 events added, 0 updated. 2 issues.');
    expect(report.unlisted).toBe(2);
    expect(report.leftOut).toBeNull();
    expect(importReport(imported(null), null).message).toBe(
      'Imported “work.ics”: 0 events added, 0 updated.',
    );
  });

  it('does not count left-out events when some issues are not listed', () => {
    const report = importReport(NINE_EVENTS, nineEventIssues.slice(0, 2));
    expect(report.message).toBe(
      'Imported “work.ics”: 6 events added, 0 updated. 4 issues: see the list under the import form.',
    );
    expect(report.unlisted).toBe(2);
    expect(report.leftOut).toBeNull();
  });
});
