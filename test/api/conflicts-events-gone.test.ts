/**
 * Between an event's removal (a calendar deleted with its events, a sync that deletes it) and the
 * conflict pass that follows, the list never shows an open conflict left with fewer events than
 * its kind needs: an overlap of one event, a travel conflict of none.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildEvent, describeEachDialect, seedUser } from '../support/databases.js';
import { buildTestApi, type TestApi } from '../support/test-app.js';

describeEachDialect('open conflicts whose events are gone, before the next pass', (context) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
  });
  afterAll(async () => api.close());

  async function setUp(email: string) {
    const { store } = context();
    const org = await store.organisations.create({
      name: `Acme ${email}`,
      internalDomains: ['acme.test'],
    });
    const rep = await seedUser(store, org.id, email, 'admin');
    const other = await store.connections.create(rep.scope, {
      provider: 'ics',
      label: 'Other',
      secrets: { url: 'https://calendar.example.test/other.ics' },
      settings: {},
    });
    const calendar = await store.calendars.upsert(rep.scope, other.id, {
      providerCalendarId: 'other',
      name: 'Other',
      timeZone: 'UTC',
      isPrimary: false,
    });
    if (!calendar) throw new Error('no calendar');
    const demo = buildEvent({
      title: 'Customer demo',
      start: '2026-03-10T10:00:00.000Z',
      end: '2026-03-10T11:00:00.000Z',
    });
    const dentist = buildEvent({
      title: 'Dentist',
      start: '2026-03-10T10:30:00.000Z',
      end: '2026-03-10T11:30:00.000Z',
      attendees: [],
      organizer: { email, name: null },
    });
    const page = (event: typeof demo) => ({ upserts: [{ event, raw: {} }], deletions: [] });
    await store.events.applyPage(rep.scope, rep.calendar.id, page(demo), 1);
    await store.events.applyPage(rep.scope, calendar.id, page(dentist), 1);
    await api.app.meetings.detectNow(rep.scope);
    await api.app.conflicts.scan(rep.scope);
    const listed = async () =>
      (
        await api.app.conflicts.list(rep.scope, { from: '2026-03-01T00:00:00Z', limit: 100 })
      ).items.map((c) => `${c.status}: ${c.events.map((e) => e.title).join(' + ')}`);
    expect(await listed()).toEqual(['open: Customer demo + Dentist']);
    return { rep, other, calendar, dentist, listed };
  }

  it('an overlap whose other calendar was deleted is not listed as open with one event', async () => {
    const { rep, other, listed } = await setUp('rep1@acme.test');
    await api.app.connections.disconnect(rep.scope, other.id, false);
    expect(await listed()).toEqual([]);
  });

  it('an overlap whose event a sync deleted is not listed as open with one event', async () => {
    const { store } = context();
    const { rep, calendar, dentist, listed } = await setUp('rep2@acme.test');
    await store.events.applyPage(
      rep.scope,
      calendar.id,
      { upserts: [], deletions: [dentist.providerEventId] },
      2,
    );
    expect(await listed()).toEqual([]);
  });
});
