import { describe, expect, it } from 'vitest';
import {
  DAY,
  JANE,
  external,
  every,
  meeting,
  utc,
} from '../../../test/support/relationship-meetings.js';
import { analyseAccount } from './analyse.js';

const FIRST = '2026-01-05T15:00:00Z';
const day = (n: number) => utc(FIRST) + n * DAY;

describe('stakeholders', () => {
  it('are the external people who took part, with seniority, departments and first and last meetings', () => {
    const cio = external('kim@acme.com', { name: 'Kim', title: 'CIO' });
    const never = external('nope@acme.com', { responseStatus: 'declined', title: 'CEO' });
    const meetings = [
      ...every(14, 8, FIRST, (i) => ({ externalPeople: i >= 5 ? [JANE, cio, never] : [JANE] })),
      meeting('future', day(200), { externalPeople: [external('later@acme.com')] }),
    ];
    const result = analyseAccount('acc-1', meetings, day(100));
    expect(result.stakeholders).toEqual([
      {
        email: 'jane@acme.com',
        name: 'Jane Doe',
        title: 'Procurement Manager',
        seniority: 'manager',
        departments: ['procurement'],
        firstSeen: day(0),
        lastSeen: day(98),
        meetings: 8,
        invited: 8,
        declined: 0,
      },
      {
        email: 'kim@acme.com',
        name: 'Kim',
        title: 'CIO',
        seniority: 'c_level',
        departments: ['it'],
        firstSeen: day(70),
        lastSeen: day(98),
        meetings: 3,
        invited: 3,
        declined: 0,
      },
    ]);
    expect(result.newStakeholdersLast90Days).toBe(1);
    expect(result.stakeholderExpansion).toBe(true);
    expect(result.expansionReasons).toEqual([
      'more senior: a C-level joined (the most senior before was manager)',
      'new departments took part: it',
    ]);
  });

  it('do not expand while everyone is new', () => {
    const meetings = every(7, 3, FIRST, {
      externalPeople: [JANE, external('b@acme.com'), external('c@acme.com')],
    });
    const result = analyseAccount('acc-1', meetings, day(20));
    expect(result.newStakeholdersLast90Days).toBe(3);
    expect(result.stakeholderExpansion).toBe(false);
  });

  it('take the latest title a meeting gives (a promotion)', () => {
    const meetings = every(7, 2, FIRST, (i) => ({
      externalPeople: [
        { ...JANE, title: i === 0 ? 'Procurement Manager' : 'Director of Procurement' },
      ],
    }));
    expect(analyseAccount('acc-1', meetings, day(20)).stakeholders[0]?.seniority).toBe('director');
  });
});
