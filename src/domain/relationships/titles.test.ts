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

  it.each([
    ['Einkaufsleiter', 'director', ['procurement']],
    ['Einkaufsleiterin', 'director', ['procurement']],
    ['Einkäufer', 'individual', ['procurement']],
    ['Vertriebsleiter', 'director', ['sales']],
    ['Verkaufsleiter', 'director', ['sales']],
    ['Personalleiter', 'director', ['hr']],
    ['Personalchefin', 'director', ['hr']],
    ['Marketingleiter', 'director', ['marketing']],
    ['Betriebsleiter', 'director', ['operations']],
    ['Abteilungsleiter IT', 'director', ['it']],
    ['IT-Leiter', 'director', ['it']],
    ['Bereichsleiter', 'director', []],
    ['Leiterin Rechtsabteilung', 'director', ['legal']],
    ['Vertriebschefin', 'director', ['sales']],
    ['Finanzvorstand', 'c_level', ['finance']],
    ['Finanzvorständin', 'c_level', ['finance']],
    ['Geschäftsführerin', 'c_level', ['executive']],
    ['Vizepräsidentin', 'vp', []],
    ['Teamleiter', 'manager', []],
    ['Teamleiterin Vertrieb', 'manager', ['sales']],
    ['Projektleiter', 'manager', []],
    ['Gruppenleiter Einkauf', 'manager', ['procurement']],
    ['Vorstandsassistentin', 'individual', []],
    ['Président', 'c_level', ['executive']],
    ['Présidente', 'c_level', ['executive']],
    ['Vice-présidente', 'vp', []],
    ['Directeur financier', 'director', ['finance']],
    ['Directrice financière', 'director', ['finance']],
    ['Directeur Administratif et Financier', 'director', ['finance']],
    ['Directeur des achats', 'director', ['procurement']],
    ['Directrice générale', 'c_level', []],
    ['Responsable juridique', 'manager', ['legal']],
    ['Presidente', 'c_level', ['executive']],
    ['Presidenta', 'c_level', ['executive']],
    ['Vicepresidente de Ventas', 'vp', ['sales']],
    ['Vicepresidenta de Ventas', 'vp', ['sales']],
    ['Director Financiero', 'director', ['finance']],
    ['Directora Financiera', 'director', ['finance']],
    ['Directora General', 'c_level', []],
    ['Jefe de Compras', 'director', ['procurement']],
    ['Jefa de Compras', 'director', ['procurement']],
  ] as const)(
    'reads German compounds, French and Spanish accents and feminine forms: %s',
    (title, seniority, departments) => {
      const profile = profileTitle(title);
      expect(profile.seniority).toBe(seniority);
      expect(profile.departments).toEqual(departments);
    },
  );

  it.each([
    ['VP Sales', 'vp', ['sales']],
    ['Head of IT', 'director', ['it']],
    ['Head of Procurement', 'director', ['procurement']],
    ['General Counsel', 'individual', ['legal']],
    ['Chief of Staff', 'c_level', []],
    ['President', 'c_level', ['executive']],
    ['President & CEO', 'c_level', ['executive']],
    ['Vice President', 'vp', []],
    ['Vice President Information Technology', 'vp', ['it', 'engineering']],
    ['Chief Financial Officer', 'c_level', ['finance']],
    ['Financial Controller', 'individual', ['finance']],
    ['Director of Procurement & Legal', 'director', ['procurement', 'legal']],
    ['Team Leader', 'individual', []],
    ['Executive Chef', 'individual', []],
    ['Team Assistant', 'individual', []],
  ] as const)('reads English titles as before: %s', (title, seniority, departments) => {
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
