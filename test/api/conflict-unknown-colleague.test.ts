import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConflictView } from '../../src/api/conflicts-schemas.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import { buildEvent, describeEachDialect, seedUser, type Tenant } from '../support/databases.js';
import { CALENDAR_BASE } from '../support/meetings.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const REP = 'rep@acme.test';
const BEN = 'ben@acme.test';
const CARA = 'cara@acme.test';
const attendee = (email: string, name: string | null = null) => ({
  email,
  name,
  responseStatus: 'accepted' as const,
  optional: false,
  resource: false,
});

/**
 * A reschedule suggestion promises a slot only for the people whose calendars calintel reads: a
 * colleague who uses calintel but has no calendar connected is not known, and is not "free".
 */
describeEachDialect('a reschedule with a colleague whose calendar is not connected', (context) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
  });
  afterAll(async () => api.close());

  const put = (tenant: Tenant, events: CalendarEvent[]) =>
    context().store.events.applyPage(
      tenant.scope,
      tenant.calendar.id,
      { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
      1,
    );

  async function rescheduleWhy(): Promise<string> {
    const { store } = context();
    const org = await store.organisations.create({
      name: `Acme ${Math.random()}`,
      internalDomains: ['acme.test'],
    });
    const rep = await seedUser(store, org.id, REP, 'admin');
    // Ben uses calintel but connected no calendar; Cara did.
    await store.users.create(org.id, { email: BEN, name: 'Ben', role: 'member' });
    const cara = await seedUser(store, org.id, CARA, 'member');
    const token = (await store.apiTokens.create(rep.scope, 'test')).token;
    const sync = buildEvent({
      title: 'Team sync',
      start: '2026-03-10T10:30:00.000Z',
      end: '2026-03-10T11:30:00.000Z',
      organizer: { email: REP, name: null },
      attendees: [attendee(REP), attendee(BEN, 'Ben Stone'), attendee(CARA, 'Cara Lee')],
    });
    await put(rep, [
      buildEvent({
        title: 'Globex demo',
        start: '2026-03-10T10:00:00.000Z',
        end: '2026-03-10T11:00:00.000Z',
        organizer: { email: 'buyer@globex.test', name: null },
        attendees: [attendee('buyer@globex.test'), attendee(REP)],
      }),
      sync,
    ]);
    await put(cara, [{ ...sync, providerEventId: 'cara-copy' }]);
    await api.app.meetings.detectNow(rep.scope);
    await api.app.conflicts.scan(rep.scope);
    const listed = await api.server.inject({
      method: 'GET',
      url: `${CALENDAR_BASE}/conflicts/?from=2026-03-01T00:00:00Z`,
      headers: bearer(token),
    });
    const conflict = (listed.json().items as ConflictView[])[0]!;
    const move = conflict.suggestions.find((s) => s.action === 'reschedule');
    expect(move, listed.body).toBeDefined();
    return move!.why;
  }

  it('says the colleague is not known instead of calling them free, and names the one known', async () => {
    const why = await rescheduleWhy();
    expect(why).toContain('you and Cara Lee are free');
    expect(why).not.toContain('Ben');
    expect(why).not.toContain(BEN);
    expect(why).toContain('1 colleague calendar is not known');
  });
});
