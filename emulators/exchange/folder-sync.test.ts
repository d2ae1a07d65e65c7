/**
 * Calendar folders besides the Calendar: each has its own items and its own SyncState history,
 * and SyncFolderItems, FindItem (CalendarView), GetItem and Subscribe take its FolderId. A folder
 * deleted since is ErrorFolderNotFound, as is an id no folder has.
 */
import {
  AppointmentSchema,
  BasePropertySet,
  CalendarView,
  DateTime,
  EventType,
  FolderId,
  ItemId,
  ItemSchema,
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
} from './test-kit.js';

const TEAM = 'AAMkFldTeam';

let emulator: RunningExchangeEmulator;
let ews: ExchangeService;

beforeAll(async () => {
  const seed = buildSeed([
    buildItem({ id: 'AAMkMain1' }),
    buildItem({ id: 'AAMkMain2' }),
    buildItem({ id: 'AAMkTeam1', folderId: TEAM, subject: 'Team offsite' }),
  ]);
  seed.mailboxes[0]!.folders = [{ id: TEAM, displayName: 'Team holidays' }];
  emulator = await startExchangeEmulator({ protocol: 'http', seed });
  ews = ewsClient(emulator);
});
afterAll(() => emulator.close());

async function sync(folder: FolderId, state: string | null) {
  const result = await ews.SyncFolderItems(
    folder,
    new PropertySet(BasePropertySet.IdOnly, [ItemSchema.ParentFolderId]),
    [],
    512,
    SyncFolderItemsScope.NormalItems,
    state ?? FIRST_SYNC,
  );
  return {
    ids: result.GetEnumerator().map((c) => c.ItemId.UniqueId),
    state: result.SyncState,
  };
}

const team = () => new FolderId(TEAM);

describe('calendar folders', () => {
  it('SyncFolderItems gives each folder its own items, and a state only to the folder it came from', async () => {
    const main = await sync(calendarFolder(), null);
    const other = await sync(team(), null);
    expect(main.ids.sort()).toEqual(['AAMkMain1', 'AAMkMain2']);
    expect(other.ids).toEqual(['AAMkTeam1']);
    emulator.state.addItem(ALICE, buildItem({ id: 'AAMkTeam2', folderId: TEAM }));
    emulator.state.updateItem(ALICE, 'AAMkMain1', { subject: 'Moved on' });
    expect((await sync(team(), other.state)).ids).toEqual(['AAMkTeam2']);
    expect((await sync(calendarFolder(), main.state)).ids).toEqual(['AAMkMain1']);
    expect((await failure(sync(team(), main.state))).code).toBe('ErrorInvalidSyncStateData');
  });

  it('FindItem and GetItem read a folder’s items, with that folder as ParentFolderId', async () => {
    const view = new CalendarView(
      DateTime.Parse('2026-03-01T00:00:00Z'),
      DateTime.Parse('2026-03-08T00:00:00Z'),
    );
    view.PropertySet = new PropertySet(BasePropertySet.IdOnly, [ItemSchema.Subject]);
    const found = await ews.FindAppointments(team(), view);
    expect(found.Items.map((i) => i.Id.UniqueId).sort()).toEqual(['AAMkTeam1', 'AAMkTeam2']);
    const [read] = (
      await ews.BindToItems(
        [new ItemId('AAMkTeam1')],
        new PropertySet(BasePropertySet.IdOnly, [
          ItemSchema.ParentFolderId,
          AppointmentSchema.Start,
        ]),
      )
    ).Responses;
    expect(read?.Item?.ParentFolderId.UniqueId).toBe(TEAM);
  });

  it('a subscription to a folder reports that folder’s changes only', async () => {
    const teamOnly = await ews.SubscribeToPullNotifications(
      [team()],
      30,
      null as unknown as string,
      EventType.Created,
      EventType.Modified,
    );
    const mainOnly = await ews.SubscribeToPullNotifications(
      [calendarFolder()],
      30,
      null as unknown as string,
      EventType.Created,
    );
    emulator.state.addItem(ALICE, buildItem({ id: 'AAMkTeam3', folderId: TEAM }));
    emulator.state.addItem(ALICE, buildItem({ id: 'AAMkMain3' }));
    const teamEvents = (await teamOnly.GetEvents()).ItemEvents;
    expect(teamEvents.map((e) => [e.ItemId.UniqueId, e.ParentFolderId.UniqueId])).toEqual([
      ['AAMkTeam3', TEAM],
    ]);
    expect((await mainOnly.GetEvents()).ItemEvents.map((e) => e.ItemId.UniqueId)).toEqual([
      'AAMkMain3',
    ]);
  });

  it('a deleted folder and its items are gone: ErrorFolderNotFound, ErrorItemNotFound', async () => {
    const made = emulator.state.createFolder(ALICE, {
      displayName: 'Doomed',
      parent: 'msgfolderroot',
    });
    emulator.state.addItem(ALICE, buildItem({ id: 'AAMkDoomed', folderId: made.id }));
    const before = await sync(new FolderId(made.id), null);
    expect(before.ids).toEqual(['AAMkDoomed']);
    emulator.state.deleteFolder(ALICE, made.id);
    const gone = new FolderId(made.id);
    expect((await failure(sync(gone, before.state))).code).toBe('ErrorFolderNotFound');
    expect((await failure(sync(new FolderId('AAMkNoSuch'), null))).code).toBe(
      'ErrorFolderNotFound',
    );
    expect(
      (await failure(ews.SubscribeToPullNotifications([gone], 30, '', EventType.Created))).code,
    ).toBe('ErrorFolderNotFound');
    const [item] = (
      await ews.BindToItems([new ItemId('AAMkDoomed')], new PropertySet(BasePropertySet.IdOnly))
    ).Responses;
    expect(item?.ErrorCode).toBeTruthy();
    expect(emulator.state.items(ALICE).map((i) => i.id)).not.toContain('AAMkDoomed');
  });

  it('another mailbox’s folder is ErrorAccessDenied', async () => {
    const raw = await postSoap(
      emulator,
      '<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>' +
        `<m:SyncFolderId><t:FolderId Id="${TEAM}"><t:Mailbox>` +
        '<t:EmailAddress>bob@contoso.test</t:EmailAddress></t:Mailbox></t:FolderId>' +
        '</m:SyncFolderId><m:MaxChangesReturned>10</m:MaxChangesReturned></m:SyncFolderItems>',
    );
    expect(raw.text).toContain('<m:ResponseCode>ErrorAccessDenied</m:ResponseCode>');
  });
});
