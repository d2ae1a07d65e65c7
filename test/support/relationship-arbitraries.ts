/** fast-check meetings for relationship properties: a few accounts over about a year. */
import fc from 'fast-check';
import type { ExternalPerson, RelationshipMeeting } from '../../src/domain/relationships/index.js';

export const DAY = 86_400_000;
/** The first day meetings fall on. */
export const ORIGIN = Date.UTC(2025, 0, 6, 15);
const TITLES = [null, 'CFO', 'VP Procurement', 'Director of IT', 'Legal Counsel', 'Analyst'];
const STATUSES = ['accepted', 'declined', 'tentative', 'needsAction', null] as const;

/** Ways one person writes their address (one mailbox): as is, in capitals, with a +tag. */
const SPELLINGS = [
  (local: string, domain: string) => `${local}@${domain}`,
  (local: string, domain: string) => `${local.toUpperCase()}@${domain.toUpperCase()}`,
  (local: string, domain: string) => `${local}+crm@${domain}`,
];

const person = fc.record({
  n: fc.integer({ min: 0, max: 5 }),
  spelling: fc.constantFrom(...SPELLINGS),
  title: fc.constantFrom(...TITLES),
  responseStatus: fc.constantFrom(...STATUSES),
});

export const meetingShape = fc.record({
  account: fc.constantFrom('acc-1', 'acc-2', 'domain:globex.com'),
  day: fc.integer({ min: 0, max: 400 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minutes: fc.constantFrom(15, 30, 45, 60, 90),
  status: fc.constantFrom('confirmed', 'confirmed', 'confirmed', 'tentative', 'cancelled'),
  sales: fc.boolean(),
  type: fc.constantFrom('discovery', 'demo', 'negotiation', 'follow_up', 'closing', 'other', null),
  series: fc.constantFrom(null, null, 'series-a', 'series-b'),
  people: fc.array(person, { minLength: 0, maxLength: 4 }),
});

export type MeetingShape = typeof meetingShape extends fc.Arbitrary<infer T> ? T : never;

/** The meetings of the shapes, ids m0, m1... in order. */
export function buildMeetings(shapes: MeetingShape[]): RelationshipMeeting[] {
  return shapes.map((s, i) => {
    const start = ORIGIN + s.day * DAY + s.hour * 3_600_000;
    const externalPeople: ExternalPerson[] = s.people.map((p) => ({
      email: p.spelling(`p${p.n}`, `${s.account.replace(/\W/g, '')}.com`),
      name: null,
      title: p.title,
      responseStatus: p.responseStatus,
    }));
    return {
      id: `m${i}`,
      accountKey: s.account,
      accountName: null,
      start,
      end: start + s.minutes * 60_000,
      status: s.status as RelationshipMeeting['status'],
      isSalesMeeting: s.sales && s.status !== 'cancelled',
      meetingType: s.sales ? (s.type as RelationshipMeeting['meetingType']) : null,
      seriesId: s.series,
      originalStart: null,
      title: `${s.account} sync`,
      externalPeople,
      internalPeople: [{ email: 'ana@northwind.io', responseStatus: 'accepted' }],
    };
  });
}

/**
 * One account's weekly meeting whose people change from run to run (someone stops coming,
 * joins, or is replaced), with a few weeks between runs and now and then another hour (a
 * daylight-saving step, or another slot): what continues an implicit series, and what does not.
 */
export const changingGroupShapes = fc
  .record({
    account: fc.constantFrom('acc-1', 'acc-2'),
    day: fc.integer({ min: 0, max: 6 }),
    hour: fc.integer({ min: 0, max: 20 }),
    runs: fc.array(
      fc.record({
        // Three people, so that one run's people often contain the next one's, or the reverse.
        people: fc
          .subarray([0, 1, 2], { minLength: 1 })
          .chain((ns) => fc.tuple(...ns.map((n) => person.map((p) => ({ ...p, n }))))),
        weeks: fc.integer({ min: 3, max: 7 }),
        gapWeeks: fc.integer({ min: 1, max: 5 }),
        hourShift: fc.constantFrom(0, 0, 0, 1, 3),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ account, day, hour, runs }): MeetingShape[] => {
    const shapes: MeetingShape[] = [];
    let week = 0;
    for (const run of runs) {
      week += run.gapWeeks - 1;
      for (let i = 0; i < run.weeks; i++, week++)
        shapes.push({
          account,
          day: day + 7 * week,
          hour: hour + run.hourShift,
          minutes: 30,
          status: 'confirmed',
          sales: true,
          type: 'follow_up',
          series: null,
          people: run.people,
        });
    }
    return shapes;
  });
