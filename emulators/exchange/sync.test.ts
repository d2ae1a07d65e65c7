import {
  BasePropertySet,
  ChangeType,
  PropertySet,
  SyncFolderItemsScope,
  type ExchangeService,
} from 'ews-javascript-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchangeEmulator, type RunningExchangeEmulator } from './index.js';
import {
  ALICE,
  buildItem,
  buildSeed,
  calendarFolder,
  ewsClient,
  failure,
  FIRST_SYNC,
  postSoap,
  ZONE,
} from './test-kit.js';

const WEEKLY = {
  pattern: { type: 'Weekly' as const, interval: 1, daysOfWeek: ['Monday'] },
  range: { type: 'Numbered' as const, numberOfOccurrences: 5 },
};

let emulator: RunningExchangeEmulator;
let ews: ExchangeService;

beforeAll(async () => {
  const items = [1, 2, 3, 4].map(() => buildItem());
  items.push(
    buildItem({
      id: 'AAMkSeries',
      start: '2026-03-02T08:00:00Z',
      end: '2026-03-02T08:30:00Z',
      recurrence: WEEKLY,
    }),
  );
  emulator = await startExchangeEmulator({ seed: buildSeed(items) });
  ews = ewsClient(emulator);
});
afterAll(() => emulator.close());

async function sync(state: string | null, max = 512) {
  const result = await ews.SyncFolderItems(
    calendarFolder(),
    new PropertySet(BasePropertySet.IdOnly),
    [],
    max,
    SyncFolderItemsScope.NormalItems,
    state ?? FIRST_SYNC,
  );
  const changes = result.GetEnumerator().map((c) => ({
    type: ChangeType[c.ChangeType],
    id: c.ItemId.UniqueId,
    changeKey: c.ItemId.ChangeKey,
    hasItem: Boolean(c.Item),
  }));
  return { changes, state: result.SyncState, more: result.MoreChangesAvailable };
}

/** Pages until IncludesLastItemInRange, returning every page. */
async function syncAll(state: string | null, max: number) {
  const pages = [await sync(state, max)];
  while (pages.at(-1)!.more) pages.push(await sync(pages.at(-1)!.state, max));
  return pages;
}

describe('SyncFolderItems', () => {
  it('pages a first sync with MaxChangesReturned until IncludesLastItemInRange, rotating SyncState', async () => {
    const pages = await syncAll(null, 2);
    expect(pages.map((p) => p.changes.length)).toEqual([2, 2, 1]);
    expect(pages.map((p) => p.more)).toEqual([true, true, false]);
    expect(new Set(pages.map((p) => p.state)).size).toBe(3);
    const all = pages.flatMap((p) => p.changes);
    expect(all.every((c) => c.type === 'Create')).toBe(true);
    expect(new Set(all.map((c) => c.id)).size).toBe(5);
    // Nothing changed since: an empty answer, yet a new state.
    const again = await sync(pages.at(-1)!.state);
    expect(again.changes).toEqual([]);
    expect(again.more).toBe(false);
    expect(again.state).not.toBe(pages.at(-1)!.state);
  });

  it('reports created, updated and deleted items, instance edits as master updates', async () => {
    const base = (await syncAll(null, 512)).at(-1)!;
    const items = emulator.state.items(ALICE);
    const [moved, deleted] = items.filter((i) => !i.recurring);
    const master = items.find((i) => i.recurring)!;
    const added = emulator.state.addItem(ALICE, buildItem({ subject: 'New' }));
    emulator.state.moveItem(ALICE, moved!.id, {
      start: '2026-03-03T09:00:00Z',
      end: '2026-03-03T10:00:00Z',
    });
    emulator.state.deleteItem(ALICE, deleted!.id);
    emulator.state.modifyOccurrence(ALICE, master.id, '2026-03-09T08:00:00Z', {
      start: '2026-03-10T15:00:00Z',
      end: '2026-03-10T15:30:00Z',
    });
    // Created and deleted in between: never reported.
    const ephemeral = emulator.state.addItem(ALICE, buildItem({ timeZone: ZONE }));
    emulator.state.deleteItem(ALICE, ephemeral.id);

    const { changes, more } = await sync(base.state);
    expect(more).toBe(false);
    const byId = new Map(changes.map((c) => [c.id, c]));
    expect(byId.get(added.id)?.type).toBe('Create');
    expect(byId.get(moved!.id)?.type).toBe('Update');
    expect(byId.get(deleted!.id)).toMatchObject({ type: 'Delete', hasItem: false });
    expect(byId.get(master.id)?.type).toBe('Update');
    expect(byId.get(master.id)?.changeKey).not.toBe(master.changeKey);
    expect(byId.has(ephemeral.id)).toBe(false);
    expect(changes).toHaveLength(4);
  });

  it('refuses a corrupt SyncState with ErrorInvalidSyncStateData', async () => {
    const bad = await failure(sync('H4sIAAAAAAAEAGNgYGBg'));
    expect(bad.code).toBe('ErrorInvalidSyncStateData');
  });

  it('refuses states taken before an invalidation; a sync without state starts over', async () => {
    const { state } = (await syncAll(null, 512)).at(-1)!;
    emulator.state.invalidateSyncStates(ALICE);
    expect((await failure(sync(state))).code).toBe('ErrorInvalidSyncStateData');
    const fresh = await syncAll(null, 512);
    expect(fresh.flatMap((p) => p.changes).every((c) => c.type === 'Create')).toBe(true);
    expect(fresh.flatMap((p) => p.changes)).toHaveLength(emulator.state.items(ALICE).length);
  });

  it('refuses MaxChangesReturned over 512 as a schema error (HTTP 500)', async () => {
    // ews-javascript-api checks the limit itself, so the request is sent raw.
    const plain = await startExchangeEmulator({ protocol: 'http', seed: buildSeed([]) });
    try {
      const { status, text } = await postSoap(
        plain,
        '<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>' +
          '<m:SyncFolderId><t:DistinguishedFolderId Id="calendar"/></m:SyncFolderId>' +
          '<m:MaxChangesReturned>513</m:MaxChangesReturned></m:SyncFolderItems>',
      );
      expect(status).toBe(500);
      expect(text).toContain('ErrorSchemaValidation');
    } finally {
      await plain.close();
    }
  });
});
