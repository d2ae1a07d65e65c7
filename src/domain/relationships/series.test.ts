import { describe, expect, it } from 'vitest';
import {
  ANA,
  DAY,
  JANE,
  external,
  meeting,
  utc,
} from '../../../test/support/relationship-meetings.js';
import { analyseAccount } from './analyse.js';
import type { RelationshipMeeting } from './model.js';

const HOUR = 3_600_000;
const BOB = external('bob@acme.com');
const SAM = external('sam@acme.com', { title: 'CFO' });

/** Weekly series-17, Wednesdays 15:00 UTC from 7 January 2026 (weeks 0 to 11). */
function seriesSeventeen(): RelationshipMeeting[] {
  const first = utc('2026-01-07T15:00:00Z');
  const instances: RelationshipMeeting[] = [];
  for (let week = 0; week < 12; week++) {
    if (week === 5) continue; // deleted from the series: a skipped occurrence
    const slot = first + week * 7 * DAY;
    const early = week <= 4;
    instances.push(
      meeting(`s17-${week}`, week === 7 ? slot + 2 * HOUR : slot, {
        seriesId: 'series-17',
        originalStart: slot,
        title: 'Acme weekly',
        minutes: early ? 30 : 60,
        status: week === 3 ? 'cancelled' : 'confirmed',
        isSalesMeeting: week !== 3,
        externalPeople: early
          ? [JANE, BOB, SAM]
          : [JANE, { ...SAM, responseStatus: 'declined' as const }],
      }),
    );
  }
  return instances;
}

