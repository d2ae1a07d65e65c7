import { describe, expect, it } from 'vitest';
import {
  issueRow,
  issueRows,
  issuesLabel,
  lastSplit,
  LEFT_OUT,
  REST_SYNCED,
  shortId,
} from './sync-issues';

/** An Outlook item id as Graph and EWS send them: 152 characters. */
const OUTLOOK_ID =
  'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIsqMbY' +
  'jsT5e-T7KzowPTAAAAAAENAAAiIsqMbYjsT5e-T7KzowPTAAAYbvZnAAA=';

// The messages below are the providers' own, as their code writes them (src/domain/ical,
// src/domain/recurrence, src/providers/*): the ICS ones as IcsProvider.snapshotPages said them.
describe('issueRow, with each provider’s messages', () => {
  it('ICS: drops the line the message starts with, and splits off what was done', () => {
    expect(
      issueRow(
        {
          message: 'line 21: DTSTART "2026-12-01 10:00" not a date or date-time; event skipped',
          line: 21,
          providerEventId: 'badstart@x',
        },
        'ics',
      ),
    ).toEqual({
      line: 21,
      event: 'badstart@x',
      eventShort: 'badstart@x',
      problem: 'DTSTART "2026-12-01 10:00" not a date or date-time',
      done: 'Event skipped',
    });
    const rule = issueRow(
      {
        message:
          'line 28: invalid frequency "SOMETIMES" expected: "SECONDLY, MINUTELY, HOURLY, DAILY, ' +
          'WEEKLY, MONTHLY, YEARLY"; VEVENT skipped',
        line: 28,
        providerEventId: 'rule@x',
      },
      'ics',
    );
    expect(rule.done).toBe('VEVENT skipped');
    expect(rule.problem).toMatch(/^Invalid frequency "SOMETIMES" expected: ".*YEARLY"$/);
  });

  it('ICS: a "; " inside a quoted value is part of the value, not the split', () => {
    expect(
      issueRow(
        {
          message: 'line 10: EXDATE "2026; 12" ignored: not a date or date-time',
          line: 10,
          providerEventId: 'exd@x',
        },
        'ics',
      ),
    ).toMatchObject({
      problem: 'EXDATE "2026; 12" ignored: not a date or date-time',
      done: REST_SYNCED,
    });
    expect(
      issueRow(
        {
          message: 'line 42: not an iCalendar content line: "SUMMARY;X=1; still text"',
          line: 42,
          providerEventId: null,
        },
        'ics',
      ),
    ).toMatchObject({
      problem: 'Not an iCalendar content line: "SUMMARY;X=1; still text"',
      done: REST_SYNCED,
    });
    expect(
      issueRow(
        {
          message: 'line 12: RDATE "2026; 1" not a date or date-time; event skipped',
          line: 12,
          providerEventId: 'r@x',
        },
        'ics',
      ),
    ).toMatchObject({ problem: 'RDATE "2026; 1" not a date or date-time', done: 'Event skipped' });
  });

  it('Google: drops "event <id>:" and says the event was left out', () => {
    const id = '7kq2b9c0d1e2f3g4h5i6j7k8l9_20261201T100000Z';
    const row = issueRow(
      { message: `event ${id}: no start time`, line: null, providerEventId: id },
      'google',
    );
    expect(row).toEqual({
      line: null,
      event: id,
      eventShort: shortId(id),
      problem: 'No start time',
      done: LEFT_OUT,
    });
    // The same catch in sortItems, a message without the event in it.
    expect(
      issueRow({ message: 'not a date: 2026-13-01', line: null, providerEventId: id }, 'google'),
    ).toMatchObject({ problem: 'Not a date: 2026-13-01', done: LEFT_OUT });
  });

  it('Microsoft: drops "event <id>:" and shows the long id shortened, once', () => {
    for (const what of ['no readable start time', 'no readable start date']) {
      const row = issueRow(
        { message: `event ${OUTLOOK_ID}: ${what}`, line: null, providerEventId: OUTLOOK_ID },
        'microsoft',
      );
      expect(row.problem).toBe(what.charAt(0).toUpperCase() + what.slice(1));
      expect(row.problem).not.toContain('AAMk');
      expect(row.done).toBe(LEFT_OUT);
      expect(row.event).toBe(OUTLOOK_ID);
      expect(row.eventShort).toBe('AAMkAGVmMDEz…bvZnAAA=');
    }
    // An event without an id has nothing kept for it: the rest was synced.
    expect(
      issueRow(
        { message: 'Graph sent an event without an id', line: null, providerEventId: null },
        'microsoft',
      ),
    ).toMatchObject({ event: null, eventShort: null, done: REST_SYNCED });
  });

  it('Exchange: drops the item id the message starts with, keeps what was done', () => {
    const row = issueRow(
      {
        message:
          `${OUTLOOK_ID}: Exchange did not answer for it; its stored events are kept, and it is ` +
          'read again on the next sync',
        line: null,
        providerEventId: OUTLOOK_ID,
      },
      'exchange',
    );
    expect(row.problem).toBe('Exchange did not answer for it');
    expect(row.done).toBe('Its stored events are kept, and it is read again on the next sync');
    expect(
      issueRow(
        {
          message: `${OUTLOOK_ID}: more than 5000 instances in the window; listed the first 5000`,
          line: null,
          providerEventId: OUTLOOK_ID,
        },
        'exchange',
      ),
    ).toMatchObject({
      problem: 'More than 5000 instances in the window',
      done: 'Listed the first 5000',
    });
  });

  it('CalDAV: drops the href and the line, in that order', () => {
    expect(
      issueRow(
        {
          message: '/cal/a.ics: line 4: VEVENT has no DTSTART; event skipped',
          line: 4,
          providerEventId: '/cal/a.ics',
        },
        'caldav',
      ),
    ).toMatchObject({ problem: 'VEVENT has no DTSTART', done: 'Event skipped' });
    const href = '/dav/calendars/dana/work/a%20b.ics';
    expect(
      issueRow(
        {
          message:
            `${href}: the CalDAV server's answer for it came under an href that is not a URL; ` +
            'its stored events are kept, and it is fetched again on the next sync',
          line: null,
          providerEventId: href,
        },
        'caldav',
      ),
    ).toMatchObject({
      problem: "The CalDAV server's answer for it came under an href that is not a URL",
      done: 'Its stored events are kept, and it is fetched again on the next sync',
    });
  });

  it('CalDAV: an object named by an href that is not a URL says it was left out', () => {
    // The message the provider writes (caldav-href-issues.ts), whose action came after a colon.
    const message =
      'the CalDAV server named a calendar object "http://[::1/x.ics", which is not a URL; it was ' +
      'left out, nothing was taken as deleted for it, and it is asked for again on the next sync';
    expect(issueRow({ message, line: null, providerEventId: null }, 'caldav')).toMatchObject({
      problem: 'The CalDAV server named a calendar object "http://[::1/x.ics", which is not a URL',
      done: 'It was left out, nothing was taken as deleted for it, and it is asked for again on the next sync',
    });
  });

  it('says the rest was synced when the message does not say what was done', () => {
    const row = issueRow(
      { message: 'the answer was empty', line: null, providerEventId: null },
      'ics',
    );
    expect(row).toEqual({
      line: null,
      event: null,
      eventShort: null,
      problem: 'The answer was empty',
      done: REST_SYNCED,
    });
  });
});

