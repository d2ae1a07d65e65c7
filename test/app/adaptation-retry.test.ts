/**
 * An adaptation stores the refitted adjustment before it queues the organisation's detection.
 * When that queueing fails (the queue down a moment, the process gone), the retry finds the
 * stored adjustment already the new one, and used to conclude nothing changed: the
 * organisation's meetings stayed as the old adjustment left them until the daily run.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CalendarEvent } from '../../src/domain/event.js';
import type { JobHandler } from '../../src/jobs/job-queue.js';
import {
  ADAPT_MEETING_MODEL,
  DETECT_MEETINGS_FOR_USER_TASK,
  taskHandlers,
} from '../../src/app/tasks.js';
import { attendee } from '../support/detection-fixtures.js';
import { buildEvent, describeEachDialect, seedTenant } from '../support/databases.js';
import { buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

/** A past half-hour video call the user organises with one outside guest (two a day). */
function call(owner: string, i: number, title: string, guest: string): CalendarEvent {
  const at = Date.parse('2026-01-02T09:00:00.000Z') + Math.floor(i / 2) * 86_400_000;
  const start = at + (i % 2) * 5 * 3_600_000;
  return buildEvent({
    title,
    start: new Date(start).toISOString(),
    end: new Date(start + 30 * 60_000).toISOString(),
    conferenceUrl: 'https://zoom.us/j/123456789',
    organizer: { email: owner, name: null },
    attendees: [attendee(owner), attendee(guest)],
  });
}

describeEachDialect(
  `${ADAPT_MEETING_MODEL} retried after its detection was not queued`,
  (context) => {
    let api: TestApi;
    let handlers: Map<string, JobHandler>;
    const run = (name: string, payload: unknown, attempt = 1) =>
      handlers.get(name)!(payload, {
        jobId: 'test',
        attempt,
        signal: new AbortController().signal,
      });

    beforeAll(async () => {
      api = await buildTestApi(context().store);
      handlers = taskHandlers(api.app, () => TEST_NOW);
    });

    afterAll(async () => api.close());

    it('queues the detection the failed attempt did not', async () => {
      const { store } = context();
      const tenant = await seedTenant(store, 'adapt-retry');
      const owner = (await store.users.get(tenant.scope))!.email;
      // One call in four is the organisation's own project, which the model takes for a sale.
      const calls = Array.from({ length: 48 }, (_, i) =>
        i % 4
          ? call(owner, i, `Acme demo ${i}`, `buyer${i}@acme${i}.com`)
          : call(owner, i, `Quokka demo ${i}`, `dev${i}@studio${i}.com`),
      );
      await store.events.applyPage(
        tenant.scope,
        tenant.calendar.id,
        { upserts: calls.map((event) => ({ event, raw: {} })), deletions: [] },
        1,
      );
      await run(DETECT_MEETINGS_FOR_USER_TASK, tenant.scope);
      const meetings = (await store.meetings.list(tenant.scope, { limit: 1000 })).items;
      for (const m of meetings.filter((m) => m.title.startsWith('Quokka')))
        await api.app.meetings.feedback(tenant.scope, m.id, { verdict: 'reject' });
      const queue = api.app.queue;
      const enqueue = queue.enqueue.bind(queue);
      const detectionsQueued: unknown[] = [];
      let failing = true;
      queue.enqueue = async (name, payload, options) => {
        if (failing) {
          failing = false;
          throw new Error('queue unavailable');
        }
        if (name === DETECT_MEETINGS_FOR_USER_TASK) detectionsQueued.push(payload);
        return enqueue(name, payload, options);
      };
      try {
        const payload = { orgId: tenant.scope.orgId };
        await expect(run(ADAPT_MEETING_MODEL, payload)).rejects.toThrow('queue unavailable');
        const adjusted = await store.meetings.getAdjustment(tenant.scope);
        expect(Object.keys(adjusted!.adjustment.detection.hashed).length).toBeGreaterThan(0);

        await run(ADAPT_MEETING_MODEL, payload, 2);
        expect(detectionsQueued).toEqual([tenant.scope]);
      } finally {
        queue.enqueue = enqueue;
      }
    });
  },
);
