import { describe, expect, it } from 'vitest';
import { corpusMeetings } from '../../../test/support/corpus-meetings.js';
import { typeFeatures } from './type-features.js';

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
    for (const { match, index, base } of corpusMeetings()) {
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
    expect(withGroups).toBeGreaterThan(50);
  });
});