describe('provider series', () => {
  // Week 9 has been held, weeks 10 and 11 are upcoming.
  const now = utc('2026-03-12T00:00:00Z');
  const [series] = analyseAccount('acc-1', seriesSeventeen(), now).series;

  it('does not count as held an occurrence every external person declined, as the account does not', () => {
    // Weekly; Jane, the only external person, declined week 1: nobody of the account took part,
    // and its length does not count either (held: 60, 30, 30... minutes).
    const first = utc('2026-01-07T15:00:00Z');
    const weekly = Array.from({ length: 8 }, (_, week) =>
      meeting(`w-${week}`, first + week * 7 * DAY, {
        seriesId: 'weekly',
        originalStart: first + week * 7 * DAY,
        title: 'Acme weekly',
        minutes: week <= 1 ? 60 : 30,
        externalPeople: [{ ...JANE, responseStatus: week === 1 ? 'declined' : 'accepted' }],
      }),
    );
    const result = analyseAccount('acc-1', weekly, first + 60 * DAY);
    expect(result.meetings).toBe(7);
    expect(result.series[0]).toMatchObject({
      occurrences: 8,
      held: 7,
      upcoming: 0,
      cancelled: 0,
      skipped: 0,
      durationDrift: { firstMinutes: 30, lastMinutes: 30, trend: 'stable' },
    });
    // Her decline is still in her attendance, over the occurrences that started.
    expect(result.series[0]?.attendance[0]).toMatchObject({
      email: JANE.email,
      invited: 8,
      declined: 1,
      attended: 7,
    });
  });

  it('counts occurrences held, upcoming, cancelled, moved and skipped', () => {
    expect(series).toMatchObject({
      seriesId: 'series-17',
      kind: 'provider',
      title: 'Acme weekly',
      occurrences: 11,
      held: 8,
      upcoming: 2,
      cancelled: 1,
      moved: 1,
      skipped: 1,
      cadenceDays: 7,
      firstStart: utc('2026-01-07T15:00:00Z'),
      lastStart: utc('2026-03-25T15:00:00Z'),
    });
  });

  it('says who accepted, who declined and who stopped coming', () => {
    const byEmail = new Map(series?.attendance.map((a) => [a.email, a]));
    expect(byEmail.get('jane@acme.com')).toMatchObject({
      invited: 8,
      attended: 8,
      stoppedComing: false,
    });
    expect(byEmail.get('sam@acme.com')).toMatchObject({
      invited: 8,
      accepted: 4,
      declined: 4,
      attended: 4,
      stoppedComing: true,
    });
    expect(byEmail.get('bob@acme.com')).toMatchObject({
      invited: 4,
      attended: 4,
      stoppedComing: true,
    });
    expect(byEmail.get('ana@northwind.io')).toMatchObject({ internal: true, invited: 8 });
    expect(series?.stoppedComing).toEqual(['bob@acme.com', 'sam@acme.com']);
  });

  it('measures the duration drift', () => {
    expect(series?.durationDrift).toEqual({ firstMinutes: 30, lastMinutes: 60, trend: 'growing' });
  });

  it('keeps a series whose only sales instances are cancelled out, and others of the account', () => {
    const internalOnly = meeting('x-1', '2026-01-08T10:00:00Z', {
      seriesId: 'other',
      isSalesMeeting: false,
    });
    const result = analyseAccount('acc-1', [...seriesSeventeen(), internalOnly], now);
    expect(result.series.map((s) => s.seriesId)).toEqual(['series-17']);
  });

  it('tells a moved occurrence without originalStart, and not the daylight-saving shift', () => {
    // Tuesdays 10:00 in New York: 15:00 UTC until 8 March 2026, 14:00 UTC after.
    const first = utc('2026-02-03T15:00:00Z');
    const instances = Array.from({ length: 10 }, (_, week) => {
      const dst = week >= 5 ? -HOUR : 0;
      const moved = week === 8 ? 2 * DAY : 0; // to Thursday
      return meeting(`t-${week}`, first + week * 7 * DAY + dst + moved, { seriesId: 'tuesdays' });
    });
    const [tuesdays] = analyseAccount('acc-1', instances, utc('2026-05-01T00:00:00Z')).series;
    expect(tuesdays).toMatchObject({ moved: 1, skipped: 0, cadenceDays: 7, held: 10 });
  });

  it('counts an occurrence moved by days without originalStart as moved, its slot not skipped', () => {
    // Mondays 10:00 UTC; week 4 is held on Friday (later) or on the Thursday before (earlier).
    const first = utc('2025-01-06T10:00:00Z');
    for (const shift of [4 * DAY, -4 * DAY, 3 * DAY, -3 * DAY]) {
      const instances = Array.from({ length: 10 }, (_, week) =>
        meeting(`w-${week}`, first + week * 7 * DAY + (week === 4 ? shift : 0), {
          seriesId: 'mondays',
        }),
      );
      const [mondays] = analyseAccount('acc-1', instances, first + 12 * 7 * DAY).series;
      expect(mondays).toMatchObject({ moved: 1, skipped: 0, held: 10, cadenceDays: 7 });
    }
  });

  it('counts two consecutive occurrences moved by an hour as moved, not as a clock shift and back', () => {
    // Mondays 10:00 UTC; weeks 2 and 3 at 11:00, then 10:00 again: no zone changed twice in
    // a fortnight.
    const first = utc('2025-01-06T10:00:00Z');
    const instances = Array.from({ length: 10 }, (_, week) =>
      meeting(`w-${week}`, first + week * 7 * DAY + (week === 2 || week === 3 ? HOUR : 0), {
        seriesId: 'mondays',
      }),
    );
    const [mondays] = analyseAccount('acc-1', instances, first + 12 * 7 * DAY).series;
    expect(mondays).toMatchObject({ moved: 2, skipped: 0 });
  });

  it('takes out both daylight-saving shifts of a series that runs most of a year', () => {
    // Tuesdays 10:00 in Berlin from January to 3 November 2026: 09:00 UTC in winter, 08:00
    // UTC from 29 March to 24 October; the autumn shift two instances before the end.
    const first = utc('2026-01-06T09:00:00Z');
    const summer = [utc('2026-03-29T00:00:00Z'), utc('2026-10-25T00:00:00Z')] as const;
    const instances = Array.from({ length: 44 }, (_, week) => {
      const at = first + week * 7 * DAY;
      return meeting(`b-${week}`, at >= summer[0] && at < summer[1] ? at - HOUR : at, {
        seriesId: 'berlin',
      });
    });
    const [berlin] = analyseAccount('acc-1', instances, first + 60 * 7 * DAY).series;
    expect(berlin).toMatchObject({ moved: 0, skipped: 0, occurrences: 44 });
  });

  it('still counts a deleted occurrence next to a moved one as skipped', () => {
    // Week 5 deleted, week 4 moved to Friday: the Friday fills week 4 or week 5, not both.
    const first = utc('2025-01-06T10:00:00Z');
    const instances = Array.from({ length: 10 }, (_, week) =>
      meeting(`w-${week}`, first + week * 7 * DAY + (week === 4 ? 4 * DAY : 0), {
        seriesId: 'mondays',
      }),
    ).filter((_, week) => week !== 5);
    const [mondays] = analyseAccount('acc-1', instances, first + 12 * 7 * DAY).series;
    expect(mondays).toMatchObject({ moved: 1, skipped: 1, held: 9 });
  });
});

