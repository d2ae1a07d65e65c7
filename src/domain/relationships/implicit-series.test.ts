import { describe, expect, it } from 'vitest';
import { DAY, JANE, external, meeting, utc } from '../../../test/support/relationship-meetings.js';
import { analyseAccount } from './analyse.js';
import type { ExternalPerson, RelationshipMeeting } from './model.js';
import { summariseAccount } from './summary.js';

const HOUR = 3_600_000;
const WEEK = 7 * DAY;
const BOB = external('bob@acme.com');
const SAM = external('sam@acme.com', { title: 'CFO' });
const now = utc('2026-09-01T00:00:00Z');

/** Weekly meetings from `first` at the given week numbers, ids `${prefix}-${week}`. */
function weekly(
  prefix: string,
  first: number,
  weeks: readonly number[],
  externalPeople: ExternalPerson[],
): RelationshipMeeting[] {
  return weeks.map((w) => meeting(`${prefix}-${w}`, first + w * WEEK, { externalPeople }));
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** Acme's weekly sync with Jane and Bob, Tuesdays 16:00 UTC, weeks 0 to 5 (6 January to 10 February 2026). */
const TUESDAY = utc('2026-01-06T16:00:00Z');
const withBob = weekly('jb', TUESDAY, range(0, 6), [JANE, BOB]);

function implicitSeriesOf(meetings: RelationshipMeeting[]) {
  const full = analyseAccount('acc-1', meetings, now);
  // The summary lists the same series, by the same rule.
  expect(summariseAccount('acc-1', meetings, now).series).toEqual(
    full.series.map((s) => ({ seriesId: s.seriesId, occurrences: s.occurrences })),
  );
  return full.series;
}

describe('an implicit series someone stopped coming to', () => {
  it('goes on as one series when Bob stops coming and Jane meets on at the same slot', () => {
    // Jane alone from week 6 (17 February) to week 11 (24 March), Tuesdays 16:00 as before.
    const meetings = [...withBob, ...weekly('j', TUESDAY, range(6, 12), [JANE])];
    const series = implicitSeriesOf(meetings);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({
      seriesId: 'implicit:jb-0',
      kind: 'implicit',
      occurrences: 12,
      held: 12,
      skipped: 0,
      moved: 0,
      cadenceDays: 7,
      stoppedComing: [BOB.email],
    });
    expect(series[0]?.attendance.find((a) => a.email === BOB.email)).toMatchObject({
      invited: 6,
      attended: 6,
      stoppedComing: true,
    });
    // The account's summary says so, as the full analysis does.
    expect(summariseAccount('acc-1', meetings, now).reasons).toContain(
      `stopped coming to "Acme sync": ${BOB.email}`,
    );
  });

  it('goes on after two skipped weeks at the change, and counts them as skipped', () => {
    // Jane alone from week 8 (3 March): three intervals after Bob's last meeting.
    const series = implicitSeriesOf([...withBob, ...weekly('j', TUESDAY, range(8, 14), [JANE])]);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ held: 12, skipped: 2, stoppedComing: [BOB.email] });
  });

  it('keeps apart a smaller group that starts long after the first ended', () => {
    // Jane alone from week 9 (10 March): four intervals after, the weekly sync had lapsed.
    const series = implicitSeriesOf([...withBob, ...weekly('j', TUESDAY, range(9, 15), [JANE])]);
    expect(series.map((s) => [s.seriesId, s.held, s.stoppedComing])).toEqual([
      ['implicit:jb-0', 6, []],
      ['implicit:j-9', 6, []],
    ]);
  });

  it('keeps apart a smaller group at another time of day or on another weekday', () => {
    // Right after, but Tuesdays 10:00, or Wednesdays 16:00: another meeting of Jane's.
    const morning = weekly('j', TUESDAY - 6 * HOUR, range(6, 12), [JANE]);
    expect(implicitSeriesOf([...withBob, ...morning])).toHaveLength(2);
    const wednesday = weekly('j', TUESDAY + DAY, range(6, 12), [JANE]);
    expect(implicitSeriesOf([...withBob, ...wednesday])).toHaveLength(2);
  });

  it('keeps apart a smaller group that started before the first ended', () => {
    const early = weekly('j', TUESDAY + DAY, range(4, 10), [JANE]);
    expect(implicitSeriesOf([...withBob, ...early])).toHaveLength(2);
  });

  it('keeps apart a group that shares only some people: Bob handed over to Sam', () => {
    const handover = weekly('js', TUESDAY, range(6, 12), [JANE, SAM]);
    expect(implicitSeriesOf([...withBob, ...handover])).toHaveLength(2);
  });

  it('follows a daylight-saving shift at the change', () => {
    // Tuesdays 10:00 in Berlin: 08:00 UTC until 25 October 2026, 09:00 UTC after; Bob stops
    // coming after 20 October.
    const summer = ['09-15', '09-22', '09-29', '10-06', '10-13', '10-20'];
    const winter = ['10-27', '11-03', '11-10', '11-17'];
    const meetings = [
      ...summer.map((d, i) =>
        meeting(`b-${i}`, `2026-${d}T10:00:00+02:00`, { externalPeople: [JANE, BOB] }),
      ),
      ...winter.map((d, i) => meeting(`w-${i}`, `2026-${d}T10:00:00+01:00`)),
    ];
    const later = utc('2026-12-01T00:00:00Z');
    const series = analyseAccount('acc-1', meetings, later).series;
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ held: 10, moved: 0, stoppedComing: [BOB.email] });
  });
});

describe('an implicit series someone joined for good', () => {
  it('goes on as one series when Sam joins Jane at the same slot', () => {
    const alone = weekly('j', TUESDAY, range(0, 6), [JANE]);
    const withSam = weekly('js', TUESDAY, range(6, 12), [JANE, SAM]);
    const series = implicitSeriesOf([...alone, ...withSam]);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({
      seriesId: 'implicit:j-0',
      occurrences: 12,
      held: 12,
      skipped: 0,
      stoppedComing: [],
    });
    expect(series[0]?.attendance.find((a) => a.email === SAM.email)).toMatchObject({
      invited: 6,
      attended: 6,
    });
  });

  it('keeps apart a larger group at another slot', () => {
    const alone = weekly('j', TUESDAY, range(0, 6), [JANE]);
    const thursdays = weekly('js', TUESDAY + 2 * DAY, range(6, 12), [JANE, SAM]);
    expect(implicitSeriesOf([...alone, ...thursdays])).toHaveLength(2);
  });
});

describe('a chain of changes', () => {
  it('is one series: Bob stops coming, then Sam joins, each at the same slot', () => {
    const meetings = [
      ...withBob,
      ...weekly('j', TUESDAY, range(6, 10), [JANE]),
      ...weekly('js', TUESDAY, range(10, 15), [JANE, SAM]),
    ];
    const series = implicitSeriesOf(meetings);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ held: 15, skipped: 0, stoppedComing: [BOB.email] });
  });
});
