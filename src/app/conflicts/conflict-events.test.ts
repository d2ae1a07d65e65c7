/**
 * Whose calendar conflicts read an event on: by the rule detection uses (others-calendars.ts).
 * A CalDAV calendar's id is a URL, and Fastmail's holds the account's address: it is the user's
 * own, and overlaps on it are theirs to resolve; an Exchange Calendar added by its owner's address
 * is another person's.
 */
import { expect, it } from 'vitest';
import { buildEvent, describeEachDialect, seedTenant } from '../../../test/support/databases.js';
import { isOnOwnCalendar } from '../../domain/conflicts/people.js';
import type { Scope, Store } from '../../store/store.js';
import { loadConflictEvent, loadConflictEvents } from './conflict-events.js';

async function calendarWithEvent(
  store: Store,
  scope: Scope,
  connection: { provider: string; label: string },
  providerCalendarId: string,
  title: string,
): Promise<string> {
  const { id } = await store.connections.create(scope, { ...connection, secrets: {} });
  const calendar = await store.calendars.upsert(scope, id, {
    providerCalendarId,
    name: title,
    timeZone: 'Europe/Paris',
    isPrimary: false,
  });
  if (!calendar) throw new Error('calendar not created');
  const event = buildEvent({ title, start: '2026-03-10T09:00:00.000Z' });
  await store.events.applyPage(
    scope,
    calendar.id,
    { upserts: [{ event, raw: {} }], deletions: [] },
    1,
  );
  const [stored] = (await store.events.list(scope, { calendarId: calendar.id })).items;
  return stored!.id;
}

describeEachDialect('conflict events: whose calendar', (context) => {
  it("reads a Fastmail calendar named by the user's address as theirs, an Exchange shared one as another's", async () => {
    const { store } = context();
    const { scope } = await seedTenant(store);
    const user = (await store.users.get(scope))!.email;
    const fastmail = await calendarWithEvent(
      store,
      scope,
      { provider: 'caldav', label: `${user} @ caldav.fastmail.com` },
      `https://caldav.fastmail.com/dav/calendars/user/${user}/8f1c2e4a-work/`,
      'Own planning',
    );
    const boss = await calendarWithEvent(
      store,
      scope,
      { provider: 'exchange', label: user },
      'boss@contoso.test',
      'Boss board review',
    );
    const range = {
      from: Date.parse('2026-03-10T00:00:00Z'),
      to: Date.parse('2026-03-11T00:00:00Z'),
    };
    const own = new Map(
      (await loadConflictEvents(store, scope, user, range)).map((loaded) => [
        loaded.stored.id,
        isOnOwnCalendar(loaded.conflict),
      ]),
    );
    expect(own).toEqual(
      new Map([
        [fastmail, true],
        [boss, false],
      ]),
    );
    expect(isOnOwnCalendar((await loadConflictEvent(store, scope, user, fastmail))!)).toBe(true);
    expect(isOnOwnCalendar((await loadConflictEvent(store, scope, user, boss))!)).toBe(false);
  });
});
