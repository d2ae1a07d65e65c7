import { describe, expect, it } from 'vitest';
import { buildCalendar, buildEvent } from '../../../test/conformance/ics-builder.js';
import { countEventOutcomes, eventEffect } from './event-effects.js';
import { parseCalendar } from './parse-calendar.js';
import { streamCalendar } from './stream-calendar.js';

/** A DTSTART line ical.js cannot read (a quote never closed): its event is left out. */
const BROKEN_START = 'DTSTART;X="unclosed:20240101T090000Z';

describe('countEventOutcomes', () => {
  it('counts each event once, and an event left out by any of its problems as left out', () => {
    const problems = [
      { effect: eventEffect('kept', 4, 'a') },
      { effect: eventEffect('kept', 4, 'a') },
      { effect: eventEffect('kept', 9, 'b') },
      { effect: eventEffect('left_out', 9, 'b') },
      { effect: eventEffect('left_out', 15, null) },
      {},
    ];
    expect(countEventOutcomes(problems)).toEqual({ leftOut: 2, keptWithIssues: 1 });
  });

  it('tells events apart by UID when their line is unknown, and drops a problem with neither', () => {
    expect(eventEffect('kept', null, 'x')).toEqual({ outcome: 'kept', event: 'uid x' });
    expect(eventEffect('kept', null, null)).toBeUndefined();
  });

  it('reads the same counts from the reading problems of both readers', () => {
    const text = buildCalendar([
      ['BEGIN:VEVENT', 'UID:broken', 'DTSTART:20240103T090000Z', BROKEN_START, 'END:VEVENT'],
      buildEvent({ UID: 'no-start', SUMMARY: 'When?' }),
      buildEvent({ UID: 'zone', 'DTSTART;TZID=Mars/Olympus_Mons': '20240105T100000' }),
      buildEvent({ UID: 'twice', SEQUENCE: '1', DTSTART: '20240106T090000Z' }),
      buildEvent({ UID: 'twice', SEQUENCE: '2', DTSTART: '20240106T100000Z' }),
    ]);
    const streamed = [...streamCalendar(text).items()].flatMap((i) =>
      'problem' in i ? [i.problem] : [],
    );
    const expected = { leftOut: 3, keptWithIssues: 1 };
    expect(countEventOutcomes(streamed)).toEqual(expected);
    expect(countEventOutcomes(parseCalendar(text).problems)).toEqual(expected);
  });
});
