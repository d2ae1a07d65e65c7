import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConflictView } from '../../src/api/conflicts-schemas.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import { buildEvent, describeEachDialect, seedUser, type Tenant } from '../support/databases.js';
import { CALENDAR_BASE } from '../support/meetings.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const REP = 'rep@acme.test';
const COLLEAGUE = 'colleague@acme.test';
const attendee = (email: string) => ({
  email,
  name: null,
  responseStatus: 'accepted' as const,
  optional: false,
  resource: false,
});

/**
 * A reschedule suggestion whose slot is taken later: the 409 names what is there only when it is
 * on the caller's own calendar; a colleague's event is theirs to keep private.
 */
describeEachDialect('a reschedule slot taken since', (context) => {
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

  async function setUp() {
    const { store } = context();
    const org = await store.organisations.create({
      name: `Acme ${Math.random()}`,
      internalDomains: ['acme.test'],
    });
    const rep = await seedUser(store, org.id, REP, 'admin');
    const colleague = await seedUser(store, org.id, COLLEAGUE, 'member');
    const token = (await store.apiTokens.create(rep.scope, 'test')).token;
    const sync = buildEvent({
      title: 'Team sync',
      start: '2026-03-10T10:30:00.000Z',
      end: '2026-03-10T11:30:00.000Z',
      organizer: { email: REP, name: null },
      attendees: [attendee(REP), attendee(COLLEAGUE)],
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
    await put(colleague, [{ ...sync, providerEventId: 'colleague-copy' }]);
    await api.app.meetings.detectNow(rep.scope);
    await api.app.conflicts.scan(rep.scope);
    const listed = await api.server.inject({
      method: 'GET',
      url: `${CALENDAR_BASE}/conflicts/?from=2026-03-01T00:00:00Z`,
      headers: bearer(token),
    });
    const conflict = (listed.json().items as ConflictView[])[0]!;
    const move = conflict.suggestions.find((s) => s.action === 'reschedule')!;
    expect(move.to).toBeDefined();
    const apply = () =>
      api.server.inject({
        method: 'POST',
        url: `${CALENDAR_BASE}/conflicts/${conflict.id}/resolve/`,
        headers: bearer(token),
        payload: { action: 'apply', suggestionId: move.id },
      });
    const booked = (title: string, organizer: string) =>
      buildEvent({
        title,
        start: move.to!.start,
        end: move.to!.end,
        organizer: { email: organizer, name: null },
        attendees: [],
      });
    return { rep, colleague, apply, booked };
  }

  it('in a colleague’s calendar: says who is busy, not what their event is', async () => {
    const { colleague, apply, booked } = await setUp();
    await put(colleague, [booked('Job interview at Initech (confidential)', COLLEAGUE)]);
    const applied = await apply();
    expect(applied.statusCode, applied.body).toBe(409);
    const message: string = applied.json().error.message;
    expect(message).toContain(`(${COLLEAGUE} is busy then)`);
    expect(message).not.toContain('Initech');
  });

  it('in the caller’s own calendar: names the event', async () => {
    const { rep, apply, booked } = await setUp();
    await put(rep, [booked('Initech intro', REP)]);
    const applied = await apply();
    expect(applied.statusCode, applied.body).toBe(409);
    expect(applied.json().error.message).toMatch(/no longer free \("Initech intro" is there now\)/);
  });
});
