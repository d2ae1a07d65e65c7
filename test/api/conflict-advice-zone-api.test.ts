/**
 * The record of an applied suggestion tells its times as the user reads them, in their zone, as
 * the suggestion's own wording does: "move it to Tue 2026-03-10 17:00 (Europe/Berlin)", not the
 * stored UTC instant; and it says what the user does, for the meeting as it is now.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { formatLocal } from '../../src/domain/conflicts/index.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import type { Scope } from '../../src/store/store.js';
import { buildEvent, describeEachDialect } from '../support/databases.js';
import { buildTestApi, type TestApi } from '../support/test-app.js';
import { BUYER, colleague, me, REP } from '../support/conflict-people.js';

const ZONE = 'Europe/Berlin';

describeEachDialect('the advice an applied suggestion records', (context) => {
  let api: TestApi;
  let scope: Scope;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
  });
  afterAll(async () => api.close());

  beforeEach(async () => {
    const { store } = context();
    const org = await store.organisations.create({
      name: `Acme ${Math.random()}`,
      internalDomains: ['acme.test'],
    });
    const user = await store.users.create(org.id, { email: REP, timeZone: ZONE, role: 'admin' });
    scope = { orgId: org.id, userId: user.id };
    const connection = await store.connections.create(scope, {
      provider: 'ics',
      label: 'Work',
      secrets: { url: 'https://calendar.example.test/secret-feed.ics' },
      settings: {},
    });
    const calendar = await store.calendars.upsert(scope, connection.id, {
      providerCalendarId: 'primary',
      name: 'Work',
      timeZone: ZONE,
      isPrimary: true,
    });
    const events: CalendarEvent[] = [
      buildEvent({
        title: 'Globex product demo',
        start: '2026-03-10T10:00:00.000Z',
        end: '2026-03-10T11:00:00.000Z',
        organizer: { email: BUYER.email, name: 'Buyer' },
        attendees: [BUYER, me],
      }),
      buildEvent({
        title: 'Team sync',
        start: '2026-03-10T10:30:00.000Z',
        end: '2026-03-10T11:30:00.000Z',
        organizer: { email: REP, name: 'Rep' },
        attendees: [me, colleague],
      }),
    ];
    await store.events.applyPage(
      scope,
      calendar!.id,
      { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
      1,
    );
    await api.app.meetings.detectNow(scope);
    await api.app.conflicts.scan(scope);
  });

  const theOverlap = async () => {
    const page = await api.app.conflicts.list(scope, { from: '2026-03-01T00:00:00Z', limit: 10 });
    expect(page.items).toHaveLength(1);
    return page.items[0]!;
  };
  const local = (instant: string) => formatLocal(Date.parse(instant), ZONE);

  it('a reschedule of her own meeting says when to move it, in the user’s zone, as its why says it', async () => {
    const overlap = await theOverlap();
    const move = overlap.suggestions.find((s) => s.action === 'reschedule')!;
    expect(move.why).toContain(local(move.to!.start));

    const { writeBack } = await api.app.conflicts.resolve(scope, overlap.id, {
      action: 'apply',
      suggestionId: move.id,
    });

    expect(writeBack).toEqual({
      status: 'not_needed',
      message: `recorded: move it to ${local(move.to!.start)}`,
      messageParts: [{ text: 'recorded: move it to ' }, { at: move.to!.start, zone: ZONE }],
    });
    expect(writeBack.message).toMatch(/\(Europe\/Berlin\)$/);
  });

  it('a colleague who accepted is not asked to go: the user lets them know she will skip it', async () => {
    const overlap = await theOverlap();
    const delegate = overlap.suggestions.find((s) => s.action === 'delegate')!;
    expect(delegate.delegateTo).toBe(colleague.email);

    const { writeBack } = await api.app.conflicts.resolve(scope, overlap.id, {
      action: 'apply',
      suggestionId: delegate.id,
    });

    expect(writeBack).toEqual({
      status: 'not_needed',
      message: `recorded: ${colleague.name} attends too: let them know you will skip it`,
    });
  });

  it('a shortening says when to start in the user’s zone', async () => {
    const overlap = await theOverlap();
    const shorten = overlap.suggestions.find((s) => s.action === 'shorten')!;
    expect(shorten.to).toEqual({
      start: '2026-03-10T11:00:00.000Z',
      end: '2026-03-10T11:30:00.000Z',
    });

    const { writeBack } = await api.app.conflicts.resolve(scope, overlap.id, {
      action: 'apply',
      suggestionId: shorten.id,
    });

    expect(writeBack.message).toBe(
      'recorded: start the meeting at Tue 2026-03-10 12:00 (Europe/Berlin)',
    );
  });
});
