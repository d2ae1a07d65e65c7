import { describe, expect, it } from 'vitest';
import { buildItem } from '../../../emulators/exchange/items.js';
import type { GoogleSeed } from '../../../emulators/google/types.js';
import { exchangeSeedFor } from './exchange-seed.js';
import { buildNorthwind, NORTHWIND_PEOPLE } from './northwind-org.js';

describe('exchangeSeedFor', () => {
  it('books a room as a resource, apart from the people (before, rooms were dropped)', () => {
    const seed = {
      users: [
        {
          email: 'sam@northwind.io',
          calendars: [
            {
              events: [
                {
                  id: 'review',
                  summary: 'Pipeline review',
                  start: { dateTime: '2026-03-10T09:00:00Z' },
                  end: { dateTime: '2026-03-10T10:00:00Z' },
                  attendees: [
                    { email: 'ana@northwind.io', responseStatus: 'accepted' },
                    { email: 'lee@northwind.io', optional: true },
                    { email: 'room-3@northwind.io', resource: true, responseStatus: 'accepted' },
                  ],
                },
              ],
            },
          ],
        },
      ],
    } as unknown as GoogleSeed;
    const [item] = exchangeSeedFor(seed, 'sam@northwind.io', 'pw').mailboxes[0]!.items ?? [];
    expect(item?.requiredAttendees?.map((a) => a.email)).toEqual(['ana@northwind.io']);
    expect(item?.optionalAttendees?.map((a) => a.email)).toEqual(['lee@northwind.io']);
    expect(item?.resources).toEqual([{ email: 'room-3@northwind.io', response: 'Accept' }]);
  });

  it("keeps the real organiser, named, on a teammate's meeting: MyResponseType is not Organizer", () => {
    const owner = 'priya@northwind.io';
    const org = buildNorthwind(new Date('2026-03-02T00:00:00Z'));
    const names = new Map(NORTHWIND_PEOPLE.map((p) => [p.email, p.name]));
    const items = exchangeSeedFor(org.seed, owner, 'pw').mailboxes[0]?.items ?? [];
    const defaults = { folderId: 'calendar', timeZone: 'UTC', nowMs: 0, seq: 0 };
    let theirs = 0;
    for (const input of items) {
      const item = buildItem(input, { ...defaults, owner: { email: owner } });
      const organiser = item.organizer.email;
      if (organiser !== owner) theirs++;
      expect(item.myResponseType === 'Organizer').toBe(organiser === owner);
      if (item.requiredAttendees.length > 0) expect(item.organizer.name).toBe(names.get(organiser));
    }
    // Maya's weekly and the Calendly bookings: both kinds are there.
    expect(theirs).toBeGreaterThan(0);
    expect(theirs).toBeLessThan(items.length);
  });
});
