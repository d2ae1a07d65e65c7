import { describe, expect, it } from 'vitest';
import {
  ANA,
  DAY,
  JANE,
  external,
  meeting,
  utc,
} from '../../../test/support/relationship-meetings.js';
import { analyseAccount, analyseRelationships, groupByAccount } from './analyse.js';

const FIRST = '2026-01-05T15:00:00Z';
const day = (n: number) => utc(FIRST) + n * DAY;

describe('account timelines', () => {
  const meetings = [
    meeting('d', day(0), { meetingType: 'discovery', title: 'Discovery' }),
    // The same meeting seen in a colleague's calendar: one timeline entry, both people.
    meeting('d-copy', day(0), {
      meetingType: 'discovery',
      title: 'discovery ',
      internalPeople: [{ email: 'bo@northwind.io', responseStatus: 'accepted' }],
    }),
    meeting('demo', day(10), { meetingType: 'demo' }),
    meeting('internal', day(11), { isSalesMeeting: false, meetingType: null }),
    meeting('gone', day(12), { status: 'cancelled', isSalesMeeting: false, meetingType: null }),
    meeting('nego', day(20), {
      meetingType: 'negotiation',
      externalPeople: [JANE, external('legal@acme.com', { title: 'Counsel' })],
    }),
    meeting('later', day(40), { meetingType: 'closing' }),
  ];
  const result = analyseAccount('acc-1', meetings, day(25));

  it('lists every sales meeting in order, copies merged, with type and participants', () => {
    expect(result.timeline.map((e) => [e.id, e.meetingType, e.start > day(25)])).toEqual([
      ['d', 'discovery', false],
      ['demo', 'demo', false],
      ['nego', 'negotiation', false],
      ['later', 'closing', true],
    ]);
    expect(result.timeline[0]?.internalPeople.map((p) => p.email)).toEqual([
      ANA.email,
      'bo@northwind.io',
    ]);
    expect(result.timeline[2]?.externalPeople.map((p) => [p.email, p.title])).toEqual([
      ['jane@acme.com', 'Procurement Manager'],
      ['legal@acme.com', 'Counsel'],
    ]);
    expect(result).toMatchObject({
      name: 'Acme Corp',
      meetings: 3,
      upcomingMeetings: 1,
      firstMeeting: day(0),
      lastMeeting: day(20),
      nextMeeting: day(40),
    });
  });

  it('tells the meeting-type progression', () => {
    expect(result.typeProgression).toEqual({
      firstSeen: [
        { type: 'discovery', at: day(0) },
        { type: 'demo', at: day(10) },
        { type: 'negotiation', at: day(20) },
      ],
      furthest: 'negotiation',
      latest: 'negotiation',
      inOrder: true,
    });
    const backwards = analyseAccount(
      'acc-1',
      [
        meeting('a', day(0), { meetingType: 'demo' }),
        meeting('b', day(5), { meetingType: 'discovery' }),
      ],
      day(6),
    );
    expect(backwards.typeProgression).toMatchObject({
      furthest: 'demo',
      latest: 'discovery',
      inOrder: false,
    });
  });

  it('ignores meetings of other accounts given to it', () => {
    const other = meeting('o', day(1), { accountKey: 'acc-2' });
    expect(analyseAccount('acc-1', [...meetings, other], day(25))).toEqual(result);
  });
});

describe('analyseRelationships', () => {
  it('analyses each account with sales meetings, sorted by key, as analyseAccount does alone', () => {
    const meetings = [
      meeting('b1', day(0), { accountKey: 'domain:globex.com', accountName: 'globex.com' }),
      meeting('a1', day(1)),
      meeting('n1', day(2), { accountKey: 'domain:initech.com', isSalesMeeting: false }),
      meeting('a2', day(8)),
    ];
    const all = analyseRelationships(meetings, day(30));
    expect(all.map((r) => [r.accountKey, r.meetings])).toEqual([
      ['acc-1', 2],
      ['domain:globex.com', 1],
    ]);
    const groups = groupByAccount(meetings);
    expect(all[0]).toEqual(analyseAccount('acc-1', groups.get('acc-1') ?? [], day(30)));
  });
});
