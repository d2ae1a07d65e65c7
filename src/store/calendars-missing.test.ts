/**
 * The mark a calendar gets when its provider no longer lists it (migration 0027): kept from the
 * first listing without it, cleared when it is listed again (upsert), left out of the due syncs,
 * and the calendar deleted with what hangs on it.
 */
import { expect, it } from 'vitest';
import { buildEvent, describeEachDialect, seedTenant } from '../../test/support/databases.js';

const FIRST = new Date('2026-03-01T10:00:00.000Z');
const LATER = new Date('2026-03-01T14:00:00.000Z');

describeEachDialect('a calendar its provider no longer lists', (context) => {
  it('is marked once, from the first listing without it, and upsert clears the mark', async () => {
    const { store } = context();
    const { scope, connection, calendar } = await seedTenant(store);
    expect(calendar.missingSince).toBeNull();
    expect(await store.calendars.markMissing(scope, calendar.id, FIRST)).toBe(true);
    expect(await store.calendars.markMissing(scope, calendar.id, LATER)).toBe(true);
    expect((await store.calendars.get(scope, calendar.id))?.missingSince).toBe(FIRST.toISOString());
    const listed = await store.calendars.upsert(scope, connection.id, {
      providerCalendarId: 'primary',
      name: 'Work',
      timeZone: 'Europe/Paris',
      isPrimary: true,
    });
    expect(listed).toMatchObject({ id: calendar.id, missingSince: null });
  });

  it('is another tenant’s to mark or delete only in its own scope', async () => {
    const { store } = context();
    const mine = await seedTenant(store);
    const theirs = await seedTenant(store);
    expect(await store.calendars.markMissing(theirs.scope, mine.calendar.id, FIRST)).toBe(false);
    expect(await store.calendars.delete(theirs.scope, mine.calendar.id)).toBe(false);
    expect(await store.calendars.get(mine.scope, mine.calendar.id)).toMatchObject({
      missingSince: null,
    });
  });

  it('is not due for a sync while marked', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    const due = async () =>
      (await store.syncStatus.listDue(LATER)).map((d) => d.calendarId).includes(calendar.id);
    expect(await due()).toBe(true);
    await store.calendars.markMissing(scope, calendar.id, FIRST);
    expect(await due()).toBe(false);
  });

  it('goes with its sync status and events when deleted', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: [{ event: buildEvent(), raw: {} }], deletions: [] },
      0,
    );
    expect(await store.calendars.delete(scope, calendar.id)).toBe(true);
    expect(await store.calendars.get(scope, calendar.id)).toBeUndefined();
    expect(await store.syncStatus.get(scope, calendar.id)).toBeUndefined();
    expect(await store.events.count(scope, { calendarId: calendar.id })).toBe(0);
  });
});
