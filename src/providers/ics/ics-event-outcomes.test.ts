/**
 * An import says how many events it left out and how many it kept despite an issue, counted from
 * the issues' effects (countEventOutcomes), not guessed from their wording.
 */
import { describe, expect, it } from 'vitest';
import { buildCalendar, buildEvent } from '../../../test/conformance/ics-builder.js';
import { countEventOutcomes } from '../../domain/ical/event-effects.js';
import type { SyncIssue } from '../provider.js';
import type { IcsClient } from './ics-client.js';
import { IcsProvider } from './ics-provider.js';

const provider = new IcsProvider({} as IcsClient);
const window = { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-03-01T00:00:00Z') };
const at = (day: string, uid: string) =>
  buildEvent({ UID: uid, DTSTART: `202401${day}T090000Z`, DTEND: `202401${day}T100000Z` });

/** A file with a little of everything an import meets. */
const PARTLY_BROKEN = [
  at('02', 'fine'),
  // Left out: a block ical.js cannot read.
  [
    'BEGIN:VEVENT',
    'UID:broken',
    'DTSTART:20240103T090000Z',
    'DTSTART;X="unclosed:20260302T090000Z',
    'END:VEVENT',
  ],
  // Kept as DTSTART alone: a rule that cannot be used.
  buildEvent({ UID: 'rule', DTSTART: '20240104T090000Z', RRULE: 'FREQ=WEEKLY;BYSETPOS=0' }),
  // Left out: no DTSTART.
  buildEvent({ UID: 'no-start', SUMMARY: 'When?' }),
  // Left out, though its missing UID alone would have kept it: counted once.
  ['BEGIN:VEVENT', 'SUMMARY:Nameless and timeless', 'END:VEVENT'],
  // Kept, with two issues: an unknown zone and a DTEND before DTSTART; counted once.
  buildEvent({
    UID: 'odd',
    'DTSTART;TZID=Mars/Olympus_Mons': '20240105T100000',
    'DTEND;TZID=Mars/Olympus_Mons': '20240105T090000',
  }),
  // Two masters of one UID: the one with the higher SEQUENCE is kept, the other left out.
  buildEvent({ UID: 'twice', SEQUENCE: '2', DTSTART: '20240106T090000Z' }),
  buildEvent({ UID: 'twice', SEQUENCE: '1', DTSTART: '20240106T100000Z' }),
];

function issuesOf(text: string): SyncIssue[] {
  return [...provider.snapshotPages(provider.parse(text), window)].flatMap((p) => p.issues);
}

describe('the events an import left out and kept despite an issue', () => {
  it('are counted once each, whatever number of issues they have', () => {
    const issues = issuesOf(buildCalendar(PARTLY_BROKEN));
    expect(issues.length).toBeGreaterThan(6);
    expect(countEventOutcomes(issues)).toEqual({ leftOut: 4, keptWithIssues: 2 });
  });

  it('are counted the same when the file is read whole (a bare CR sends it there)', () => {
    const text = buildCalendar(PARTLY_BROKEN).replace('SUMMARY:When?', 'SUMMARY:When?\r');
    expect(countEventOutcomes(issuesOf(text))).toEqual({ leftOut: 4, keptWithIssues: 2 });
  });

  it('count an override whose times cannot be read as left out, and its series as kept', () => {
    const text = buildCalendar([
      buildEvent({ UID: 'weekly', DTSTART: '20240101T090000Z', RRULE: 'FREQ=WEEKLY;COUNT=3' }),
      buildEvent({
        UID: 'weekly',
        'RECURRENCE-ID': '20240108T090000Z',
        DTSTART: '20240108T090000Z',
        DURATION: 'soon',
      }),
      buildEvent({ UID: 'many', DTSTART: '20240101T090000Z', RRULE: 'FREQ=MINUTELY' }),
    ]);
    const issues = issuesOf(text);
    expect(issues.map((i) => i.providerEventId)).toEqual(['weekly', 'many']);
    // The minutely series is cut at the instance limit: kept, in part.
    expect(countEventOutcomes(issues)).toEqual({ leftOut: 1, keptWithIssues: 1 });
  });

  it('leave out no event for issues about the file as a whole', () => {
    const text = buildCalendar([['X-WR-CALNAME;BAD PARAM:Work'], at('02', 'fine')]);
    const issues = issuesOf(text);
    expect(issues).toHaveLength(1);
    expect(countEventOutcomes(issues)).toEqual({ leftOut: 0, keptWithIssues: 0 });
  });
});
