/**
 * What a provider's list says of whose a calendar is (migration 0036): stored as listed, and
 * when it changes, the user's meeting and conflict scans are forgotten, since their events may
 * have become another person's (or stopped being) without any change-log entry saying so.
 */
import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../../test/support/databases.js';
import type { RemoteCalendarInput } from './calendars.repository.js';
import type { Scope, Store } from './store.js';

const GROUP = 'c_ben@group.calendar.google.com';
const listed = (extra: Partial<RemoteCalendarInput> = {}): RemoteCalendarInput => ({
  providerCalendarId: GROUP,
  name: "Ben's deals",
  timeZone: 'UTC',
  isPrimary: false,
  ...extra,
});

/** An account of `provider` for the user: what a calendar's listing says is read per provider. */
const account = (store: Store, scope: Scope, provider: 'google' | 'microsoft') =>
  store.connections.create(scope, {
    provider,
    label: 'ana@contoso.test',
    secrets: { tokens: 'sealed' },
  });

describeEachDialect("a calendar's ownership as its provider lists it", (context) => {
  it('is stored as listed (an owner address in lower case), null where the list says nothing', async () => {
    const { store } = context();
    const { scope, connection } = await seedTenant(store);
    expect(
      await store.calendars.upsert(scope, connection.id, listed({ accessRole: 'reader' })),
    ).toMatchObject({ accessRole: 'reader', ownerAddress: null });
    expect(
      await store.calendars.upsert(
        scope,
        connection.id,
        listed({ providerCalendarId: 'AAMkBoss', ownerAddress: 'Boss@Contoso.test' }),
      ),
    ).toMatchObject({ accessRole: null, ownerAddress: 'boss@contoso.test' });
  });

  it("forgets the user's meeting and conflict scans when it changes, not when it is listed the same", async () => {
    const { store } = context();
    const { scope } = await seedTenant(store);
    const connection = await account(store, scope, 'google');
    await store.calendars.upsert(scope, connection.id, listed());
    const scanned = async (cursor: string) => {
      const before = await store.meetings.scan(scope);
      await store.meetings.saveScan(scope, { cursor, modelVersion: 'v1' }, before);
      await store.conflicts.saveScanCursor(scope, cursor);
    };
    const scans = async () => [
      (await store.meetings.scan(scope))?.cursor ?? null,
      (await store.conflicts.scanCursor(scope)) ?? null,
    ];

    await scanned('c-7');
    await store.calendars.upsert(scope, connection.id, listed({ accessRole: 'reader' }));
    expect(await scans()).toEqual([null, null]);

    await scanned('c-8');
    const renamed = listed({ accessRole: 'reader', name: 'Ben' });
    await store.calendars.upsert(scope, connection.id, renamed);
    expect(await scans()).toEqual(['c-8', 'c-8']);

    await store.calendars.upsert(scope, connection.id, listed({ accessRole: 'owner' }));
    expect(await scans()).toEqual([null, null]);
  });
  it('forgets nothing when a listing only fills in what a row listed before 0036 lacked', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store);
    const google = await account(store, scope, 'google');
    const microsoft = await account(store, scope, 'microsoft');
    await store.calendars.upsert(scope, google.id, listed());
    const outlook = listed({ providerCalendarId: 'AAMkAna' });
    await store.calendars.upsert(scope, microsoft.id, outlook);
    const unscanned = await store.meetings.scan(scope);
    await store.meetings.saveScan(scope, { cursor: 'c-9', modelVersion: 'v1' }, unscanned);
    await store.conflicts.saveScanCursor(scope, 'c-9');
    const scans = async () => [
      (await store.meetings.scan(scope))?.cursor ?? null,
      (await store.conflicts.scanCursor(scope)) ?? null,
    ];

    // A Google calendar the account owns, and a calendar whose owner is the user's own address:
    // still the user's, as they were read while nothing was listed.
    await store.calendars.upsert(scope, google.id, listed({ accessRole: 'owner' }));
    const own = ['ana@contoso.test'];
    const ana = { ...outlook, ownerAddress: 'Ana@Contoso.test' };
    await store.calendars.upsert(scope, microsoft.id, ana, own);
    expect(await scans()).toEqual(['c-9', 'c-9']);
    // Another person's address on it is a change.
    await store.calendars.upsert(
      scope,
      microsoft.id,
      { ...outlook, ownerAddress: 'boss@contoso.test' },
      own,
    );
    expect(await scans()).toEqual([null, null]);
  });
});