describe('lastSplit', () => {
  it('takes the last "; " outside quotes, or the last one anywhere if quotes do not pair', () => {
    expect(lastSplit('a; b; c')).toBe(4);
    expect(lastSplit('X "1; 2"; done')).toBe(8);
    expect(lastSplit('X "1; 2" no split')).toBe(-1);
    // A quote inside a quoted value (the file's text is quoted as it is).
    expect(lastSplit('X "a"b; c" bad; done')).toBe(14);
    expect(lastSplit('X "open; never closed')).toBe(7);
  });
});

describe('shortId', () => {
  it('keeps a short id, and shortens a long one to its start and end', () => {
    expect(shortId('fine@ui.test')).toBe('fine@ui.test');
    expect(shortId(OUTLOOK_ID)).toBe(`${OUTLOOK_ID.slice(0, 12)}…${OUTLOOK_ID.slice(-8)}`);
    expect(shortId(OUTLOOK_ID).length).toBeLessThan(24);
  });
});

describe('issueRows', () => {
  it('lists issues in the order of the file, those without a line last', () => {
    const rows = issueRows(
      [
        { message: 'a', line: null, providerEventId: null },
        { message: 'b', line: 12, providerEventId: null },
        { message: 'c', line: 3, providerEventId: null },
      ],
      'ics',
    );
    expect(rows.map((r) => r.line)).toEqual([3, 12, null]);
  });
});

describe('issuesLabel', () => {
  it('says how many there were, and that only the first are listed when so', () => {
    expect(issuesLabel(250, 200)).toBe('250 issues (the first 200 listed)');
    expect(issuesLabel(2, 2)).toBe('2 issues');
    expect(issuesLabel(1, 1)).toBe('1 issue');
    // A status from before the count was kept lists all it had.
    expect(issuesLabel(0, 3)).toBe('3 issues');
  });
});
