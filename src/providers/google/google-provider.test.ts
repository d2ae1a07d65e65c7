import { describe, expect, it } from 'vitest';
import type { FetchChangesRequest, SyncPage } from '../provider.js';
import type { EventsPage, GoogleClient } from './google-client.js';
import { GoogleProvider } from './google-provider.js';

const request: FetchChangesRequest = {
  connection: {
    id: 'connection-1',
    secrets: { accessToken: 'a', refreshToken: 'r', expiresAt: String(Date.now() + 3_600_000) },
    settings: {},
  },
  calendar: { providerCalendarId: 'primary', name: 'Work', timeZone: 'UTC', isPrimary: true },
  cursor: null,
  window: { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') },
};

const meeting = (id: string) => ({
  id,
  status: 'confirmed',
  summary: `Meeting ${id}`,
  start: { dateTime: '2026-03-02T10:00:00Z' },
  end: { dateTime: '2026-03-02T11:00:00Z' },
});

async function pagesFor(page: EventsPage): Promise<SyncPage[]> {
  const client = { listEvents: () => Promise.resolve(page) } as unknown as GoogleClient;
  const pages: SyncPage[] = [];
  for await (const synced of new GoogleProvider(client).fetchChanges(request)) pages.push(synced);
  return pages;
}

describe('GoogleProvider pages', () => {
  it('hand each event over with its own JSON as Google sent it, removals and failures skipped', async () => {
    const items = [
      { id: 'gone', status: 'cancelled' },
      meeting('a'),
      { id: 'no-start', status: 'confirmed', summary: 'Broken' },
      meeting('b'),
    ];
    const texts = items.map((item) => ` ${JSON.stringify(item)}`);
    const [page] = await pagesFor({ items, itemTexts: texts, nextSyncToken: 's1' });
    expect(page?.deletions).toEqual(['gone']);
    expect(page?.issues.map((issue) => issue.providerEventId)).toEqual(['no-start']);
    expect(page?.upserts.map((u) => [u.event.providerEventId, u.rawJson])).toEqual([
      ['a', texts[1]],
      ['b', texts[3]],
    ]);
  });

  it('leaves the raw JSON to the store when the texts could not be read', async () => {
    const [page] = await pagesFor({ items: [meeting('a')], itemTexts: null, nextSyncToken: 's1' });
    expect(page?.upserts[0]?.rawJson).toBeUndefined();
    expect(page?.upserts[0]?.raw).toEqual(meeting('a'));
  });
});
