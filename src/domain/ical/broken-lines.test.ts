import { describe, expect, it } from 'vitest';
import { buildCalendar, buildEvent } from '../../../test/conformance/ics-builder.js';
import { countEventOutcomes } from './event-effects.js';
import { parseCalendar } from './parse-calendar.js';
import { streamCalendar } from './stream-calendar.js';

const kept = (broken: string) =>
  buildCalendar([
    buildEvent({ UID: 'ok', DTSTART: '20240102T090000Z', SUMMARY: 'Fine one' }),
    [
      'BEGIN:VEVENT',
      'UID:kept',
      'DTSTART:20240103T090000Z',
      'SUMMARY:Broken one',
      broken,
      'LOCATION:Room 4',
      'END:VEVENT',
    ],
  ]);

/** Both readers: the whole-file parse (recovery) and the block-by-block stream. */
function readBoth(text: string) {
  const streamed = [...streamCalendar(text).items()];
  return [
    { series: parseCalendar(text).series, problems: parseCalendar(text).problems },
    {
      series: streamed.flatMap((i) => ('series' in i ? [i.series] : [])),
      problems: streamed.flatMap((i) => ('problem' in i ? [i.problem] : [])),
    },
  ];
}

describe('a broken line inside an event', () => {
  it.each([
    ['a DESCRIPTION', 'DESCRIPTION;X-ALT-DESC="text/html:<p>Agenda</p>', 'DESCRIPTION'],
    ['an ATTENDEE', 'ATTENDEE;CN="Ben;PARTSTAT=ACCEPTED:mailto:ben@acme.com', 'ATTENDEE'],
    ['an X- property', 'X-MS-OLK-SENDER;BROKEN:mailto:a@b.c', 'X-MS-OLK-SENDER'],
    ['a line with no colon', 'Agenda follows', 'AGENDA'],
  ])('%s is dropped and the event kept, in both readers', (_, broken, name) => {
    const text = kept(broken);
    const line = text.split('\r\n').indexOf(broken) + 1;
    const begin = text.split('\r\n').indexOf('UID:kept');
    for (const read of readBoth(text)) {
      expect(read.series.map((s) => s.uid).sort()).toEqual(['kept', 'ok']);
      expect(read.problems).toEqual([
        {
          line,
          uid: 'kept',
          message: expect.stringMatching(
            new RegExp(
              `^line ${line}: ${name} could not be read \\(.+\\); the event was kept without it$`,
            ),
          ),
          effect: { outcome: 'kept', event: `line ${begin}` },
        },
      ]);
      expect(countEventOutcomes(read.problems)).toEqual({ leftOut: 0, keptWithIssues: 1 });
      const master = read.series.find((s) => s.uid === 'kept')!.master!;
      expect(master.getFirstPropertyValue('location')).toBe('Room 4');
    }
  });

  it('an essential line (DTSTART) still leaves the event out', () => {
    const text = kept('DTSTART;X="unclosed:20240103T090000Z');
    for (const read of readBoth(text)) {
      expect(read.series.map((s) => s.uid)).toEqual(['ok']);
      expect(countEventOutcomes(read.problems)).toEqual({ leftOut: 1, keptWithIssues: 0 });
    }
  });
});
