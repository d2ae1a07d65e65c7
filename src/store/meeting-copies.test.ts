import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { queryPlan } from '../../test/support/query-plan.js';
import {
  buildEvent,
  describeEachDialect,
  seedTenant,
  seedUser,
} from '../../test/support/databases.js';
import { meetingCopiesQuery } from './events-read.repository.js';

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

  it("finds a teammate's copy when other organisations hold more copies than the query reads", async () => {
    const { store } = context();
    const uid = `webinar-${Date.now()}@google.com`;
    const outsider = await seedTenant(store, 'crowd');
    const crowd = Array.from({ length: 5001 }, (_, i) =>
      buildEvent({ providerEventId: `crowd-${i}`, iCalUid: uid }),
    );
    for (let i = 0; i < crowd.length; i += 1000) {
      const events = crowd.slice(i, i + 1000);
      await store.events.applyPage(
        outsider.scope,
        outsider.calendar.id,
        { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
        1,
      );
    }
    const dana = await seedTenant(store, 'late');
    const lukas = await seedUser(store, dana.scope.orgId, `lukas-late-${Date.now()}@acme.test`);
    for (const [tenant, id] of [
      [dana, 'mine'],
      [lukas, 'his'],
    ] as const) {
      const event = buildEvent({ providerEventId: id, iCalUid: uid });
      await store.events.applyPage(
        tenant.scope,
        tenant.calendar.id,
        { upserts: [{ event, raw: {} }], deletions: [] },
        1,
      );
    }
    const [mine] = (await store.events.list(dana.scope, { limit: 10, cursor: null })).items;
    const copies = await store.events.listMeetingCopies(dana.scope, {
      id: mine?.id ?? '',
      iCalUid: uid,
      originalStart: null,
    });
    expect(copies).toEqual([expect.objectContaining({ userId: lukas.scope.userId })]);
  });

  it("links no teammates' events by a UID the ICS parser made up", async () => {
    const { store } = context();
    const dana = await seedTenant(store, 'made-up');
    const lukas = await seedUser(store, dana.scope.orgId, `lukas-${Date.now()}@acme.test`);
    // Each imported a file with a UID-less event of that start, summary and organiser.
    for (const uid of ['missing-uid-0123456789abcdef', 'missing-uid-src-0123456789abcdef']) {
      const event = buildEvent({ providerEventId: uid, iCalUid: uid });
      for (const tenant of [dana, lukas])
        await store.events.applyPage(
          tenant.scope,
          tenant.calendar.id,
          { upserts: [{ event, raw: {} }], deletions: [] },
          1,
        );
    }
    const mine = (await store.events.list(dana.scope, { limit: 100, cursor: null })).items;
    const copiesOf = (uid: string) =>
      store.events.listMeetingCopies(dana.scope, {
        id: mine.find((e) => e.event.iCalUid === uid)?.id ?? '',
        iCalUid: uid,
        originalStart: null,
      });
    // With the file's source too: a label is one user's, and every export is calendar.ics.
    expect(await copiesOf('missing-uid-0123456789abcdef')).toEqual([]);
    expect(await copiesOf('missing-uid-src-0123456789abcdef')).toEqual([]);
  });

  it('reads copies through the meeting key index, not the owner index', async () => {
    const { database, dialect } = context();
    if (dialect !== 'sqlite') return;
    const query = meetingCopiesQuery(
      database.db,
      { orgId: 'o' },
      { id: 'x', iCalUid: 'plan@google.com', originalStart: null },
    ).compile();
    const plan = await queryPlan(database.db, query);
    expect(plan.join('; ')).toMatch(/USING INDEX calendar_events_meeting_key_index/);
  });
});
