import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant, seedUser } from '../../test/support/databases.js';
import { conflictFingerprint } from './conflicts.repository.js';
import type { ConflictDraft } from './store.js';

const DAY = { from: '2026-03-04T00:00:00.000Z', to: '2026-03-05T00:00:00.000Z' };

/** An overlap of events a and b at 10:00-10:30; a test overrides what it is about. */
function draft(overrides: Partial<ConflictDraft> = {}): ConflictDraft {
  return {
    key: 'overlap:rep@acme.test:a,b',
    kind: 'overlap',
    severity: 'high',
    start: '2026-03-04T10:00:00.000Z',
    end: '2026-03-04T10:30:00.000Z',
    eventIds: ['a', 'b'],
    autoResolvable: false,
    details: { reasons: ['both are customer meetings'], suggestions: [] },
    eventTimes: ['2026-03-04T09:30:00.000Z/2026-03-04T10:30:00.000Z'],
    ...overrides,
  };
}

describeEachDialect('conflicts repository', (context) => {
  it('stores a found conflict once; finding it again with the same content changes nothing', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'conflicts');
    const first = await store.conflicts.reconcile(tenant.scope, DAY, [draft()]);
    expect(first.opened).toHaveLength(1);
    expect(first.opened[0]).toMatchObject({
      status: 'open',
      kind: 'overlap',
      eventIds: ['a', 'b'],
    });
    const again = await store.conflicts.reconcile(tenant.scope, DAY, [draft()]);
    expect(again).toMatchObject({ opened: [], updated: 0, cleared: 0 });
    expect(again.open.map((c) => c.key)).toEqual([draft().key]);
    const page = await store.conflicts.list(tenant.scope, {});
    expect(page.items).toHaveLength(1);
    expect(page.items[0]?.details).toEqual(draft().details);
  });

  it('a dismissal sticks while the events stay put and is reopened once they move', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'conflicts');
    const { opened } = await store.conflicts.reconcile(tenant.scope, DAY, [draft()]);
    const id = opened[0]!.id;
    const decided = await store.conflicts.decide(tenant.scope, id, {
      status: 'dismissed',
      resolution: { action: 'dismiss' },
      resolvedBy: `user:${tenant.scope.userId}`,
    });
    expect(decided).toBe(true);
    await store.conflicts.reconcile(tenant.scope, DAY, [draft()]);
    expect(await store.conflicts.get(tenant.scope, id)).toMatchObject({ status: 'dismissed' });

    const moved = draft({ eventTimes: ['2026-03-04T09:45:00.000Z/2026-03-04T10:30:00.000Z'] });
    const outcome = await store.conflicts.reconcile(tenant.scope, DAY, [moved]);
    expect(outcome.opened.map((c) => c.id)).toEqual([id]);
    expect(await store.conflicts.get(tenant.scope, id)).toMatchObject({
      status: 'open',
      resolvedBy: null,
    });
  });

  it('an open conflict no longer found in the window is cleared, not deleted; one outside it is untouched', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'conflicts');
    const elsewhere = draft({
      key: 'overlap:rep@acme.test:c,d',
      start: '2026-03-06T10:00:00.000Z',
      end: '2026-03-06T11:00:00.000Z',
      eventIds: ['c', 'd'],
    });
    await store.conflicts.reconcile(tenant.scope, { from: DAY.from, to: '2026-03-07T00:00:00Z' }, [
      draft(),
      elsewhere,
    ]);
    const outcome = await store.conflicts.reconcile(tenant.scope, DAY, []);
    expect(outcome.cleared).toBe(1);
    const statuses = (await store.conflicts.list(tenant.scope, {})).items.map((c) => [
      c.key,
      c.status,
    ]);
    expect(statuses).toEqual([
      ['overlap:rep@acme.test:a,b', 'cleared'],
      ['overlap:rep@acme.test:c,d', 'open'],
    ]);
    expect((await store.conflicts.list(tenant.scope, { status: 'open' })).items).toHaveLength(1);
  });

  it('says which conflicts it cleared; why is noted on them unless they came back since', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'conflicts');
    await store.conflicts.reconcile(tenant.scope, DAY, [draft()]);
    const { clearedConflicts } = await store.conflicts.reconcile(tenant.scope, DAY, []);
    expect(clearedConflicts).toMatchObject([{ key: draft().key, status: 'cleared' }]);
    const [cleared] = clearedConflicts;
    await store.conflicts.recordClearance(tenant.scope, cleared!, { why: 'b was deleted' });
    expect((await store.conflicts.get(tenant.scope, cleared!.id))?.details).toEqual({
      ...(draft().details as object),
      clearance: { why: 'b was deleted' },
    });

    // Found again: it is open with its new details, and a late note from the clearing leaves it be.
    await store.conflicts.reconcile(tenant.scope, DAY, [draft()]);
    await store.conflicts.recordClearance(tenant.scope, cleared!, { why: 'stale' });
    expect(await store.conflicts.get(tenant.scope, cleared!.id)).toMatchObject({
      status: 'open',
      details: draft().details,
    });
  });

  it('a decision applies only to an open conflict of the caller', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'conflicts');
    const other = await seedUser(store, tenant.scope.orgId, 'colleague@acme.test');
    const { opened } = await store.conflicts.reconcile(tenant.scope, DAY, [draft()]);
    const id = opened[0]!.id;
    const decision = { status: 'resolved' as const, resolution: {}, resolvedBy: 'policy' };
    expect(await store.conflicts.decide(other.scope, id, decision)).toBe(false);
    expect(await store.conflicts.get(other.scope, id)).toBeUndefined();
    expect((await store.conflicts.list(other.scope, {})).items).toEqual([]);
    expect(await store.conflicts.decide(tenant.scope, id, decision)).toBe(true);
    expect(await store.conflicts.decide(tenant.scope, id, decision)).toBe(false);
  });

  it('a decision on the conflict as read loses to a pass that rewrote it meanwhile', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'conflicts');
    const { opened } = await store.conflicts.reconcile(
      tenant.scope,
      DAY,
      [draft()],
      new Date('2026-03-01T10:00:00Z'),
    );
    const read = opened[0]!;
    const moved = draft({ eventTimes: ['2026-03-04T09:45:00.000Z/2026-03-04T10:30:00.000Z'] });
    await store.conflicts.reconcile(tenant.scope, DAY, [moved], new Date('2026-03-01T10:05:00Z'));
    const decision = {
      status: 'resolved' as const,
      resolution: {},
      resolvedBy: 'policy',
      readAt: read.updatedAt,
    };
    expect(await store.conflicts.decide(tenant.scope, read.id, decision)).toBe(false);
    const now = (await store.conflicts.get(tenant.scope, read.id))!;
    expect(now).toMatchObject({ status: 'open' });
    expect(now.fingerprint).not.toBe(read.fingerprint);
    expect(
      await store.conflicts.decide(tenant.scope, read.id, { ...decision, readAt: now.updatedAt }),
    ).toBe(true);
  });

  it('a decision cut short is taken back only as it was left; a failed one stays on record when reopened', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'conflicts');
    const { opened } = await store.conflicts.reconcile(tenant.scope, DAY, [draft()]);
    const id = opened[0]!.id;
    const claim = {
      status: 'resolved' as const,
      resolution: { state: 'pending' },
      resolvedBy: 'policy',
    };
    expect(
      await store.conflicts.decide(tenant.scope, id, claim, new Date('2026-03-01T10:00:00Z')),
    ).toBe(true);
    const left = (await store.conflicts.get(tenant.scope, id))!;
    // The first decider still makes progress: a second one reading before that loses.
    expect(
      await store.conflicts.recordResolution(
        tenant.scope,
        id,
        { resolvedBy: 'policy', resolvedAt: '2026-03-01T10:00:00.000Z' },
        { state: 'pending', n: 1 },
        new Date('2026-03-01T10:01:00Z'),
      ),
    ).toBe(true);
    const reclaim = { ...claim, readAt: left.updatedAt, reclaim: true };
    const reclaimed = { resolvedBy: 'policy', resolvedAt: '2026-03-01T10:15:00.000Z' };
    expect(await store.conflicts.decide(tenant.scope, id, reclaim)).toBe(false);
    const now = (await store.conflicts.get(tenant.scope, id))!;
    expect(
      await store.conflicts.decide(
        tenant.scope,
        id,
        { ...reclaim, readAt: now.updatedAt },
        new Date(reclaimed.resolvedAt),
      ),
    ).toBe(true);

    const record = { state: 'partial', applied: [{ writeBack: { status: 'done' } }] };
    expect(await store.conflicts.reopen(tenant.scope, id, reclaimed, new Date(), record)).toBe(
      true,
    );
    expect(
      await store.conflicts.recordResolution(tenant.scope, id, reclaimed, { state: 'done' }),
    ).toBe(false);
    await store.conflicts.reconcile(tenant.scope, DAY, [draft({ severity: 'medium' })]);
    expect(await store.conflicts.get(tenant.scope, id)).toMatchObject({
      status: 'open',
      severity: 'medium',
      resolution: record,
      resolvedBy: null,
    });
  });

  it('a writer records only its own decision: not one taken after the user reopened the conflict', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'conflicts');
    const { opened } = await store.conflicts.reconcile(tenant.scope, DAY, [draft()]);
    const id = opened[0]!.id;
    const slow = { resolvedBy: 'policy', resolvedAt: '2026-03-01T10:00:00.000Z' };
    const claim = {
      status: 'resolved' as const,
      resolution: { by: 'policy' },
      resolvedBy: 'policy',
    };
    expect(await store.conflicts.decide(tenant.scope, id, claim, new Date(slow.resolvedAt))).toBe(
      true,
    );
    expect(await store.conflicts.recordResolution(tenant.scope, id, slow, { n: 1 })).toBe(true);
    // The lease passed: the user reopened the conflict and decided it herself.
    const read = (await store.conflicts.get(tenant.scope, id))!;
    const undo = { readAt: read.updatedAt, record: { action: 'reopen' } };
    expect(await store.conflicts.undoDecision(tenant.scope, id, undo)).toBe(true);
    const mine = {
      resolvedBy: `user:${tenant.scope.userId}`,
      resolvedAt: '2026-03-01T10:20:00.000Z',
    };
    const decision = {
      status: 'resolved' as const,
      resolution: { by: 'me' },
      resolvedBy: mine.resolvedBy,
    };
    expect(
      await store.conflicts.decide(tenant.scope, id, decision, new Date(mine.resolvedAt)),
    ).toBe(true);
    // The slow writer finishes, or fails, only now: neither touches the user's decision.
    expect(await store.conflicts.recordResolution(tenant.scope, id, slow, { n: 2 })).toBe(false);
    expect(await store.conflicts.reopen(tenant.scope, id, slow, new Date(), { n: 3 })).toBe(false);
    expect(await store.conflicts.get(tenant.scope, id)).toMatchObject({
      status: 'resolved',
      resolution: { by: 'me' },
      resolvedBy: mine.resolvedBy,
    });
    expect(await store.conflicts.recordResolution(tenant.scope, id, mine, { by: 'me', n: 4 })).toBe(
      true,
    );
  });

  it('a decision holds for the same meetings under new row ids, and a clear is undone by finding it again', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'conflicts');
    const found = (ids: string[]) =>
      draft({
        key: 'overlap:rep@acme.test:m.demo,m.sync',
        eventIds: ids,
        eventIdentities: ['m.demo', 'm.sync'],
        eventTimes: [
          '2026-03-04T09:30:00.000Z/2026-03-04T10:30:00.000Z',
          '2026-03-04T10:00:00.000Z/2026-03-04T11:00:00.000Z',
        ],
      });
    const { opened } = await store.conflicts.reconcile(tenant.scope, DAY, [found(['a', 'b'])]);
    const id = opened[0]!.id;
    await store.conflicts.decide(tenant.scope, id, {
      status: 'dismissed',
      resolution: { action: 'dismiss' },
      resolvedBy: `user:${tenant.scope.userId}`,
    });
    // The calendar turned off: the events are gone, the decision stays.
    expect(await store.conflicts.reconcile(tenant.scope, DAY, [])).toMatchObject({ cleared: 0 });
    // ... and on: the same meetings under new rows.
    const again = await store.conflicts.reconcile(tenant.scope, DAY, [found(['z', 'y'])]);
    expect(again.opened).toEqual([]);
    const page = await store.conflicts.list(tenant.scope, {});
    expect(page.items).toMatchObject([{ id, status: 'dismissed', eventIds: ['z', 'y'] }]);
  });

  it('pins the fingerprint: the same meetings at the same times, in any order, whatever their rows', () => {
    const times = [
      '2026-03-04T09:30:00.000Z/2026-03-04T10:30:00.000Z',
      '2026-03-04T10:00:00.000Z/2026-03-04T11:00:00.000Z',
    ];
    const fingerprint = conflictFingerprint(['m.sync', 'm.demo'], [times[1]!, times[0]!]);
    expect(fingerprint).toBe(conflictFingerprint(['m.demo', 'm.sync'], times));
    expect(fingerprint).toBe('a93cb1cb15666a675fe81e4a191786be4855531061a189c1a9c576cbe78a1319');
    expect(conflictFingerprint(['m.demo', 'm.sync'], [times[0]!, times[0]!])).not.toBe(fingerprint);
  });

  it('filters by range, kind and severity, a page at a time', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'conflicts');
    const drafts = [0, 1, 2].map((i) =>
      draft({
        key: `k${i}`,
        kind: i === 2 ? 'travel' : 'overlap',
        severity: i === 1 ? 'low' : 'high',
        start: `2026-03-0${4 + i}T10:00:00.000Z`,
        end: `2026-03-0${4 + i}T11:00:00.000Z`,
      }),
    );
    await store.conflicts.reconcile(
      tenant.scope,
      { from: DAY.from, to: '2026-03-08T00:00:00Z' },
      drafts,
    );
    const first = await store.conflicts.list(tenant.scope, { limit: 2 });
    expect(first.items.map((c) => c.key)).toEqual(['k0', 'k1']);
    const second = await store.conflicts.list(tenant.scope, {
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect(second).toMatchObject({
      items: [expect.objectContaining({ key: 'k2' })],
      nextCursor: null,
    });
    expect((await store.conflicts.list(tenant.scope, { kind: 'travel' })).items).toHaveLength(1);
    expect((await store.conflicts.list(tenant.scope, { severity: 'low' })).items).toHaveLength(1);
    const range = { from: '2026-03-05T00:00:00.000Z', to: '2026-03-06T00:00:00.000Z' };
    expect((await store.conflicts.list(tenant.scope, range)).items.map((c) => c.key)).toEqual([
      'k1',
    ]);
  });

  it('keeps a per-user change cursor for incremental recomputation', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'conflicts');
    expect(await store.conflicts.scanCursor(tenant.scope)).toBeUndefined();
    await store.conflicts.saveScanCursor(tenant.scope, null);
    expect(await store.conflicts.scanCursor(tenant.scope)).toBeNull();
    await store.conflicts.saveScanCursor(tenant.scope, 'c42');
    expect(await store.conflicts.scanCursor(tenant.scope)).toBe('c42');
  });
});
