import { describe, expect, it } from 'vitest';
import type { ConnectedAccount } from '../../api/providers';
import { importReport, issueText } from './import-report';

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

describe('issueText', () => {
  it('says where the broken event is when the file says', () => {
    expect(issueText({ message: 'DTSTART is missing', line: 12, providerEventId: null })).toBe(
      'Line 12: DTSTART is missing',
    );
    expect(issueText({ message: 'bad RRULE', line: 3, providerEventId: 'uid-7' })).toBe(
      'Line 3, event uid-7: bad RRULE',
    );
    expect(issueText({ message: 'unreadable', line: null, providerEventId: null })).toBe(
      'unreadable',
    );
    expect(
      issueText({ message: 'line 14: DTSTART not a date', line: 14, providerEventId: 'bad1' }),
    ).toBe('Line 14, event bad1: DTSTART not a date');
  });
});

describe('importReport', () => {
  it('counts what was added and updated, and removals only when there were some', () => {
    expect(importReport(imported({ added: 4, updated: 0, deleted: 0, issues: 0 }), [])).toEqual({
      label: 'work.ics',
      message: 'Imported “work.ics”: 4 events added, 0 updated.',
      issues: [],
      unlisted: 0,
    });
    expect(
      importReport(imported({ added: 1, updated: 2, deleted: 3, issues: 0 }), null).message,
    ).toBe('Imported “work.ics”: 1 event added, 2 updated, 3 removed.');
  });

  it('lists the events that could not be read, with their line', () => {
    const report = importReport(imported({ added: 3, updated: 0, deleted: 0, issues: 3 }), [
      { message: 'truncated', line: null, providerEventId: 'big' },
      { message: 'DTEND before DTSTART', line: 40, providerEventId: null },
      { message: 'bad RRULE', line: 12, providerEventId: null },
    ]);
    expect(report.message).toBe(
      'Imported “work.ics”: 3 events added, 0 updated. 3 events could not be read: see the list under the import form.',
    );
    expect(report.issues).toEqual([
      'Line 12: bad RRULE',
      'Line 40: DTEND before DTSTART',
      'Event big: truncated',
    ]);
    expect(report.unlisted).toBe(0);
  });

  it('still gives the count when the details could not be fetched', () => {
    const report = importReport(imported({ added: 0, updated: 0, deleted: 0, issues: 2 }), null);
    expect(report.message).toBe(
      'Imported “work.ics”: 0 events added, 0 updated. 2 events could not be read.',
    );
    expect(report.unlisted).toBe(2);
    expect(importReport(imported(null), null).message).toBe(
      'Imported “work.ics”: 0 events added, 0 updated.',
    );
  });
});
