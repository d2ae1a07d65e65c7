/**
 * Taking a decision on a conflict back (POST /conflicts/{id}/reopen/): the conflict is open again
 * and can be decided anew; what the decision wrote to the calendar stays written and is listed;
 * the policy leaves a conflict the user reopened to her; another user's conflict is not found,
 * and a past one is not reopened.
 */
import { beforeEach, expect, it } from 'vitest';
import type { ConflictView } from '../../src/api/conflicts-schemas.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import { buildEvent, describeEachDialect, seedUser, type Tenant } from '../support/databases.js';
import { TEST_NOW } from '../support/test-app.js';
import { put, useConflictsApi } from './conflicts-api-env.js';

describeEachDialect('conflicts API: reopening a decision', (context) => {
  const env = useConflictsApi(context);
  const { request, scan, setNow, conflicts: list } = env;
  let tenant: Tenant;
  let token: string;
  let events: Record<string, CalendarEvent>;

  beforeEach(async () => {
    ({ tenant, token, events } = env.current());
    await scan();
  });

  const reopen = (id: string, as = token) => request('POST', `/conflicts/${id}/reopen/`, {}, as);
  /** The policy on and a pass: it releases the hold; then the user reopens that decision. */
  const reopenThePolicysRelease = async (): Promise<ConflictView> => {
    const on = await request('PATCH', '/conflicts/settings/', {
      policy: { autoResolve: { enabled: true } },
    });
    expect(on.statusCode, on.body).toBe(200);
    await scan();
    const [, hold] = await list();
    expect(hold).toMatchObject({ status: 'resolved', resolvedBy: 'policy' });
    expect((await reopen(hold!.id)).statusCode).toBe(200);
    return hold!;
  };

  it('reopens an applied suggestion that was only recorded: open again, with its suggestions', async () => {
    const [overlap] = await list();
    const move = overlap!.suggestions.find((s) => s.action === 'reschedule')!;
    const applied = await request('POST', `/conflicts/${overlap!.id}/resolve/`, {
      action: 'apply',
      suggestionId: move.id,
    });
    // A move is advice: nothing was written, and the status says so.
    expect(applied.json().writeBack.status).toBe('not_needed');

    const reopened = await reopen(overlap!.id);
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({
      conflict: {
        id: overlap!.id,
        status: 'open',
        resolvedBy: null,
        resolution: { action: 'reopen', undid: { action: 'apply' } },
      },
      keptWrites: [],
      message: 'nothing had been changed in your calendar',
    });
    expect(reopened.json().conflict.suggestions.map((s: { id: string }) => s.id)).toContain(
      move.id,
    );
    expect((await list('&status=open')).map((c) => c.id)).toContain(overlap!.id);
    // It can be decided again, and a pass that finds it unchanged leaves it open meanwhile.
    await put(context().store, tenant, tenant.calendar.id, [
      buildEvent({ title: 'Later that day', start: '2026-03-10T18:00:00.000Z' }),
    ]);
    await scan();
    expect((await list()).find((c) => c.id === overlap!.id)?.status).toBe('open');
    const again = await request('POST', `/conflicts/${overlap!.id}/resolve/`, {
      action: 'dismiss',
    });
    expect(again.statusCode, again.body).toBe(200);
  });

  it('reopens a dismissal; an open conflict has nothing to take back', async () => {
    const [, hold] = await list();
    const open = await reopen(hold!.id);
    expect(open.statusCode, open.body).toBe(409);
    expect(open.json().error.code).toBe('conflict');
    await request('POST', `/conflicts/${hold!.id}/resolve/`, { action: 'dismiss', note: 'mine' });
    const reopened = await reopen(hold!.id);
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json().conflict).toMatchObject({
      status: 'open',
      resolution: { action: 'reopen', undid: { action: 'dismiss' } },
    });
    const twice = await reopen(hold!.id);
    expect(twice.statusCode, twice.body).toBe(409);
  });

  it("another organisation's conflict is not found, and stays decided", async () => {
    const [overlap] = await list();
    await request('POST', `/conflicts/${overlap!.id}/resolve/`, { action: 'dismiss' });
    const { store } = context();
    const other = await store.organisations.create({ name: 'Other', internalDomains: [] });
    const intruder = await seedUser(store, other.id, 'someone@other.test');
    const intruderToken = (await store.apiTokens.create(intruder.scope, 'test')).token;
    const refused = await reopen(overlap!.id, intruderToken);
    expect(refused.statusCode, refused.body).toBe(404);
    expect((await reopen('no-such-conflict')).statusCode).toBe(404);
    expect((await list()).find((c) => c.id === overlap!.id)?.status).toBe('dismissed');
  });

  it('a conflict whose events have all ended is past: 409 conflict_past, still decided', async () => {
    const [overlap] = await list();
    await request('POST', `/conflicts/${overlap!.id}/resolve/`, { action: 'dismiss' });
    setNow(new Date('2026-03-10T12:00:00.000Z'));
    const refused = await reopen(overlap!.id);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error.code).toBe('conflict_past');
    expect((await list()).find((c) => c.id === overlap!.id)?.status).toBe('dismissed');
  });

  it('lists what the decision wrote to the calendar, which reopening does not undo', async () => {
    const [, hold] = await list();
    const release = hold!.suggestions.find((s) => s.action === 'release')!;
    const holdId = release.eventId;
    // The record the resolver keeps of a hold it deleted with write-back on.
    const written = { status: 'done', message: 'deleted from your calendar' };
    const decided = await context().store.conflicts.decide(tenant.scope, hold!.id, {
      status: 'resolved',
      resolvedBy: `user:${tenant.scope.userId}`,
      resolution: {
        action: 'apply',
        state: 'done',
        by: `user:${tenant.scope.userId}`,
        at: TEST_NOW.toISOString(),
        suggestion: release,
        writeBack: written,
        applied: [{ suggestion: release, writeBack: written }],
        note: null,
      },
    });
    expect(decided).toBe(true);
    const reopened = await reopen(hold!.id);
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json().keptWrites).toEqual([
      {
        action: 'release',
        eventId: holdId,
        title: 'Hold',
        status: 'done',
        message: 'deleted from your calendar',
      },
    ]);
    expect(reopened.json().message).toMatch(/^not undone in your calendar \(deleted from/);
    // The next decision keeps the record of that write.
    const dismissed = await request('POST', `/conflicts/${hold!.id}/resolve/`, {
      action: 'dismiss',
    });
    expect(dismissed.json().conflict.resolution.earlier).toEqual([
      { suggestion: release, writeBack: written },
    ]);
  });

  it('a decision cut short while writing may have changed the calendar, and says so', async () => {
    const [overlap, hold] = await list();
    const release = hold!.suggestions.find((s) => s.action === 'release')!;
    // Advice stands in for a second part of the decision: it is never written.
    const move = overlap!.suggestions.find((s) => s.action === 'reschedule')!;
    // Claimed, then cut short (a crash between the provider's write and its record): each
    // entry is still pending, and the hold may be gone.
    const pending = { status: 'pending', message: 'being carried out' };
    const by = `user:${tenant.scope.userId}`;
    const claimed = await context().store.conflicts.decide(
      tenant.scope,
      hold!.id,
      {
        status: 'resolved',
        resolvedBy: by,
        resolution: {
          action: 'apply',
          state: 'pending',
          by,
          at: TEST_NOW.toISOString(),
          suggestion: release,
          writeBack: pending,
          applied: [
            { suggestion: release, writeBack: pending },
            { suggestion: move, writeBack: pending },
          ],
          note: null,
        },
      },
      TEST_NOW,
    );
    expect(claimed).toBe(true);
    setNow(new Date(TEST_NOW.getTime() + 11 * 60_000));
    const reopened = await reopen(hold!.id);
    expect(reopened.statusCode, reopened.body).toBe(200);
    // The move is advice, never written; the release may have been.
    expect(reopened.json().keptWrites).toEqual([
      {
        action: 'release',
        eventId: release.eventId,
        title: 'Hold',
        status: 'pending',
        message: 'may have been deleted from your calendar (calintel was cut short while writing)',
      },
    ]);
    expect(reopened.json().message).toMatch(/^may have been changed in your calendar/);
  });

  it('the policy leaves a conflict the user reopened to her', async () => {
    const hold = await reopenThePolicysRelease();
    // A change on the same day: the pass goes over the hold's conflict again.
    await put(context().store, tenant, tenant.calendar.id, [
      buildEvent({ title: 'Later that day', start: '2026-03-10T18:00:00.000Z' }),
    ]);
    const pass = await scan();
    expect(pass.spans).toBeGreaterThan(0);
    expect((await list()).find((c) => c.id === hold.id)).toMatchObject({
      status: 'open',
      resolvedBy: null,
    });
  });

  it('the policy applies again once the meetings of a conflict the user reopened move', async () => {
    const hold = await reopenThePolicysRelease();
    // The hold moves by a quarter of an hour: still under the call, but not what she reopened.
    await put(context().store, tenant, tenant.calendar.id, [
      { ...events['hold']!, start: '2026-03-10T15:15:00.000Z', end: '2026-03-10T16:15:00.000Z' },
    ]);
    await scan();
    expect((await list()).find((c) => c.id === hold.id)).toMatchObject({
      status: 'resolved',
      resolvedBy: 'policy',
    });
  });
});