describe('a provider series on several calendars', () => {
  // Weekly from 3 March 2026, on Ana's and Bob's calendars (the same series id, ids of their
  // own); Sam declined the last occurrence only, and only Bob's copy knows it.
  const BOB_INTERNAL = { email: 'bob@northwind.io', responseStatus: 'accepted' as const };
  const copies = Array.from({ length: 6 }, (_, week) => {
    const slot = utc('2026-03-03T15:00:00Z') + week * 7 * DAY;
    return ['ana', 'bob'].map((owner) =>
      meeting(`${owner}-${week}`, slot, {
        seriesId: 'series-17',
        originalStart: slot,
        internalPeople: [ANA, BOB_INTERNAL],
        externalPeople: [
          JANE,
          {
            ...SAM,
            responseStatus:
              week === 5 ? (owner === 'bob' ? 'declined' : 'needsAction') : 'accepted',
          },
        ],
      }),
    );
  }).flat();

  it('counts each occurrence once, with the people and responses of every copy', () => {
    const result = analyseAccount('acc-1', copies, utc('2026-05-01T00:00:00Z'));
    expect(result.meetings).toBe(6);
    expect(result.series).toHaveLength(1);
    const [series] = result.series;
    expect(series).toMatchObject({ occurrences: 6, held: 6, skipped: 0, moved: 0 });
    expect(series?.attendance.map((a) => [a.email, a.invited, a.attended, a.declined])).toEqual([
      ['jane@acme.com', 6, 6, 0],
      ['sam@acme.com', 6, 5, 1],
      ['ana@northwind.io', 6, 6, 0],
      ['bob@northwind.io', 6, 6, 0],
    ]);
    // Missing one occurrence is not having stopped coming (that takes the last two).
    expect(series?.stoppedComing).toEqual([]);
  });
});

