/**
 * A user changes their own time zone (PATCH /api/v1/me/): an IANA name is stored as the zone
 * database spells it, audited, and what was found in the old zone is queued to be found again
 * (the user's meeting detection, the organisation's conflicts after a wait); an unknown zone is
 * a 400 `unknown_time_zone` that changes nothing; and nobody else's profile can be reached.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DETECT_MEETINGS_FOR_USER_TASK } from '../../src/app/services/meetings.service.js';
import { TIME_ZONE_AUDIT } from '../../src/app/services/profile.service.js';
import { RESCAN_CONFLICTS_AFTER_ZONE_CHANGE } from '../../src/app/services/zone-change.js';
import { describeEachDialect, seedTenant, seedUser, type Tenant } from '../support/databases.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

describeEachDialect('PATCH /api/v1/me/ (time zone)', (context) => {
  let api: TestApi;
  let rep: Tenant;
  let colleague: Tenant;
  let repToken: string;

  beforeAll(async () => {
    const { store } = context();
    api = await buildTestApi(store);
    rep = await seedTenant(store, 'profile');
    colleague = await seedUser(store, rep.scope.orgId, `colleague-${context().dialect}@acme.test`);
    repToken = (await store.apiTokens.create(rep.scope, 'rep')).token;
  });
  afterAll(async () => api?.close());

  const patch = (payload: Record<string, unknown>, token = repToken) =>
    api.server.inject({ method: 'PATCH', url: '/api/v1/me/', headers: bearer(token), payload });
  const zoneOf = async (who: Tenant) => (await context().store.users.get(who.scope))?.timeZone;
  const queued = async (name: string) =>
    (await context().store.jobs.list({ name, status: 'queued' })).map((job) => job.payload);

  it('sets the caller’s zone, spelt as the zone database does, audits it and finds again', async () => {
    const answer = await patch({ timeZone: 'asia/tokyo' });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toMatchObject({ id: rep.scope.userId, timeZone: 'Asia/Tokyo' });
    expect(await zoneOf(rep)).toBe('Asia/Tokyo');
    const read = await api.server.inject({ url: '/api/v1/me/', headers: bearer(repToken) });
    expect(read.json()).toMatchObject({ timeZone: 'Asia/Tokyo', role: 'admin' });

    const audit = await context().store.audit.list({ orgId: rep.scope.orgId });
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: TIME_ZONE_AUDIT,
        userId: rep.scope.userId,
        target: rep.scope.userId,
        details: { from: null, to: 'Asia/Tokyo' },
      }),
    );
    // The rep's meetings, and, once it has waited (profile-zone-rescan.test.ts), every
    // colleague's conflicts (their slots with the rep read the rep's hours).
    expect(await queued(DETECT_MEETINGS_FOR_USER_TASK)).toContainEqual(rep.scope);
    expect(await queued(RESCAN_CONFLICTS_AFTER_ZONE_CHANGE)).toEqual([{ orgId: rep.scope.orgId }]);

    const cleared = await patch({ timeZone: null });
    expect(cleared.json()).toMatchObject({ timeZone: null });
    expect(await zoneOf(rep)).toBeNull();
  });

  it('refuses an unknown zone with unknown_time_zone, changing nothing', async () => {
    await patch({ timeZone: 'Europe/Berlin' });
    const auditBefore = (await context().store.audit.list({ orgId: rep.scope.orgId })).length;
    for (const timeZone of ['Mars/Olympus_Mons', '+02:00', 'Berlin']) {
      const refused = await patch({ timeZone });
      expect(refused.statusCode, timeZone).toBe(400);
      expect(refused.json().error.code).toBe('unknown_time_zone');
      expect(refused.json().error.message).toContain(`"${timeZone}" is not an IANA time zone`);
    }
    expect(await zoneOf(rep)).toBe('Europe/Berlin');
    expect(await context().store.audit.list({ orgId: rep.scope.orgId })).toHaveLength(auditBefore);
  });

  it('reaches only the caller’s own profile: a body naming another user is refused', async () => {
    const before = await zoneOf(colleague);
    const refused = await patch({ timeZone: 'America/Chicago', userId: colleague.scope.userId });
    expect(refused.statusCode).toBe(400);
    expect(await zoneOf(colleague)).toBe(before);
    for (const url of [
      `/api/v1/me/${colleague.scope.userId}/`,
      `/api/v1/users/${colleague.scope.userId}/`,
    ]) {
      const other = await api.server.inject({
        method: 'PATCH',
        url,
        headers: bearer(repToken),
        payload: { timeZone: 'America/Chicago' },
      });
      expect(other.statusCode, url).toBe(404);
    }
    expect(await zoneOf(colleague)).toBe(before);
    // The colleague's own token changes the colleague's zone, and the rep's stays.
    const colleagueToken = (await context().store.apiTokens.create(colleague.scope, 'c')).token;
    const own = await patch({ timeZone: 'America/Chicago' }, colleagueToken);
    expect(own.json()).toMatchObject({ id: colleague.scope.userId, timeZone: 'America/Chicago' });
    expect(await zoneOf(rep)).toBe('Europe/Berlin');
  });

  it('needs a signed-in caller', async () => {
    const anonymous = await api.server.inject({
      method: 'PATCH',
      url: '/api/v1/me/',
      payload: { timeZone: 'UTC' },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
