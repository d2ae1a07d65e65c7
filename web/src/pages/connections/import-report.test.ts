import { describe, expect, it } from 'vitest';
import type { IcsConnection } from '../../api/providers';
import { importReport, issuesHeading } from './import-report';

function imported(
  sync: IcsConnection['sync'],
  events: { leftOut: number; kept: number } = { leftOut: 0, kept: 0 },
): IcsConnection {
  return {
    id: 'conn-1',
    provider: 'ics',
    label: 'work.ics',
    status: 'active',
    lastError: null,
    createdAt: '2026-03-02T08:00:00Z',
    calendars: [{ id: 'cal-1', name: 'work.ics', providerCalendarId: 'file' }],
    sync,
    eventsLeftOut: events.leftOut,
    eventsKeptWithIssues: events.kept,
  };
}

/** A 9-event file: 3 events left out (two without a start, one unreadable); 1 with its DTEND first, kept. */
const NINE_EVENTS = imported(
  { added: 6, updated: 0, deleted: 0, issues: 4 },
  { leftOut: 3, kept: 1 },
);
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
      keptWithIssues: 0,
    });
    expect(
      importReport(imported({ added: 1, updated: 2, deleted: 3, issues: 0 }), null).message,
    ).toBe('Imported “work.ics”: 1 event added, 2 updated, 3 removed.');
  });

  it('counts issues, and the events left out and kept as the import counted them', () => {
    const report = importReport(NINE_EVENTS, nineEventIssues);
    expect(report.message).toBe(
      'Imported “work.ics”: 6 events added, 0 updated. 4 issues, 3 events left out, 1 kept despite an issue: listed below.',
    );
    expect(report.message).not.toMatch(/could not be read/);
    expect(issuesHeading(report)).toBe('4 issues in “work.ics”');
    expect(report).toMatchObject({ leftOut: 3, keptWithIssues: 1 });
  });

  it('takes the counts from the answer, not from the wording of the issues', () => {
    // Two issues about one event that was left out: one event, whatever the rows say.
    const oneEvent = imported(
      { added: 0, updated: 0, deleted: 0, issues: 2 },
      { leftOut: 1, kept: 0 },
    );
    const report = importReport(oneEvent, nineEventIssues.slice(1, 3));
    expect(report.leftOut).toBe(1);
    expect(report.message).toBe(
      'Imported “work.ics”: 0 events added, 0 updated. 2 issues, 1 event left out: listed below.',
    );
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
    const report = importReport(
      imported({ added: 1, updated: 0, deleted: 0, issues: 1 }, { leftOut: 0, kept: 1 }),
      [nineEventIssues[0]!],
    );
    expect(report.message).toBe(
      'Imported “work.ics”: 1 event added, 0 updated. 1 issue, no event left out, 1 kept despite an issue: listed below.',
    );
    expect(issuesHeading(report)).toBe('1 issue in “work.ics”');
  });

  it('gives the counts without the list when the details of the issues could not be fetched', () => {
    const report = importReport(
      imported({ added: 0, updated: 0, deleted: 0, issues: 2 }, { leftOut: 2, kept: 0 }),
      null,
    );
    expect(report.message).toBe(
      'Imported “work.ics”: 0 events added, 0 updated. 2 issues, 2 events left out.',
    );
    expect(report.unlisted).toBe(2);
    expect(report.leftOut).toBe(2);
    expect(importReport(imported(null), null).message).toBe(
      'Imported “work.ics”: 0 events added, 0 updated.',
    );
  });

  it('counts the left-out events also when some issues are not listed', () => {
    const report = importReport(NINE_EVENTS, nineEventIssues.slice(0, 2));
    expect(report.message).toBe(
      'Imported “work.ics”: 6 events added, 0 updated. 4 issues, 3 events left out, 1 kept despite an issue: listed below.',
    );
    expect(report.unlisted).toBe(2);
    expect(report.leftOut).toBe(3);
  });
});
