import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEventLine } from '../analysis/event-line.js';
import { buildCrmIndex, type OrganisationContext } from '../matching/crm.js';
import { matchMeeting } from '../matching/match-meeting.js';
import { extractFeatures } from './features.js';
import { typeFeatures } from './type-features.js';

const ROOT = join(import.meta.dirname, '../../..');

/** The attendee groups by title as first written: the patterns run for every contact, every time. */
const GROUPS: ReadonlyArray<[string, RegExp]> = [
  ['procurement', /procure|purchas|einkauf|achat|compra|sourcing|buyer/i],
  ['legal', /legal|counsel|jurist|juridique|abogad|lawyer|recht/i],
  ['finance', /cfo|financ|controll|treasur|finanz|comptab/i],
  [
    'executive',
    /\b(ceo|cfo|cto|coo|cio|chief|founder|president|vp|vice president|managing director|geschaftsfuhrer|directeur general|director general)\b/i,
  ],
  ['it', /\b(it|cio|cto|security|infosec|architect|engineer|devops|admin)\b/i],
];

describe('typeFeatures', () => {
  it('adds the attendee groups of the CRM titles as the patterns did, in the same order', () => {
    let withGroups = 0;
    for (const name of ['helvetia-analytics', 'lumiere-paie', 'ruta-logistica']) {
      const dir = join(ROOT, 'corpus', name);
      const org = JSON.parse(readFileSync(join(dir, 'org.json'), 'utf8')) as OrganisationContext;
      const index = buildCrmIndex(org);
      for (const line of readFileSync(join(dir, 'events.jsonl'), 'utf8').split('\n')) {
        if (!line.trim()) continue;
        const { input } = parseEventLine(line);
        const match = matchMeeting(input, index);
        const base = extractFeatures(input, match, index);
        const expected = new Map(typeFeatures(base, match, index, undefined).named);
        const direct = new Map(base.named);
        const account = match.accountId ? index.accounts.get(match.accountId) : undefined;
        if (account?.stage) direct.set(`stage:${account.stage}`, 1);
        for (const person of match.externals)
          for (const id of person.contactIds) {
            const title = index.contactsById.get(id)?.title;
            if (title)
              for (const [group, pattern] of GROUPS)
                if (pattern.test(title)) direct.set(`attendee:${group}`, 1);
          }
        expect([...expected]).toEqual([...direct]);
        if ([...expected.keys()].some((k) => k.startsWith('attendee:'))) withGroups += 1;
      }
    }
    expect(withGroups).toBeGreaterThan(50);
  });
});
