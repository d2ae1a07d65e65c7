/**
 * POST /sync/ for one calendar that cannot be synced says why, instead of answering 200 with
 * nothing queued: an imported file has no feed to sync from, a disconnected connection no access.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//test//EN',
  'BEGIN:VEVENT',
  'UID:one@test',
  'DTSTAMP:20260101T000000Z',
  'DTSTART:20260302T100000Z',
  'DTEND:20260302T110000Z',
  'SUMMARY:Kick-off',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describeEachDialect('a sync asked for a calendar that cannot be synced', (context) => {
  let api: TestApi;
  let token: string;
  let tenant: Tenant;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    tenant = await seedTenant(context().store, 'unsyncable');
    token = (await context().store.apiTokens.create(tenant.scope, 'a')).token;
  });
  afterAll(async () => api?.close());

  const syncCalendar = (calendarId: string) =>
    api.server.inject({
      method: 'POST',
      url: '/api/v1/calendar/sync/',
      headers: bearer(token),
      payload: { calendarId },
    });

  it('an imported file: 409 imported_calendar, saying to import it again', async () => {
    const imported = await api.server.inject({
      method: 'POST',
      url: '/api/v1/calendar/providers/ics/connect/?label=Kick-offs',
      headers: { ...bearer(token), 'content-type': 'text/calendar' },
      payload: ICS,
    });
    expect(imported.statusCode).toBe(201);
    const [calendar] = imported.json().calendars;
    const response = await syncCalendar(calendar.id);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({
      error: { code: 'imported_calendar', message: expect.stringMatching(/import the file again/) },
    });
  });

  it('a disconnected connection: 409 conflict, saying to connect it again', async () => {
    await context().store.connections.updateStatus(
      tenant.scope,
      tenant.connection.id,
      'disconnected',
    );
    const response = await syncCalendar(tenant.calendar.id);
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toEqual({
      code: 'conflict',
      message: expect.stringMatching(/disconnected/),
    });
  });
});
