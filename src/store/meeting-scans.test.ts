import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../../test/support/databases.js';

describeEachDialect('meeting scans', (context) => {
  it('move on only from the scan a job read: a reset in between wins, never-scanned included', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store, 'scans');
    expect(await store.meetings.scan(scope)).toBeUndefined();
    // Never scanned when the job began, but reset since: the reset's row stays.
    await store.meetings.resetScans(scope, [scope.userId]);
    expect(
      await store.meetings.saveScan(scope, { cursor: 'c1', modelVersion: 'v1' }, undefined),
    ).toBe(false);
    const reset = await store.meetings.scan(scope);
    expect(reset).toEqual({ cursor: null, epoch: 1, modelVersion: null });
    expect(await store.meetings.saveScan(scope, { cursor: 'c2', modelVersion: 'v1' }, reset)).toBe(
      true,
    );
    expect(await store.meetings.scan(scope)).toEqual({
      cursor: 'c2',
      epoch: 1,
      modelVersion: 'v1',
    });
    // Read, then reset, then saved: lost; the next job sees the reset.
    const read = await store.meetings.scan(scope);
    await store.meetings.resetScans(scope, [scope.userId]);
    expect(await store.meetings.saveScan(scope, { cursor: 'c3', modelVersion: 'v1' }, read)).toBe(
      false,
    );
    expect(await store.meetings.scan(scope)).toEqual({
      cursor: null,
      epoch: 2,
      modelVersion: null,
    });
  });

  it('move on only from the cursor a job read, so that two jobs side by side cannot both', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store, 'scans-twice');
    expect(
      await store.meetings.saveScan(scope, { cursor: 'c1', modelVersion: 'v1' }, undefined),
    ).toBe(true);
    const read = await store.meetings.scan(scope);
    expect(await store.meetings.saveScan(scope, { cursor: 'c5', modelVersion: 'v1' }, read)).toBe(
      true,
    );
    // A second job that read the same scan, finishing later, must not move it back.
    expect(await store.meetings.saveScan(scope, { cursor: 'c3', modelVersion: 'v1' }, read)).toBe(
      false,
    );
    expect((await store.meetings.scan(scope))?.cursor).toBe('c5');
  });

  it('are reset for every user of an organisation when its internal domains change, and for a user whose connection goes', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store, 'scans-org');
    await store.meetings.saveScan(scope, { cursor: 'c1', modelVersion: 'v1' }, undefined);
    await store.organisations.setInternalDomains(scope, ['acme.test', 'acme-labs.test']);
    expect(await store.meetings.scan(scope)).toMatchObject({ cursor: null, epoch: 1 });
    const read = await store.meetings.scan(scope);
    await store.meetings.saveScan(scope, { cursor: 'c2', modelVersion: 'v1' }, read);
    const connections = await store.connections.list(scope);
    expect(connections.length).toBeGreaterThan(0);
    await store.connections.delete(scope, connections[0]!.id);
    expect(await store.meetings.scan(scope)).toMatchObject({ cursor: null, epoch: 2 });
  });

  it('start from nothing for a user never scanned, once', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store, 'scans-first');
    expect(
      await store.meetings.saveScan(scope, { cursor: 'c1', modelVersion: 'v1' }, undefined),
    ).toBe(true);
    expect(
      await store.meetings.saveScan(scope, { cursor: 'c9', modelVersion: 'v1' }, undefined),
    ).toBe(false);
    expect(await store.meetings.scan(scope)).toEqual({
      cursor: 'c1',
      epoch: 0,
      modelVersion: 'v1',
    });
  });
});
