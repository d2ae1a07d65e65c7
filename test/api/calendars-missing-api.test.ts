/**
 * A calendar its provider no longer lists (calendar discovery marks it) is not synced: the
 * calendar list says so as the sync status does, with no next run, and says since when
 * (`missingSince`), so that the dashboard can tell the user why. Before, the calendar list kept
 * showing the stored next run of a calendar that would never run.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const BASE = '/api/v1/calendar';
const MARKED = new Date('2026-03-02T09:00:00.000Z');

interface CalendarItem {
  id: string;
  nextRunAt: string | null;
  missingSince: string | null;
}

describeEachDialect('a calendar its provider no longer lists, in the calendar list', (context) => {
  let api: TestApi;
  let token: string;
  let tenant: Tenant;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    tenant = await seedTenant(context().store, 'missing-list');
    token = (await context().store.apiTokens.create(tenant.scope, 'a')).token;
    await context().store.syncStatus.markSucceeded(tenant.scope, tenant.calendar.id, {
      added: 0,
      updated: 0,
      deleted: 0,
      nextRunAt: new Date(Date.now() + 3_600_000),
    });
  });
  afterAll(async () => api?.close());

  const get = async <T>(path: string): Promise<T> =>
    (
      await api.server.inject({ method: 'GET', url: `${BASE}${path}`, headers: bearer(token) })
    ).json();
  const listed = async () =>
    (await get<{ items: CalendarItem[] }>('/calendars/')).items.find(
      (c) => c.id === tenant.calendar.id,
    );
  const status = async () =>
    (
      await get<{ calendars: Array<{ calendarId: string; nextRunAt: string | null }> }>(
        '/sync/status/',
      )
    ).calendars.find((c) => c.calendarId === tenant.calendar.id);

  it('a listed calendar shows its next run and no mark', async () => {
    const item = await listed();
    expect(item?.missingSince).toBeNull();
    expect(item?.nextRunAt).not.toBeNull();
    expect(item?.nextRunAt).toBe((await status())?.nextRunAt);
  });

  it('a marked calendar has no next run, as its sync status says, and says since when', async () => {
    await context().store.calendars.markMissing(tenant.scope, tenant.calendar.id, MARKED);
    expect(await listed()).toMatchObject({ nextRunAt: null, missingSince: MARKED.toISOString() });
    expect((await status())?.nextRunAt).toBeNull();
  });

  it('the API document describes missingSince', async () => {
    const docs = (await api.server.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const calendar = docs.components.schemas.Calendar;
    expect(calendar.required).toContain('missingSince');
    expect(calendar.properties.missingSince.description).toMatch(/no longer lists/);
  });
});