describe('implicit series', () => {
  const first = '2026-01-06T16:00:00Z';
  const now = utc('2026-06-01T00:00:00Z');

  it('finds the same people meeting at a steady cadence without a rule', () => {
    const steady = [0, 14, 28, 42, 56].map((d, i) =>
      meeting(`i-${i}`, utc(first) + d * DAY, { title: 'Acme check-in' }),
    );
    const cancelled = meeting('i-x', utc(first) + 70 * DAY, {
      status: 'cancelled',
      isSalesMeeting: false,
    });
    const irregular = [1, 3, 30, 31, 90].map((d, i) =>
      meeting(`j-${i}`, utc(first) + d * DAY, {
        externalPeople: [JANE, SAM],
        internalPeople: [ANA],
      }),
    );
    const { series } = analyseAccount('acc-1', [...steady, cancelled, ...irregular], now);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({
      seriesId: 'implicit:i-0',
      kind: 'implicit',
      occurrences: 6,
      held: 5,
      cancelled: 1,
      skipped: 0,
      moved: 0,
      cadenceDays: 14,
    });
  });

  it('does not count the daylight-saving shift of a series as a move, even near its end', () => {
    // Tuesdays 10:00 in Berlin: 08:00 UTC until 25 October 2026, 09:00 UTC after.
    const summer = ['09-15', '09-22', '09-29', '10-06', '10-13', '10-20'];
    const meetings = [
      ...summer.map((d, i) => meeting(`b-${i}`, `2026-${d}T10:00:00+02:00`)),
      meeting('b-6', '2026-10-27T10:00:00+01:00'),
      meeting('b-7', '2026-11-03T10:00:00+01:00'),
    ];
    const [series] = analyseAccount('acc-1', meetings, utc('2026-11-10T00:00:00Z')).series;
    expect(series).toMatchObject({ kind: 'implicit', occurrences: 8, moved: 0, skipped: 0 });
  });

  it('follows a daylight-saving shift across midnight UTC, and still sees a one-off move', () => {
    // Tuesdays 16:30 in Los Angeles: Tuesday 23:30 UTC until 1 November 2026, Wednesday 00:30
    // UTC after; the meeting of 13 October is moved to 17:30 for once.
    const dates = ['09-15', '09-22', '09-29', '10-06', '10-13', '10-20', '10-27'];
    const meetings = [
      ...dates.map((d, i) =>
        meeting(`la-${i}`, `2026-${d}T${d === '10-13' ? '17' : '16'}:30:00-07:00`),
      ),
      meeting('la-7', '2026-11-03T16:30:00-08:00'),
      meeting('la-8', '2026-11-10T16:30:00-08:00'),
    ];
    const [series] = analyseAccount('acc-1', meetings, utc('2026-11-20T00:00:00Z')).series;
    expect(series).toMatchObject({ kind: 'implicit', occurrences: 9, moved: 1, skipped: 0 });
  });

  it('keeps in the series an occurrence someone else joined once, at its slot', () => {
    // Weekly with Jane and Ana; the CFO joins week 4 too: that meeting took place, in the series.
    const meetings = Array.from({ length: 8 }, (_, week) =>
      meeting(`c-${week}`, utc(first) + week * 7 * DAY, {
        externalPeople: week === 4 ? [JANE, SAM] : [JANE],
      }),
    );
    const [series] = analyseAccount('acc-1', meetings, now).series;
    expect(series).toMatchObject({ kind: 'implicit', occurrences: 8, held: 8, skipped: 0 });
  });

  it('leaves out a meeting of more people away from the slot the series misses', () => {
    // Fortnightly with Jane and Ana, day 42 missing; Jane, Sam and Ana meet on day 47 instead.
    const meetings = [0, 14, 28, 56, 70, 84].map((d, i) => meeting(`f-${i}`, utc(first) + d * DAY));
    const extra = meeting('f-x', utc(first) + 47 * DAY, { externalPeople: [JANE, SAM] });
    const [series] = analyseAccount('acc-1', [...meetings, extra], now).series;
    expect(series).toMatchObject({ kind: 'implicit', occurrences: 6, skipped: 1 });
    // On day 43, a day after the missing slot, it is the occurrence of that fortnight.
    const atSlot = meeting('f-x', utc(first) + 43 * DAY, { externalPeople: [JANE, SAM] });
    const [joined] = analyseAccount('acc-1', [...meetings, atSlot], now).series;
    expect(joined).toMatchObject({ kind: 'implicit', occurrences: 7, skipped: 0 });
  });

  it('counts a gap of two intervals as a skipped occurrence', () => {
    const meetings = [0, 14, 28, 56, 70, 84].map((d, i) => meeting(`k-${i}`, utc(first) + d * DAY));
    const [series] = analyseAccount('acc-1', meetings, now).series;
    expect(series).toMatchObject({ kind: 'implicit', skipped: 1, cadenceDays: 14 });
  });

  it('keeps a short weekly series whose one meeting moved from Monday to Friday', () => {
    // Mondays 2 March to 6 April 2026; the meeting of 16 March took place on Friday 20 March.
    const mondays = [0, 7, 14, 21, 28, 35];
    const meetings = mondays.map((d, i) =>
      meeting(`mf-${i}`, utc('2026-03-02T15:00:00Z') + (d === 14 ? 18 : d) * DAY),
    );
    const [series] = analyseAccount('acc-1', meetings, now).series;
    expect(series).toMatchObject({
      kind: 'implicit',
      occurrences: 6,
      held: 6,
      moved: 1,
      skipped: 0,
      cadenceDays: 7,
    });
  });

  it('keeps a weekly series with two skipped weeks, and one moved meeting besides', () => {
    const days = [0, 7, 21, 28, 42, 49, 53, 63];
    const meetings = days.map((d, i) => meeting(`sk-${i}`, utc('2026-03-02T15:00:00Z') + d * DAY));
    const [series] = analyseAccount('acc-1', meetings, now).series;
    expect(series).toMatchObject({ kind: 'implicit', cadenceDays: 7, skipped: 2, moved: 1 });
  });

  it('does not make a series of meetings at no steady interval', () => {
    const days = [0, 3, 11, 13, 24, 26, 40];
    const meetings = days.map((d, i) => meeting(`no-${i}`, utc('2026-03-02T15:00:00Z') + d * DAY));
    expect(analyseAccount('acc-1', meetings, now).series).toEqual([]);
  });

  it('counts a meeting that fits the missing slot of two series in one of them only', () => {
    // Jane and Ana, and Bob and Ana, each weekly on Mondays; both miss week 4, when Jane, Bob
    // and Ana meet at that slot.
    const monday = utc('2026-03-02T15:00:00Z');
    const weeks = [0, 1, 2, 3, 5, 6, 7];
    const meetings = [
      ...weeks.map((w) => meeting(`jane-${w}`, monday + w * 7 * DAY, { externalPeople: [JANE] })),
      ...weeks.map((w) =>
        meeting(`bob-${w}`, monday + w * 7 * DAY + DAY / 24, { externalPeople: [BOB] }),
      ),
      meeting('both', monday + 28 * DAY, { externalPeople: [JANE, BOB] }),
    ];
    const { series } = analyseAccount('acc-1', meetings, now);
    expect(series).toHaveLength(2);
    const held = series.map((s) => s.held);
    expect(held.reduce((a, b) => a + b, 0)).toBe(15);
    expect(held.sort()).toEqual([7, 8]);
  });

  it('needs at least four meetings', () => {
    const meetings = [0, 14, 28].map((d, i) => meeting(`k-${i}`, utc(first) + d * DAY));
    expect(analyseAccount('acc-1', meetings, now).series).toEqual([]);
  });
});
