/**
 * Deleting a connection with its events logs no change for them, so the conflict pass must read
 * the user's whole window again: a conflict with one of those events clears.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildEvent, describeEachDialect, seedUser } from '../support/databases.js';
import { buildTestApi, type TestApi } from '../support/test-app.js';

describeEachDialect('conflicts after a connection is deleted with its events', (context) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
  });
  afterAll(async () => api.close());

  it('a conflict with one of its events clears at the next pass', async () => {
    const { store } = context();
    const org = await store.organisations.create({ name: 'Acme', internalDomains: ['acme.test'] });
    const rep = await seedUser(store, org.id, 'rep@acme.test', 'admin');
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
      organizer: { email: 'rep@acme.test', name: null },
    });
    const page = (event: typeof demo) => ({ upserts: [{ event, raw: {} }], deletions: [] });
    await store.events.applyPage(rep.scope, rep.calendar.id, page(demo), 1);
    await store.events.applyPage(rep.scope, calendar.id, page(dentist), 1);
    await api.app.meetings.detectNow(rep.scope);
    await api.app.conflicts.scan(rep.scope);
    const open = async () =>
      (await api.app.conflicts.list(rep.scope, { from: '2026-03-01T00:00:00Z', limit: 100 })).items
        .filter((c) => c.status === 'open')
        .map((c) => c.events.map((e) => e.title).sort());
    expect(await open()).toEqual([['Customer demo', 'Dentist']]);

    await api.app.connections.disconnect(rep.scope, other.id, false);
    await api.app.meetings.detectNow(rep.scope);
    await api.app.conflicts.scan(rep.scope);

    expect(await open()).toEqual([]);
  });
});
