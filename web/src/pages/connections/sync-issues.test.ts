import { describe, expect, it } from 'vitest';
import { issueRow, issueRows, REST_SYNCED } from './sync-issues';

describe('issueRow', () => {
  it('splits an ICS problem into what was wrong and what was done, without its line', () => {
    expect(
      issueRow({
        message: 'line 7: DTSTART "2026-12-01 10:00" is not a date-time; event skipped',
        line: 7,
        providerEventId: 'bad-start@ui.test',
      }),
    ).toEqual({
      line: 7,
      event: 'bad-start@ui.test',
      problem: 'DTSTART "2026-12-01 10:00" is not a date-time',
      done: 'Event skipped',
    });
  });

  it('drops the event the message starts with, as CalDAV and Exchange write it', () => {
    const row = issueRow({
      message:
        'AAMk=: ErrorCorruptData; its stored events are kept, and it is read again on the next sync',
      line: null,
      providerEventId: 'AAMk=',
    });
    expect(row.problem).toBe('ErrorCorruptData');
    expect(row.done).toBe('Its stored events are kept, and it is read again on the next sync');
    expect(
      issueRow({
        message: '/cal/a.ics: line 4: VEVENT has no DTSTART; event skipped',
        line: 4,
        providerEventId: '/cal/a.ics',
      }).problem,
    ).toBe('VEVENT has no DTSTART');
  });

  it('says the rest was synced when the message does not say what was done', () => {
    const row = issueRow({ message: 'the answer was empty', line: null, providerEventId: null });
    expect(row).toEqual({
      line: null,
      event: null,
      problem: 'The answer was empty',
      done: REST_SYNCED,
    });
  });
});

describe('issueRows', () => {
  it('lists issues in the order of the file, those without a line last', () => {
    const rows = issueRows([
      { message: 'a', line: null, providerEventId: null },
      { message: 'b', line: 12, providerEventId: null },
      { message: 'c', line: 3, providerEventId: null },
    ]);
    expect(rows.map((r) => r.line)).toEqual([3, 12, null]);
  });
});
