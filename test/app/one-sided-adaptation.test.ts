import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CalendarEvent } from '../../src/domain/event.js';
import type { JobHandler } from '../../src/jobs/job-queue.js';
import {
  ADAPT_MEETING_MODEL,
  DETECT_MEETINGS_FOR_USER_TASK,
  taskHandlers,
} from '../../src/app/tasks.js';
import { attendee } from '../support/detection-fixtures.js';
import { buildEvent, describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';
import { buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

const COMPANIES = ['Acme', 'Globex', 'Initech', 'Hooli', 'Umbrella', 'Stark', 'Wayne', 'Soylent'];
const NEW_PROSPECTS = ['Aperture', 'Nakatomi', 'Monarch', 'Prestige', 'Zorg', 'Virtucon'];

/** The user the events are made for (the organiser of each). */
let owner = 'owner@acme.test';

/** A half-hour video call the user organises with one outside guest. */
function call(i: number, title: string, guest: string): CalendarEvent {
  // Two a day from 2 January, at 10:00 and 15:00 in Paris: all over by the tests' clock
  // (TEST_NOW, 1 March), which dates the feedback, so that the calls nobody judged count as let
  // stand (letStandSpan reaches up to the last judged call).
  const start = Date.parse('2026-01-02T09:00:00.000Z') + Math.floor(i / 2) * 86_400_000;
  const at = start + (i % 2) * 5 * 3_600_000;
  return buildEvent({
    title,
    start: new Date(at).toISOString(),
    end: new Date(at + 30 * 60_000).toISOString(),
    conferenceUrl: 'https://zoom.us/j/123456789',
    organizer: { email: owner, name: null },
    attendees: [attendee(owner), attendee(guest)],
  });
}
/** The organisation's own project with a design studio, in words the model takes for a sale. */
const quokka = (i: number) =>
  call(i, i % 2 ? `Quokka walkthrough ${i}` : `Quokka demo ${i}`, `dev${i}@studio${i}.com`);
/** A prospect's call or demo: sales meetings the model gets right. */
function prospect(i: number, name = COMPANIES[i % COMPANIES.length] ?? 'Acme'): CalendarEvent {
  const kind = ['discovery call', 'demo', 'intro call', 'walkthrough'][i % 4] ?? 'demo';
  return call(i, `${name} ${kind}`, `buyer${i}@${name.toLowerCase()}.com`);
}

describeEachDialect(`${ADAPT_MEETING_MODEL}, when users only reject`, (context) => {
  let api: TestApi;
  let handlers: Map<string, JobHandler>;
  const run = (name: string, payload: unknown) =>
    handlers.get(name)!(payload, {
      jobId: 'test',
      attempt: 1,
      signal: new AbortController().signal,
    });

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    handlers = taskHandlers(api.app, () => TEST_NOW);
  });

  afterAll(async () => api.close());

  const apply = (tenant: Tenant, events: CalendarEvent[]) =>
    context().store.events.applyPage(
      tenant.scope,
      tenant.calendar.id,
      { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
      1,
    );
  const detectedTitles = async (tenant: Tenant) =>
    (await context().store.meetings.list(tenant.scope, { limit: 1000 })).items
      .filter((m) => m.source === 'model')
      .map((m) => m.title);

  it("learns from rejections alone what sets the rejected apart: later ones are left out, the organisation's prospects kept", async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'one-sided');
    owner = (await store.users.get(tenant.scope))!.email;
    // One call in four is the project's; the rest are prospects', over the same weeks.
    const calls = Array.from({ length: 48 }, (_, i) => (i % 4 ? prospect(i) : quokka(i)));
    await apply(tenant, calls);
    await run(DETECT_MEETINGS_FOR_USER_TASK, tenant.scope);
    const meetings = (await store.meetings.list(tenant.scope, { limit: 1000 })).items;
    expect(meetings).toHaveLength(48);
    const rejectable = meetings.filter((m) => m.title.startsWith('Quokka'));
    const reject = (some: typeof meetings) =>
      Promise.all(
        some.map((m) => api.app.meetings.feedback(tenant.scope, m.id, { verdict: 'reject' })),
      );
    const adapt = async () => {
      await run(ADAPT_MEETING_MODEL, { orgId: tenant.scope.orgId });
      return (await store.meetings.getAdjustment(tenant.scope))!;
    };

    // Three rejections teach the organisation's model nothing, whatever they could be set against.
    await reject(rejectable.slice(0, 3));
    expect((await adapt()).adjustment.detection).toEqual({ named: {}, hashed: {} });

    await reject(rejectable.slice(3));
    const twelve = await adapt();
    expect(twelve.feedbackCount).toBe(12);
    expect(Object.keys(twelve.adjustment.detection.hashed).length).toBeGreaterThan(0);

    // Later events: more of the project's calls, and demos with prospects never seen before.
    const laterQuokkas = Array.from({ length: 6 }, (_, i) => quokka(100 + i));
    const newProspects = NEW_PROSPECTS.map((name, i) => prospect(101 + 2 * i, name));
    await apply(tenant, [...laterQuokkas, ...newProspects]);
    await run(DETECT_MEETINGS_FOR_USER_TASK, tenant.scope);
    const detected = await detectedTitles(tenant);
    expect(detected.filter((title) => title.startsWith('Quokka'))).toEqual([]);
    expect(newProspects.map((e) => e.title).filter((title) => !detected.includes(title))).toEqual(
      [],
    );
    expect(detected).toHaveLength(36 + newProspects.length);
  });
});
