import { describe, expect, it } from 'vitest';
import { buildNorthwind, NORTHWIND_PEOPLE } from './northwind-org.js';
import { splitSeed } from './outlook-seed.js';

describe('splitSeed', () => {
  it("names each meeting's real organiser in Graph's shape; isOrganizer only on their own", () => {
    const org = buildNorthwind(new Date('2026-03-02T00:00:00Z'));
    const names = new Map(NORTHWIND_PEOPLE.map((p) => [p.email, p.name]));
    const outlook = new Set(['ines@northwind.io', 'jonas@northwind.io']);
    const { google, graph } = splitSeed(org.seed, outlook);
    expect(google.users.map((u) => u.email)).not.toContain('ines@northwind.io');
    expect(graph.users.map((u) => u.email)).toEqual([...outlook]);
    let theirs = 0;
    for (const user of graph.users) {
      for (const event of user.calendars?.flatMap((c) => c.events ?? []) ?? []) {
        const address = event.organizer?.emailAddress.address ?? '';
        if (address !== user.email) theirs++;
        expect(event.isOrganizer).toBe(address === user.email);
        if (event.attendees?.length)
          expect(event.organizer?.emailAddress.name).toBe(names.get(address));
      }
    }
    // Maya's series on their calendars: meetings they do not organise are there to check.
    expect(theirs).toBeGreaterThan(0);
  });
});
