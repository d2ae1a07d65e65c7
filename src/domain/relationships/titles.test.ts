import { describe, expect, it } from 'vitest';
import { profileTitle, seniorityOfRank, seniorityRank } from './titles.js';

describe('seniority and departments from titles', () => {
  it.each([
    ['CFO', 'c_level', ['finance']],
    ['Chief Executive Officer', 'c_level', ['executive']],
    ['CEO & Co-Founder', 'c_level', ['executive']],
    ['Vice President, Procurement', 'vp', ['procurement']],
    ['SVP Engineering', 'vp', ['engineering']],
    ['Director of IT', 'director', ['it']],
    ['Head of Legal', 'director', ['legal']],
    ['Leiter Einkauf', 'director', ['procurement']],
    ['IT Manager', 'manager', ['it']],
    ['Procurement Manager', 'manager', ['procurement']],
    ['Information Security Lead', 'manager', ['security']],
    ['Financial Analyst', 'individual', ['finance']],
    ['Software Engineer', 'individual', ['engineering']],
  ] as const)('%s: %s in %j', (title, seniority, departments) => {
    const profile = profileTitle(title);
    expect(profile.seniority).toBe(seniority);
    expect(profile.departments).toEqual(departments);
  });

  it('knows nothing of an absent or empty title', () => {
    expect(profileTitle(null)).toEqual({ seniority: 'unknown', departments: [] });
    expect(profileTitle('  ')).toEqual({ seniority: 'unknown', departments: [] });
  });

  it('does not read the word "it" as the IT department', () => {
    expect(profileTitle('Makes it happen').departments).toEqual([]);
  });

  it('ranks seniorities from C-level (5) down to unknown (0)', () => {
    expect(
      ['c_level', 'vp', 'director', 'manager', 'individual', 'unknown'].map((s) =>
        seniorityRank(s as never),
      ),
    ).toEqual([5, 4, 3, 2, 1, 0]);
    expect(seniorityOfRank(4)).toBe('vp');
    expect(seniorityOfRank(0)).toBe('unknown');
  });
});
