/**
 * The conflicts API (see conflicts-api.test.ts): filters, another organisation's view, the
 * organisation's policy and who may change it, and the background job after detection.
 */
import { beforeEach, expect, it } from 'vitest';
import { DETECT_MEETINGS_FOR_USER_TASK, taskHandlers } from '../../src/app/tasks.js';
import { describeEachDialect, seedUser, type Tenant } from '../support/databases.js';
import { TEST_NOW, type TestApi } from '../support/test-app.js';
import { useConflictsApi } from './conflicts-api-env.js';

describeEachDialect('conflicts API: filters, tenants, policy', (context) => {
  const env = useConflictsApi(context);
  const { request, conflicts, scan } = env;
  let api: TestApi;
  let tenant: Tenant;
  beforeEach(() => {
    ({ api, tenant } = env.current());
  });

  it('filters by kind, severity and status, and rejects what it cannot read', async () => {
    await scan();
    expect(await conflicts('&kind=travel')).toEqual([]);
    expect((await conflicts('&status=open')).length).toBe(2);
    const bad = await request('GET', '/conflicts/?kind=clash');
    expect(bad.statusCode).toBe(400);
    const unknown = await request('POST', '/conflicts/nope/resolve/', { action: 'dismiss' });
    expect(unknown.statusCode).toBe(404);
    const [first] = await conflicts();
    // The body names a suggestion by its id; a position is not enough.
    const byPosition = await request('POST', `/conflicts/${first!.id}/resolve/`, {
      action: 'apply',
      suggestion: 0,
    });
    expect(byPosition.statusCode).toBe(400);
    const unknownId = await request('POST', `/conflicts/${first!.id}/resolve/`, {
      action: 'apply',
      suggestionId: 'not-one-of-its-suggestions',
    });
    // Never one of its suggestions, in any version of the conflict: a caller's mistake, not a
    // change; the message names the id and the conflict.
    expect(unknownId.statusCode, unknownId.body).toBe(400);
    expect(unknownId.json().error.code).toBe('unknown_suggestion');
    expect(unknownId.json().error.message).toContain('not-one-of-its-suggestions');
    expect(unknownId.json().error.message).toContain(first!.id);
    expect(unknownId.json().error.message).not.toMatch(/changed since/);
    // Another conflict's suggestion is not this one's either.
    const [, second] = await conflicts();
    const otherId = await request('POST', `/conflicts/${first!.id}/resolve/`, {
      action: 'apply',
      suggestionId: second!.suggestions[0]!.id,
    });
    expect(otherId.statusCode, otherId.body).toBe(400);
    expect((await conflicts('&status=open')).length).toBe(2);
  });

  it('another organisation sees none of it and cannot decide it', async () => {
    await scan();
    const [first] = await conflicts();
    const { store } = context();
    const other = await store.organisations.create({
      name: 'Other',
      internalDomains: ['other.test'],
    });
    const intruder = await seedUser(store, other.id, 'someone@other.test');
    const intruderToken = (await store.apiTokens.create(intruder.scope, 'test')).token;
    const listed = await request(
      'GET',
      '/conflicts/?from=2026-03-01T00:00:00Z',
      undefined,
      intruderToken,
    );
    expect(listed.json().items).toEqual([]);
    const decided = await request(
      'POST',
      `/conflicts/${first!.id}/resolve/`,
      { action: 'dismiss' },
      intruderToken,
    );
    expect(decided.statusCode).toBe(404);
  });

  it('the policy resolves the simple cases only when the organisation turns it on', async () => {
    await scan();
    expect((await conflicts('&status=open')).length).toBe(2);
    const off = await request('GET', '/conflicts/settings/');
    expect(off.json()).toMatchObject({
      writeBack: false,
      policy: { autoResolve: { enabled: false } },
    });
    const invalid = await request('PATCH', '/conflicts/settings/', {
      policy: { workingHours: { start: '18:00', end: '09:00' } },
    });
    expect(invalid.statusCode, invalid.body).toBe(400);
    expect(invalid.json().error.message).toBe('body.policy.workingHours: end must be after start');

    const on = await request('PATCH', '/conflicts/settings/', {
      policy: { autoResolve: { enabled: true } },
    });
    expect(on.json().policy.autoResolve).toEqual({
      enabled: true,
      mergeDuplicates: true,
      releaseHolds: true,
    });
    await scan();
    const [overlap, hold] = await conflicts();
    expect(overlap).toMatchObject({ status: 'open' });
    expect(hold).toMatchObject({
      status: 'resolved',
      resolvedBy: 'policy',
      // Write-back is the user's choice, off here: the hold stays in the calendar.
      resolution: { writeBack: { status: 'not_opted_in' } },
    });
  });

  it("lets only the organisation's admins change its policy; a member changes their own write-back", async () => {
    const member = await seedUser(context().store, tenant.scope.orgId, 'colleague@acme.test');
    const memberToken = (await context().store.apiTokens.create(member.scope, 'test')).token;
    const refused = await request(
      'PATCH',
      '/conflicts/settings/',
      { policy: { autoResolve: { enabled: true } }, writeBack: true },
      memberToken,
    );
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().error.code).toBe('forbidden');
    // Nothing of the refused request was applied: neither the policy nor the write-back.
    const unchanged = await request('GET', '/conflicts/settings/', undefined, memberToken);
    expect(unchanged.json()).toMatchObject({
      writeBack: false,
      policy: { autoResolve: { enabled: false } },
    });
    const own = await request('PATCH', '/conflicts/settings/', { writeBack: true }, memberToken);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().writeBack).toBe(true);
    const byAdmin = await request('PATCH', '/conflicts/settings/', {
      policy: { autoResolve: { enabled: true } },
    });
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    const seen = await request('GET', '/conflicts/settings/', undefined, memberToken);
    expect(seen.json().policy.autoResolve.enabled).toBe(true);
  });

  it('runs after meeting detection as a background job', async () => {
    api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
    await api.app.queue.enqueue(DETECT_MEETINGS_FOR_USER_TASK, tenant.scope);
    await api.app.queue.drain();
    expect((await conflicts()).length).toBe(2);
    await api.app.queue.stop();
  });
});
