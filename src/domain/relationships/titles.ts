/**
 * Seniority and departments from a job title (a CRM contact's `title`), in English with the
 * common German, French and Spanish words. The rules are tried in order, the first that matches
 * wins: assistants first, then most senior first, so that "Vice President" is a VP before
 * "President" makes it C-level.
 *
 * An assistant to someone ("Executive Assistant to the CEO", "EA to the CFO", "Assistentin der
 * Geschäftsführung", "Vorstandsassistent", "assistante de direction") is an individual
 * contributor: the title names whom they support, not their own seniority. "Assistant" alone
 * before a rank ("Assistant Director", "Assistant Vice President") is not this rule's: those
 * keep the rank they name. A German "Vorstand" (management board member) and a Spanish "Gerente
 * General" (the head of the company) are C-level.
 *
 * German titles are mostly compounds, where `\b` finds no word inside: the leader's and board's
 * words are read at the end of one ("Einkaufsleiter", "Vertriebschefin", "Finanzvorstand"; a
 * Team-, Gruppen- or Projektleiter is a manager) and the departments' at its start ("Einkaufs-",
 * "Vertriebs-", "Personal-", "Finanz-"). French and Spanish words are read with their accents and
 * feminine forms ("Présidente", "Vicepresidenta", "Directrice financière", "Jefa de Compras").
 *
 * Each distinct title is classified once (the cache below), so these regular expressions never
 * run per meeting.
 */
import { SENIORITIES, type Department, type Seniority } from './model.js';

/**
 * Letters a German compound puts before its last word ("Einkaufs" in Einkaufsleiter), where `\b`
 * sees none: `\w` is ASCII alone, so the umlauts and ß are named.
 */
const DE = '[a-zäöüß]*';
/**
 * German leaders whose compound names a team, group or project: managers, not directors
 * (lookbehinds, as the leader's word is matched anywhere in a compound).
 */
const TEAM_LEADER = '(?<=team|gruppen|projekt)leiter(in)?\\b';
const NOT_TEAM = '(?<!team|gruppen|projekt)';

const rule = (source: string, flags = 'i'): RegExp => new RegExp(source, flags);

const SENIORITY_RULES: readonly [Seniority, RegExp][] = [
  [
    'individual',
    /\b((executive|personal|administrative) assistant|assistant to|(ea|pa) to|\w*assistent(in)?|\w*assistenz|assistante? (de|du|d'|à)|asistente (de|del|a|ejecutiv[ao])|secretary to|secr[ée]taire de direction)\b/i,
  ],
  ['vp', /\b(s?e?vp|avp|vice[- ]?president|vizepr[aä]sident(in)?|vice[- ]?pr[ée]sident(e|a)?)\b/i],
  [
    'c_level',
    rule(
      `\\b(c[acdefilmoprst]o|chro|ciso|chief|pr[aäeé]sident(in|e|a)?|founder|co-?founder|managing director|gesch[aä]ftsf[uü]hrer(in)?|direct(eur|rice) g[ée]n[ée]ral(e)?|directora? general|gerente general|pdg)\\b|${DE}vorst[aä]nd`,
    ),
  ],
  [
    'director',
    rule(
      `\\b(director|head|directeur|directrice|directora?|direktor(in)?|jefe|jefa)\\b|${NOT_TEAM}leiter(in)?\\b|\\b[a-zäöüß]+chef(in)?\\b`,
    ),
  ],
  ['manager', rule(`\\b(manager|lead|supervisor|principal|responsable|gerente)\\b|${TEAM_LEADER}`)],
];

const DEPARTMENT_RULES: readonly [Department, RegExp][] = [
  [
    'executive',
    /\b(ceo|chief executive|pr[aäeé]sident|founder|co-?founder|managing director|gesch[aä]ftsf)/i,
  ],
  ['procurement', /\b(procurement|purchasing|sourcing|buyer|achats?|compras)\b|eink[aä]uf/i],
  ['legal', /\b(clo|legal|counsel|attorney|lawyer|contracts?|juridique|recht|jur[ií]dic)/i],
  ['finance', /\b(cfo|financ|controller|controlling|accounting|treasury|fp&a|finanz)/i],
  ['it', /\bIT\b/],
  ['security', /\b(ciso|security|infosec|s[ée]curit[ée])\b|sicherheit/i],
  ['engineering', /\b(cto|engineer(ing)?|developer|architect|devops|technology|entwickl)/i],
  ['operations', /\b(coo|operations|ops|logistics|supply chain)\b|\bbetrieb/i],
  [
    'sales',
    /\b(cro|sales|account executive|business development|ventes|ventas)\b|\bvertrieb|\bverk[aä]uf/i,
  ],
  ['marketing', /\b(cmo|marketing|brand|growth)\b|\bmarketing(?=leiter|chef)/i],
  ['hr', /\b(chro|hr|human resources|people|talent|recruit\w*|personal\w*)\b/i],
];

/** The `it` rule reads "IT" case-sensitively (the word "it" is not a department), or these. */
const IT_LOWER = /\b(cio|information technology|infrastructure|sysadmin|system administrator)\b/i;

export interface TitleProfile {
  seniority: Seniority;
  departments: Department[];
}

const UNKNOWN: TitleProfile = { seniority: 'unknown', departments: [] };

/**
 * Titles repeat across an organisation's meetings: one classification per distinct title, with
 * its seniority rank (the stage rules read it for every attendee of every meeting), forgotten
 * wholesale past a size so that memory stays bounded.
 */
const cache = new Map<string, { profile: TitleProfile; rank: number }>();
const CACHE_LIMIT = 50_000;

/** The seniority and departments a title says; `unknown` and none for an empty title. */
export function profileTitle(title: string | null): TitleProfile {
  return classified(title)?.profile ?? UNKNOWN;
}

/** seniorityRank of the title's seniority: 0 (unknown) for an empty title. */
export function titleRank(title: string | null): number {
  return classified(title)?.rank ?? 0;
}

function classified(title: string | null): { profile: TitleProfile; rank: number } | null {
  if (!title) return null;
  const known = cache.get(title);
  if (known) return known;
  if (title.trim() === '') return null;
  const profile = classify(title);
  const entry = { profile, rank: seniorityRank(profile.seniority) };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(title, entry);
  return entry;
}

function classify(title: string): TitleProfile {
  const seniority = SENIORITY_RULES.find(([, rule]) => rule.test(title))?.[0] ?? 'individual';
  const departments = DEPARTMENT_RULES.filter(([department, rule]) => {
    // "Vice President of Sales" is in sales, not on the executive team.
    if (department === 'executive' && seniority !== 'c_level') return false;
    return rule.test(title) || (department === 'it' && IT_LOWER.test(title));
  }).map(([department]) => department);
  return { seniority, departments };
}

/** 5 for C-level down to 1 for an individual contributor; 0 when unknown. */
export function seniorityRank(seniority: Seniority): number {
  const index = (SENIORITIES as readonly string[]).indexOf(seniority);
  return index < 0 ? 0 : SENIORITIES.length - index;
}

/** The seniority of a rank (the inverse of seniorityRank). */
export function seniorityOfRank(rank: number): Seniority {
  return SENIORITIES[SENIORITIES.length - rank] ?? 'unknown';
}

/** For reasons: "a VP", "a director", "C-level". */
export function describeSeniority(seniority: Seniority): string {
  switch (seniority) {
    case 'c_level':
      return 'C-level';
    case 'vp':
      return 'VP';
    case 'individual':
      return 'individual contributor';
    default:
      return seniority;
  }
}
