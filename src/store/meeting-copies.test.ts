import { sql } from 'kysely';
import { expect, it } from 'vitest';
import {
  buildEvent,
  describeEachDialect,
  seedTenant,
  seedUser,
} from '../../test/support/databases.js';

describeEachDialect('meeting copies', (context) => {
  it("links one meeting across teammates' calendars, instance by instance, within the organisation only", async () => {
    const { store } = context();
    const dana = await seedTenant(store, 'copies');
    const lukas = await seedUser(store, dana.scope.orgId, `lukas-${Date.now()}@acme.test`);
    const outsider = await seedTenant(store, 'other-org');
    const uid = `demo-${Date.now()}@google.com`;
    const single = (providerEventId: string) => buildEvent({ providerEventId, iCalUid: uid });
    const instance = (providerEventId: string, originalStart: string) =>
      buildEvent({ providerEventId, iCalUid: `${uid}-series`, seriesId: 'weekly', originalStart });
    const write = async (tenant: typeof dana, events: ReturnType<typeof buildEvent>[]) =>
      store.events.applyPage(
        tenant.scope,
        tenant.calendar.id,
        { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
        1,
      );
    await write(dana, [
      single('d1'),
      buildEvent({ providerEventId: 'd-other', iCalUid: `other-${uid}` }),
      instance('d-w1', '2026-03-02T09:00:00.000Z'),
      instance('d-w2', '2026-03-09T09:00:00.000Z'),
    ]);
    await write(lukas, [single('l1'), instance('l-w1', '2026-03-02T09:00:00.000Z')]);
    await write(outsider, [single('o1')]);

    const mine = (await store.events.list(dana.scope, { limit: 100, cursor: null })).items;
    const id = (providerEventId: string) =>
      mine.find((e) => e.event.providerEventId === providerEventId)?.id ?? '';
    const copiesOf = (providerEventId: string) => {
      const stored = mine.find((e) => e.event.providerEventId === providerEventId);
      return store.events.listMeetingCopies(dana.scope, {
        id: id(providerEventId),
        iCalUid: stored?.event.iCalUid ?? null,
        originalStart: stored?.event.originalStart ?? null,
      });
    };
    expect(await copiesOf('d1')).toEqual([
      expect.objectContaining({ userId: lukas.scope.userId, calendarId: lukas.calendar.id }),
    ]);
    expect(await copiesOf('d-w1')).toEqual([
      expect.objectContaining({ userId: lukas.scope.userId }),
    ]);
    // Lukas was not invited to the second week.
    expect(await copiesOf('d-w2')).toEqual([]);

    // Two meetings may share a key: the index only finds candidates, the columns decide.
    const { database } = context();
    const shareKey = (from: string, to: string) =>
      sql`update calendar_events set meeting_key = (
            select meeting_key from calendar_events where id = ${id(from)})
          where id = ${id(to)}`.execute(database.db);
    await shareKey('d1', 'd-other');
    await shareKey('d-w1', 'd-w2');
    expect(await copiesOf('d1')).toEqual([
      expect.objectContaining({ userId: lukas.scope.userId, calendarId: lukas.calendar.id }),
    ]);
    expect(await copiesOf('d-w1')).toEqual([
      expect.objectContaining({ userId: lukas.scope.userId }),
    ]);
  });
});
