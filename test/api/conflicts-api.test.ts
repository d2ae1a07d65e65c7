import { beforeEach, describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../../src/domain/event.js';
import { buildEvent, describeEachDialect, type Tenant } from '../support/databases.js';
import { TEST_NOW, type TestApi } from '../support/test-app.js';
import { BUYER, me } from '../support/conflict-people.js';
import { put, useConflictsApi } from './conflicts-api-env.js';

describeEachDialect('conflicts API', (context) => {
  const env = useConflictsApi(context);
  const { request, conflicts, scan, titles } = env;
  let api: TestApi;
  let tenant: Tenant;
  let events: Record<string, CalendarEvent>;
  beforeEach(() => {
    ({ api, tenant, events } = env.current());
  });

  it('finds the overlap and the hold, each with its events, reasons and ranked suggestions', async () => {
    await scan();
    const found = await conflicts();
    expect(found.map((c) => [c.kind, titles(c)])).toEqual([
      ['overlap', ['Globex product demo', 'Team sync']],
      ['overlap', ['Globex pricing call', 'Hold']],
    ]);
    const [overlap, hold] = found;
    expect(overlap).toMatchObject({ status: 'open', autoResolvable: false });
    expect(overlap!.reasons.length).toBeGreaterThan(0);
    expect(overlap!.suggestions[0]).toMatchObject({ index: 0, why: expect.any(String) });
    // The customer's demo matters more than the internal sync: the sync is what moves.
    const syncId = overlap!.events.find((e) => e.title === 'Team sync')!.id;
    expect(
      overlap!.suggestions.some((s) => s.action === 'reschedule' && s.eventId === syncId),
    ).toBe(true);
    expect(hold).toMatchObject({ autoResolvable: true });
    expect(hold!.suggestions[0]).toMatchObject({ action: 'release' });
  });

  it('a meeting on two calendars is a duplicate, not an overlap', async () => {
    const { store } = context();
    const calendar = await store.calendars.upsert(tenant.scope, tenant.connection.id, {
      providerCalendarId: 'second',
      name: 'Second',
      timeZone: 'UTC',
      isPrimary: false,
    });
    await put(store, tenant, calendar!.id, [{ ...events.demo!, providerEventId: 'copy-of-demo' }]);
    await scan();
    const found = await conflicts();
    const duplicate = found.find((c) => c.kind === 'duplicate');
    expect(duplicate && titles(duplicate)).toEqual(['Globex product demo', 'Globex product demo']);
    expect(duplicate?.suggestions[0]).toMatchObject({ action: 'merge' });
    expect(found.filter((c) => c.kind === 'overlap')).toHaveLength(2);
  });

  it('a decision sticks across scans, and a change elsewhere does not touch it', async () => {
    await scan();
    const [overlap, hold] = await conflicts();
    const applied = await request('POST', `/conflicts/${overlap!.id}/resolve/`, {
      action: 'apply',
      suggestionId: overlap!.suggestions[0]!.id,
    });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({
      conflict: { status: 'resolved', resolvedBy: `user:${tenant.scope.userId}` },
      writeBack: { status: expect.any(String) },
    });
    const dismissed = await request('POST', `/conflicts/${hold!.id}/resolve/`, {
      action: 'dismiss',
      note: 'the hold is mine to ignore',
    });
    expect(dismissed.json()).toMatchObject({
      conflict: { status: 'dismissed', resolution: { note: 'the hold is mine to ignore' } },
    });
    const again = await request('POST', `/conflicts/${hold!.id}/resolve/`, { action: 'dismiss' });
    expect(again.statusCode).toBe(409);

    // A new meeting a week later: only its days are recomputed.
    const { store } = context();
    await put(store, tenant, tenant.calendar.id, [
      buildEvent({ title: 'Later', start: '2026-03-17T09:00:00.000Z' }),
    ]);
    const later = await scan();
    expect(later.spans).toBe(1);
    expect((await conflicts()).map((c) => c.status)).toEqual(['resolved', 'dismissed']);
  });

  it('the advice for a shortening that moves the start says when to start, not the unchanged end', async () => {
    await scan();
    const [overlap] = await conflicts('&status=open');
    const shorten = overlap!.suggestions.find((s) => s.action === 'shorten');
    // The team sync (10:30-11:30) is cut to start once the demo is over.
    expect(shorten?.to).toEqual({
      start: '2026-03-10T11:00:00.000Z',
      end: '2026-03-10T11:30:00.000Z',
    });
    const applied = await request('POST', `/conflicts/${overlap!.id}/resolve/`, {
      action: 'apply',
      suggestionId: shorten!.id,
    });
    expect(applied.statusCode, applied.body).toBe(200);
    // The message as before, and its instant apart for clients that write dates their own way.
    expect(applied.json().writeBack).toEqual({
      status: 'not_needed',
      message: 'recorded: start the meeting at Tue 2026-03-10 11:00 (UTC)',
      messageParts: [
        { text: 'recorded: start the meeting at ' },
        { at: '2026-03-10T11:00:00.000Z', zone: 'UTC' },
      ],
    });
    expect(shorten?.why).toMatch(/^start it at Tue 2026-03-10 11:00 \(UTC\) /);
    expect(shorten?.whyParts?.slice(0, 2)).toEqual([
      { text: 'start it at ' },
      { at: '2026-03-10T11:00:00.000Z', zone: 'UTC' },
    ]);
  });

  describe('a suggested time booked later, days after the conflict', () => {
    const customer = (title: string, start: string, end: string) =>
      buildEvent({
        title,
        start,
        end,
        organizer: { email: BUYER.email, name: 'Buyer' },
        attendees: [BUYER, me],
      });
    /**
     * The rest of the 10th, the 11th and the 12th are taken (working hours: 09:00-17:00 UTC): the
     * sync's next free hour is on the 13th, beyond the days a change on the 13th recomputes.
     */
    const fillWeek = () =>
      put(context().store, tenant, tenant.calendar.id, [
        customer('Globex workshop', '2026-03-10T11:30:00.000Z', '2026-03-10T17:00:00.000Z'),
        customer('Globex onsite', '2026-03-11T09:00:00.000Z', '2026-03-11T17:00:00.000Z'),
        customer('Globex offsite', '2026-03-12T09:00:00.000Z', '2026-03-12T17:00:00.000Z'),
      ]);
    const syncMove = async () => {
      const overlap = (await conflicts('&status=open')).find((c) =>
        titles(c).includes('Team sync'),
      )!;
      const syncId = overlap.events.find((e) => e.title === 'Team sync')!.id;
      const move = overlap.suggestions.find(
        (s) => s.action === 'reschedule' && s.eventId === syncId,
      );
      return { overlap, move };
    };
    const bookFriday = () =>
      put(context().store, tenant, tenant.calendar.id, [
        customer('Initech intro', '2026-03-13T09:00:00.000Z', '2026-03-13T10:00:00.000Z'),
      ]);

    it('a pass over the day the slot is on finds the conflict again with a free slot', async () => {
      await fillWeek();
      await scan();
      const before = (await syncMove()).move;
      expect(before?.to).toEqual({
        start: '2026-03-13T09:00:00.000Z',
        end: '2026-03-13T10:00:00.000Z',
      });
      await bookFriday();
      await scan();
      const after = (await syncMove()).move;
      expect(after?.to?.start).toBe('2026-03-13T10:00:00.000Z');
    });

    it('applying it before a pass is refused, and the conflict is found again', async () => {
      await fillWeek();
      await scan();
      const { overlap, move } = await syncMove();
      await bookFriday();
      const applied = await request('POST', `/conflicts/${overlap.id}/resolve/`, {
        action: 'apply',
        suggestionId: move!.id,
      });
      expect(applied.statusCode, applied.body).toBe(409);
      expect(applied.json().error.message).toMatch(
        /no longer free \("Initech intro" is there now\)/,
      );
      const again = await syncMove();
      expect(again.overlap).toMatchObject({ id: overlap.id, status: 'open' });
      expect(again.move?.to?.start).toBe('2026-03-13T10:00:00.000Z');
    });
  });

  it('an open conflict whose meetings no longer collide is cleared, and says so', async () => {
    await scan();
    const [overlap] = await conflicts('&status=open');
    expect(overlap && titles(overlap)).toEqual(['Globex product demo', 'Team sync']);
    // The team sync moves to the afternoon.
    await put(context().store, tenant, tenant.calendar.id, [
      { ...events.sync!, start: '2026-03-10T12:00:00.000Z', end: '2026-03-10T13:00:00.000Z' },
    ]);
    await scan();
    const cleared = (await conflicts('&status=cleared')).find((c) => c.id === overlap!.id);
    expect(cleared).toMatchObject({ resolvedBy: 'calendar' });
    expect((await conflicts('&status=open')).map((c) => titles(c))).toEqual([
      ['Globex pricing call', 'Hold'],
    ]);
  });

  it('a suggestion keeps its id while the conflict stays as it was, and a pass that changed the conflict in between wins over the decision', async () => {
    await scan();
    const [overlap] = await conflicts('&status=open');
    // Something elsewhere that day changes: the pass keeps the conflict, ids and all.
    await put(context().store, tenant, tenant.calendar.id, [
      buildEvent({
        title: 'Lunch',
        start: '2026-03-10T18:00:00.000Z',
        transparency: 'transparent',
      }),
    ]);
    await scan();
    const [again] = await conflicts('&status=open');
    expect(again!.suggestions.map((s) => s.id)).toEqual(overlap!.suggestions.map((s) => s.id));
    // The team sync moves by a quarter of an hour: same conflict, new suggestions and ids.
    await put(context().store, tenant, tenant.calendar.id, [
      { ...events.sync!, start: '2026-03-10T10:45:00.000Z', end: '2026-03-10T11:45:00.000Z' },
    ]);
    const read = (
      await api.app.conflicts.list(tenant.scope, { from: '2026-03-01T00:00:00Z', limit: 100 })
    ).items[0]!;
    await scan();
    const [moved] = await conflicts('&status=open');
    expect(moved!.id).toBe(overlap!.id);
    expect(moved!.suggestions.map((s) => s.id)).not.toContain(read.suggestions[0]!.id);
    const stale = await request('POST', `/conflicts/${overlap!.id}/resolve/`, {
      action: 'apply',
      suggestionId: read.suggestions[0]!.id,
    });
    expect(stale.statusCode, stale.body).toBe(409);
    expect((await conflicts('&status=open')).map((c) => c.id)).toContain(overlap!.id);
  });

  it('a decision being carried out cannot be taken over until it has made no progress for a while', async () => {
    await scan();
    const [overlap] = await conflicts('&status=open');
    const suggestion = overlap!.suggestions[0]!;
    const pending = {
      action: 'apply',
      state: 'pending',
      suggestion,
      writeBack: { status: 'pending', message: 'being carried out' },
      applied: [{ suggestion, writeBack: { status: 'pending', message: 'being carried out' } }],
      note: null,
    };
    const claim = { status: 'resolved' as const, resolution: pending, resolvedBy: 'policy' };
    // Claimed a minute ago (the API's clock is TEST_NOW): still in progress.
    await context().store.conflicts.decide(
      tenant.scope,
      overlap!.id,
      claim,
      new Date(TEST_NOW.getTime() - 60_000),
    );
    const [busy] = await conflicts('&status=resolved');
    expect(busy!.resolution).toMatchObject({ state: 'pending' });
    const refused = await request('POST', `/conflicts/${overlap!.id}/resolve/`, {
      action: 'dismiss',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/being resolved/);
  });

  it('a calendar connected under another address is read as the owner’s: their decline counts', async () => {
    const { store } = context();
    const connection = await store.connections.create(tenant.scope, {
      provider: 'google',
      label: 'Rep.Private@gmail.test',
      secrets: { accessToken: 'x', refreshToken: 'y' },
      settings: {},
    });
    const calendar = await store.calendars.upsert(tenant.scope, connection.id, {
      providerCalendarId: 'rep.private@gmail.test',
      name: 'Private',
      timeZone: 'UTC',
      isPrimary: true,
    });
    const privateMe = { ...BUYER, email: 'rep.private@gmail.test', name: 'Rep' };
    await put(store, tenant, calendar!.id, [
      buildEvent({
        title: 'Dentist',
        start: '2026-03-12T10:00:00.000Z',
        end: '2026-03-12T11:00:00.000Z',
        organizer: { email: 'rep.private@gmail.test', name: 'Rep' },
        attendees: [],
      }),
      buildEvent({
        title: 'Neighbourhood meeting',
        start: '2026-03-12T10:30:00.000Z',
        end: '2026-03-12T11:30:00.000Z',
        organizer: { email: 'chair@club.test', name: 'Chair' },
        attendees: [{ ...privateMe, responseStatus: 'declined' }],
      }),
    ]);
    await scan();
    const titlesFound = (await conflicts()).map((c) => titles(c));
    expect(titlesFound).not.toContainEqual(['Dentist', 'Neighbourhood meeting']);
  });
});
