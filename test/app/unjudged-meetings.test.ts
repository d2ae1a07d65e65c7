import { afterAll, beforeAll, expect, it } from 'vitest';
import { MeetingDetector } from '../../src/app/meetings/meeting-detector.js';
import { loadMeetingModels } from '../../src/app/meetings/meeting-models.js';
import { readUnjudged, unjudgedEvents } from '../../src/app/meetings/unjudged-meetings.js';
import { DETECT_MEETINGS_FOR_USER_TASK, taskHandlers } from '../../src/app/tasks.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import type { JobHandler } from '../../src/jobs/job-queue.js';
import { attendee } from '../support/detection-fixtures.js';
import {
  buildEvent,
  describeEachDialect,
  seedTenant,
  seedUser,
  type Tenant,
} from '../support/databases.js';
import { buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

/** A half-hour video call `owner` organises with `guest`, on 2 March plus `day` days. */
function call(owner: string, day: number, title: string, guest: string, more = {}): CalendarEvent {
  const start = Date.parse('2026-03-02T14:00:00.000Z') + day * 86_400_000;
  return buildEvent({
    title,
    start: new Date(start).toISOString(),
    end: new Date(start + 30 * 60_000).toISOString(),
    conferenceUrl: 'https://zoom.us/j/123456789',
    organizer: { email: owner, name: null },
    attendees: [attendee(owner), attendee(guest)],
    ...more,
  });
}

describeEachDialect('readUnjudged', (context) => {
  let api: TestApi;
  let handlers: Map<string, JobHandler>;
  const detect = (tenant: Tenant) =>
    handlers.get(DETECT_MEETINGS_FOR_USER_TASK)!(tenant.scope, {
      jobId: 'test',
      attempt: 1,
      signal: new AbortController().signal,
    });
  const apply = (tenant: Tenant, events: CalendarEvent[]) =>
    context().store.events.applyPage(
      tenant.scope,
      tenant.calendar.id,
      { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
      1,
    );
  const email = async (tenant: Tenant) => (await context().store.users.get(tenant.scope))!.email;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    handlers = taskHandlers(api.app, () => TEST_NOW);
  });

  afterAll(async () => api.close());

  it("reads the organisation's meetings over by then that nobody judged, once each, latest first", async () => {
    const { store } = context();
    const ana = await seedTenant(store, 'unjudged');
    const ben = await seedUser(store, ana.scope.orgId, `ben-${ana.scope.orgId}@acme.test`);
    const [anaEmail, benEmail] = [await email(ana), await email(ben)];
    const shared = call(anaEmail, 3, 'Acme discovery call', 'buyer@acme.com');
    const series = [0, 7, 14].map((day) =>
      call(anaEmail, day, 'Hooli intro call', 'b@hooli.com', {
        seriesId: 'hooli-weekly',
        iCalUid: 'hooli-weekly@example.com',
        originalStart: new Date(
          Date.parse('2026-03-02T14:00:00.000Z') + day * 86_400_000,
        ).toISOString(),
      }),
    );
    await apply(ana, [
      shared,
      ...series,
      call(anaEmail, 5, 'Globex intro call', 'x@globex.com'),
      call(anaEmail, 6, 'Quokka walkthrough 1', 'dev@studio.com'),
      call(anaEmail, 8, 'Telematix weekly sync', 'am@telematix.com'),
      call(anaEmail, 9, 'Telematix catch-up', 'am@telematix.com', { status: 'cancelled' }),
      call(anaEmail, 10, 'Team planning', 'bob@acme.test'),
      // Over after the instant read up to.
      call(anaEmail, 30, 'Initech discovery call', 'y@initech.com'),
      call(anaEmail, 31, 'Telematix roadmap review', 'pm@telematix.com'),
    ]);
    // Ben's copy of the shared meeting (the same UID), and a meeting of his own.
    await apply(ben, [
      { ...call(benEmail, 3, shared.title, 'buyer@acme.com'), iCalUid: shared.iCalUid },
      call(benEmail, 4, 'Stark intro call', 'z@stark.com'),
    ]);
    await detect(ana);
    await detect(ben);
    const anas = (await store.meetings.list(ana.scope, { limit: 100 })).items;
    expect(anas.map((m) => m.title).sort()).toEqual(
      [
        'Acme discovery call',
        'Globex intro call',
        'Hooli intro call',
        'Hooli intro call',
        'Hooli intro call',
        'Initech discovery call',
        'Quokka walkthrough 1',
      ].sort(),
    );
    const give = (title: string, verdict: 'confirm' | 'reject') =>
      api.app.meetings.feedback(ana.scope, anas.find((m) => m.title === title)!.id, { verdict });
    await give('Quokka walkthrough 1', 'reject');
    // A word on one instance is about its whole series; Ana's word on the shared call is about
    // Ben's copy too, which Ben's calendar still shows as the model's.
    await give('Hooli intro call', 'confirm');
    await give('Acme discovery call', 'reject');

    const index = (await new MeetingDetector(store, loadMeetingModels).organisation(ana.scope))
      .analyser.index;
    const span = { from: '2026-01-01T00:00:00.000Z', to: '2026-03-20T00:00:00.000Z' };
    const read = async (
      options: { feedback?: boolean; span?: { from: string; to: string } | null } = {},
    ) => {
      const found = await unjudgedEvents(
        store,
        { orgId: ana.scope.orgId },
        {
          wanted: { accepted: true, passedOver: true },
          feedback: options.feedback === false ? [] : await store.meetings.orgFeedback(ana.scope),
          span: options.span === undefined ? span : options.span,
          index,
        },
      );
      return {
        accepted: found.accepted.map(
          (e) => `${e.owners.user === anaEmail ? 'ana' : 'ben'}: ${e.stored.event.title}`,
        ),
        passedOver: found.passedOver.map((e) => e.stored.event.title),
      };
    };
    expect(await read()).toEqual({
      accepted: ['ana: Globex intro call', 'ben: Stark intro call'],
      passedOver: ['Telematix weekly sync'],
    });
    // Without the feedback, Ben's copy of the shared call is one more meeting let stand.
    expect((await read({ feedback: false })).accepted).toEqual([
      'ana: Globex intro call',
      'ben: Stark intro call',
      'ben: Acme discovery call',
    ]);
    // Only meetings over within the span are read.
    expect(await read({ span: { from: span.to, to: '2026-06-01T00:00:00.000Z' } })).toEqual({
      accepted: ['ana: Initech discovery call'],
      passedOver: ['Telematix roadmap review'],
    });
    expect(await read({ span: null })).toEqual({ accepted: [], passedOver: [] });
    // As detection reads them, for the adaptation.
    const features = await readUnjudged(
      store,
      { orgId: ana.scope.orgId },
      {
        wanted: { accepted: true, passedOver: false },
        feedback: await store.meetings.orgFeedback(ana.scope),
        span,
        index,
      },
    );
    expect(features.accepted).toHaveLength(2);
    expect(features.passedOver).toEqual([]);
  });
});
