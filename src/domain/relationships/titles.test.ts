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

  it.each([
    ['CHRO', 'c_level', ['hr']],
    ['CLO', 'c_level', ['legal']],
    ['CCO', 'c_level', []],
    ['CAO', 'c_level', []],
    ['Vorstand', 'c_level', []],
    ['Vorstandsvorsitzender', 'c_level', []],
    ['Mitglied des Vorstands', 'c_level', []],
    ['Gerente General', 'c_level', []],
    ['Executive Assistant to the CEO', 'individual', []],
    ['EA to the CFO', 'individual', ['finance']],
    ['Assistant to the VP of Sales', 'individual', ['sales']],
    ['Assistentin der Geschäftsführung', 'individual', []],
    ['Vorstandsassistent', 'individual', []],
    ['Assistante de direction', 'individual', []],
    ['Asistente del Gerente General', 'individual', []],
    ['Assistant Vice President', 'vp', []],
    ['Assistant Director of Procurement', 'director', ['procurement']],
  ] as const)(
    'reads C-level abbreviations, board titles and assistants: %s',
    (title, seniority, departments) => {
      const profile = profileTitle(title);
      expect(profile.seniority).toBe(seniority);
      expect(profile.departments).toEqual(departments);
    },
  );

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
