/**
 * A stored event that names no zone (or only UTC, as an ICS time in Z) is read at its calendar's
 * time of day, so that it is detected as the same meeting stored with its zone would be.
 */
import { expect, it } from 'vitest';
import { DETECT_MEETINGS_FOR_USER_TASK } from '../../src/app/tasks.js';
import { seedCustomerTenant, useTaskHandlers } from '../support/customer-tenant.js';
import { describeEachDialect } from '../support/databases.js';
import { attendee, customerMeeting } from '../support/detection-fixtures.js';

describeEachDialect('local time of stored meetings', (context) => {
  const built = useTaskHandlers(context);

  it('reads an event without a zone, or in UTC, in its calendar zone', async () => {
    const { store } = context();
    // 07:30 UTC is 08:30 in Paris (the seeded calendar's zone): business hours there, not in UTC.
    const at = (timeZone: string | null, providerEventId: string) =>
      customerMeeting({
        providerEventId,
        start: '2026-03-04T07:30:00.000Z',
        end: '2026-03-04T08:00:00.000Z',
        timeZone,
        attendees: [attendee('buyer@customer.test')],
      });
    const tenant = await seedCustomerTenant(store, 'local-time', [
      at('Europe/Paris', 'zoned'),
      at(null, 'no zone'),
      at('UTC', 'in Z'),
    ]);

    await built().handlers.get(DETECT_MEETINGS_FOR_USER_TASK)!(tenant.scope, {
      jobId: 'test',
      attempt: 1,
      signal: new AbortController().signal,
    });

    const stored = (await store.events.list(tenant.scope, { limit: 10 })).items;
    const meetings = (await store.meetings.list(tenant.scope, { limit: 10 })).items;
    const meetingOf = (providerEventId: string) => {
      const event = stored.find((e) => e.event.providerEventId === providerEventId);
      return meetings.find((m) => m.eventId === event?.id);
    };
    const zoned = meetingOf('zoned');
    expect(zoned).toBeDefined();
    for (const id of ['no zone', 'in Z']) {
      const meeting = meetingOf(id);
      expect(meeting?.confidence).toBe(zoned?.confidence);
      expect(meeting?.reasons).toEqual(zoned?.reasons);
      expect(meeting?.reasons).not.toContain('outside business hours');
    }
  });
});
