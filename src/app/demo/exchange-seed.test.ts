import { describe, expect, it } from 'vitest';
import type { GoogleSeed } from '../../../emulators/google/types.js';
import { exchangeSeedFor } from './exchange-seed.js';

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
});
