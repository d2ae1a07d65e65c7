import { describe, expect, it } from 'vitest';
import { NO_AVAILABILITY } from './availability.js';
import { conflictIdentity, conflictKey } from './conflict.js';
import { detectConflicts } from './detect.js';
import { makeConflictEvent, type ConflictEventInput } from './make-event.js';
import { conflictSettings } from './settings.js';
import type { Conflict, ConflictEvent } from './types.js';

const ANA = 'ana@northwind.io';
const NOW = Date.parse('2026-03-01T00:00:00Z');
const at = (time: string) => Date.parse(`2026-03-10T${time}:00Z`);
const settings = conflictSettings({
  internalDomains: ['northwind.io'],
  timeZoneOf: () => 'Europe/Berlin',
});

function meeting(id: string, from: string, to: string, fields: Partial<ConflictEventInput> = {}) {
  return makeConflictEvent({
    id,
    owner: ANA,
    title: id,
    start: at(from),
    end: at(to),
    attendees: [{ email: ANA, responseStatus: 'accepted' }, { email: `${id}@client.example` }],
    organizer: { email: ANA },
    identity: conflictIdentity(`["uid","${id}@client.example",null]`),
    ...fields,
  });
}

/** Every event again under another row id, as a calendar synced from scratch stores them. */
const resynced = (events: readonly ConflictEvent[]) =>
  events.map((e) => ({ ...e, id: `new-${e.id}` }));

const keys = (conflicts: readonly Conflict[]) =>
  conflicts.map((c) => [c.kind, c.key] as const).sort();

describe('conflict keys', () => {
  it('pins the key and the identity hash: stored keys are made of them', () => {
    expect(conflictKey('overlap', ANA, ['b', 'a'])).toBe(`overlap:${ANA}:a,b`);
    expect(conflictIdentity('["uid","demo@globex.test",null]')).toBe('m.9Eq_r1uBqcruzRLeBYVB1R');
    expect(conflictIdentity('["uid","demo@globex.test","2026-03-10T10:00:00Z"]')).not.toBe(
      conflictIdentity('["uid","demo@globex.test",null]'),
    );
  });

  it('an overlap, a travel conflict and a duplicate keep their keys when their rows are made anew', () => {
    const events = [
      meeting('acme', '09:00', '10:00', { location: 'Acme GmbH, Berlin' }),
      meeting('globex', '10:20', '11:00', { location: 'Globex, Torstraße 1, Berlin' }),
      meeting('initech', '10:30', '11:30'),
      // The same meeting on a second calendar: the same identity, another calendar.
      meeting('initech-copy', '10:30', '11:30', {
        calendarId: 'second',
        iCalUid: 'initech@client.example',
        identity: conflictIdentity('["uid","initech@client.example",null]'),
      }),
    ];
    events[2] = { ...events[2]!, iCalUid: 'initech@client.example', identity: events[3]!.identity };
    const before = detectConflicts(events, settings, NO_AVAILABILITY, NOW);
    expect(before.map((c) => c.kind).sort()).toEqual(['duplicate', 'overlap', 'travel']);
    const after = detectConflicts(resynced(events), settings, NO_AVAILABILITY, NOW);
    expect(keys(after)).toEqual(keys(before));
    // The rows are the new ones: only the key stays.
    expect(after.flatMap((c) => c.eventIds).every((id) => id.startsWith('new-'))).toBe(true);
    const overlap = before.find((c) => c.kind === 'overlap')!;
    expect(overlap.key).toBe(
      conflictKey('overlap', ANA, [events[1]!.identity!, events[2]!.identity!]),
    );
  });

  it('a conflict of other meetings has another key, and without identities the ids make it', () => {
    const one = [meeting('a', '09:00', '10:00'), meeting('b', '09:30', '10:30')];
    const other = [one[0]!, meeting('c', '09:30', '10:30')];
    const [first] = detectConflicts(one, settings, NO_AVAILABILITY, NOW);
    const [second] = detectConflicts(other, settings, NO_AVAILABILITY, NOW);
    expect(first!.key).not.toBe(second!.key);
    const bare = one.map(({ identity: _, ...e }) => e);
    expect(detectConflicts(bare, settings, NO_AVAILABILITY, NOW)[0]!.key).toBe(
      `overlap:${ANA}:a,b`,
    );
  });
});
