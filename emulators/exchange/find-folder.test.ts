/**
 * FindFolder and GetFolder through ews-javascript-api, and calendar folders made, renamed and
 * deleted through the control API: a deep FindFolder from msgfolderroot lists every folder below
 * it (of every class), a shallow one from the Calendar its subfolders only, as EWS does; a
 * Restriction on the folder class keeps the folders of that class.
 */
import {
  BasePropertySet,
  CalendarFolder,
  Folder,
  FolderId,
  FolderSchema,
  FolderTraversal,
  FolderView,
  PropertySet,
  SearchFilter,
  WellKnownFolderName,
  type ExchangeService,
} from 'ews-javascript-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchangeEmulator, type RunningExchangeEmulator } from './index.js';
import { ALICE, buildSeed, ewsClient, failure, postSoap } from './test-kit.js';

let emulator: RunningExchangeEmulator;
let ews: ExchangeService;

beforeAll(async () => {
  const seed = buildSeed([]);
  seed.mailboxes[0]!.folders = [
    { id: 'AAMkFldTeam', displayName: 'Team holidays' },
    { id: 'AAMkFldOnCall', displayName: 'On call', parent: 'AAMkFldTeam' },
    { id: 'AAMkFldSide', displayName: 'Side project', parent: 'msgfolderroot' },
    { id: 'AAMkFldNews', displayName: 'Newsletters', parent: 'inbox', folderClass: 'IPF.Note' },
  ];
  emulator = await startExchangeEmulator({ protocol: 'http', seed });
  ews = ewsClient(emulator);
});
afterAll(() => emulator.close());

const shape = () =>
  new PropertySet(BasePropertySet.IdOnly, [FolderSchema.DisplayName, FolderSchema.FolderClass]);

async function find(
  parent: FolderId,
  traversal: FolderTraversal,
  pageSize = 100,
  offset = 0,
  filter?: SearchFilter,
) {
  const view = new FolderView(pageSize, offset);
  view.Traversal = traversal;
  view.PropertySet = shape();
  const result = filter
    ? await ews.FindFolders(parent, filter, view)
    : await ews.FindFolders(parent, view);
  return {
    folders: result.Folders.map((f) => ({
      id: f.Id.UniqueId,
      name: f.DisplayName,
      folderClass: f.FolderClass,
      calendar: f instanceof CalendarFolder,
    })),
    total: result.TotalCount,
    more: result.MoreAvailable,
  };
}

const root = () => new FolderId(WellKnownFolderName.MsgFolderRoot);
const calendar = () => new FolderId(WellKnownFolderName.Calendar);

describe('FindFolder', () => {
  it('Deep from msgfolderroot lists every folder below it, calendars as CalendarFolder', async () => {
    const { folders, total, more } = await find(root(), FolderTraversal.Deep);
    expect(more).toBe(false);
    expect(total).toBe(folders.length);
    const names = folders.map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining(['Inbox', 'Newsletters', 'Calendar', 'Team holidays', 'On call']),
    );
    expect(names).not.toContain('Top of Information Store');
    const calendars = folders.filter((f) => f.folderClass === 'IPF.Appointment');
    expect(calendars.map((f) => f.name).sort()).toEqual([
      'Calendar',
      'On call',
      'Side project',
      'Team holidays',
    ]);
    expect(calendars.every((f) => f.calendar)).toBe(true);
    expect(folders.find((f) => f.name === 'Newsletters')).toMatchObject({
      id: 'AAMkFldNews',
      folderClass: 'IPF.Note',
      calendar: false,
    });
  });

  it('Shallow lists direct subfolders only; Deep from the Calendar its whole subtree', async () => {
    const shallow = await find(calendar(), FolderTraversal.Shallow);
    expect(shallow.folders.map((f) => f.name)).toEqual(['Team holidays']);
    const deep = await find(calendar(), FolderTraversal.Deep);
    expect(deep.folders.map((f) => f.id)).toEqual(['AAMkFldTeam', 'AAMkFldOnCall']);
    const byId = await find(new FolderId('AAMkFldTeam'), FolderTraversal.Shallow);
    expect(byId.folders.map((f) => f.name)).toEqual(['On call']);
  });

  it('pages with IndexedPageFolderView and says where the next page starts', async () => {
    const all = await find(root(), FolderTraversal.Deep);
    const first = await find(root(), FolderTraversal.Deep, 3);
    expect(first).toMatchObject({ total: all.total, more: true });
    // ews-javascript-api reads IndexedPagingOffset but drops it (NextPageOffset stays null).
    const raw = await postSoap(
      emulator,
      '<m:FindFolder Traversal="Deep"><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape>' +
        '</m:FolderShape><m:IndexedPageFolderView MaxEntriesReturned="3" Offset="0"' +
        ' BasePoint="Beginning"/><m:ParentFolderIds><t:DistinguishedFolderId' +
        ' Id="msgfolderroot"/></m:ParentFolderIds></m:FindFolder>',
    );
    expect(raw.text).toContain(
      `<m:RootFolder IndexedPagingOffset="3" TotalItemsInView="${all.total}" IncludesLastItemInRange="false">`,
    );
    const rest = await find(root(), FolderTraversal.Deep, 100, 3);
    expect(rest.more).toBe(false);
    // Sorted: the library groups a page's folders by element name (Folder, CalendarFolder, ...).
    const ids = (folders: { id: string }[]) => folders.map((f) => f.id).sort();
    expect(ids([...first.folders, ...rest.folders])).toEqual(ids(all.folders));
  });

  it('a Restriction on FolderClass lists, and pages, the folders of that class only', async () => {
    const calendars = new SearchFilter.IsEqualTo(FolderSchema.FolderClass, 'IPF.Appointment');
    const all = await find(root(), FolderTraversal.Deep, 100, 0, calendars);
    expect(all).toMatchObject({ total: 4, more: false });
    expect(all.folders.map((f) => f.name).sort()).toEqual([
      'Calendar',
      'On call',
      'Side project',
      'Team holidays',
    ]);
    const first = await find(root(), FolderTraversal.Deep, 3, 0, calendars);
    const rest = await find(root(), FolderTraversal.Deep, 3, 3, calendars);
    expect([first.more, rest.more]).toEqual([true, false]);
    expect([...first.folders, ...rest.folders].map((f) => f.id).sort()).toEqual(
      all.folders.map((f) => f.id).sort(),
    );
    const byName = new SearchFilter.IsEqualTo(FolderSchema.DisplayName, 'Newsletters');
    expect((await find(root(), FolderTraversal.Deep, 100, 0, byName)).folders).toMatchObject([
      { id: 'AAMkFldNews' },
    ]);
    // Anything the emulator does not evaluate is refused, not ignored.
    const unknown = new SearchFilter.ContainsSubstring(FolderSchema.FolderClass, 'IPF.');
    expect((await failure(find(root(), FolderTraversal.Deep, 100, 0, unknown))).code).toBe(
      'ErrorInvalidOperation',
    );
  });

  it('an unknown or deleted parent is ErrorFolderNotFound, another mailbox ErrorAccessDenied', async () => {
    expect((await failure(find(new FolderId('AAMkNoSuch'), FolderTraversal.Deep))).code).toBe(
      'ErrorFolderNotFound',
    );
    const made = emulator.state.createFolder(ALICE, { displayName: 'Short-lived' });
    emulator.state.deleteFolder(ALICE, made.id);
    expect((await failure(find(new FolderId(made.id), FolderTraversal.Deep))).code).toBe(
      'ErrorFolderNotFound',
    );
    const raw = await postSoap(
      emulator,
      '<m:FindFolder Traversal="Deep"><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape>' +
        '</m:FolderShape><m:ParentFolderIds><t:DistinguishedFolderId Id="msgfolderroot">' +
        '<t:Mailbox><t:EmailAddress>bob@contoso.test</t:EmailAddress></t:Mailbox>' +
        '</t:DistinguishedFolderId></m:ParentFolderIds></m:FindFolder>',
    );
    expect(raw.text).toContain('<m:ResponseCode>ErrorAccessDenied</m:ResponseCode>');
  });

  it('a Default shape gives name and counts; a missing Traversal fails schema validation', async () => {
    const raw = await postSoap(
      emulator,
      '<m:FindFolder Traversal="Shallow"><m:FolderShape><t:BaseShape>Default</t:BaseShape>' +
        '</m:FolderShape><m:ParentFolderIds><t:FolderId Id="AAMkFldTeam"/></m:ParentFolderIds>' +
        '</m:FindFolder>',
    );
    expect(raw.text).toMatch(
      /<t:CalendarFolder><t:FolderId Id="AAMkFldOnCall" ChangeKey="[^"]+"\/><t:DisplayName>On call<\/t:DisplayName><t:TotalCount>0<\/t:TotalCount><t:ChildFolderCount>0<\/t:ChildFolderCount><\/t:CalendarFolder>/,
    );
    const invalid = await postSoap(
      emulator,
      '<m:FindFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape>' +
        '<m:ParentFolderIds><t:FolderId Id="AAMkFldTeam"/></m:ParentFolderIds></m:FindFolder>',
    );
    expect(invalid.status).toBe(500);
    expect(invalid.text).toContain('ErrorSchemaValidation');
  });
});

describe('GetFolder and folder controls', () => {
  it('binds the Calendar by name to its id; a renamed folder has a new name and ChangeKey', async () => {
    const bound = await Folder.Bind(ews, WellKnownFolderName.Calendar, shape());
    const listed = await find(root(), FolderTraversal.Deep);
    expect(listed.folders.find((f) => f.name === 'Calendar')?.id).toBe(bound.Id.UniqueId);
    const before = await Folder.Bind(ews, new FolderId('AAMkFldSide'), shape());
    emulator.state.renameFolder(ALICE, 'AAMkFldSide', 'Side projects');
    const after = await Folder.Bind(ews, new FolderId('AAMkFldSide'), shape());
    expect(after.DisplayName).toBe('Side projects');
    expect(after.Id.ChangeKey).not.toBe(before.Id.ChangeKey);
  });

  it('the control API makes, renames, lists and deletes folders (a default one stays)', async () => {
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${emulator.url}/__control/mailboxes/${ALICE}${path}`, {
        method,
        ...(body === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
    };
    const made = await call('POST', '/folders', { displayName: 'Deals', parent: 'msgfolderroot' });
    expect(made).toMatchObject({
      status: 201,
      body: { displayName: 'Deals', folderClass: 'IPF.Appointment' },
    });
    const id = (made.body as { id: string }).id;
    expect((await call('PATCH', `/folders/${id}`, { displayName: 'Big deals' })).status).toBe(200);
    const listed = (await call('GET', '/folders')).body as { folders: { displayName: string }[] };
    expect(listed.folders.map((f) => f.displayName)).toContain('Big deals');
    expect((await call('DELETE', `/folders/${id}`)).status).toBe(204);
    expect((await call('DELETE', `/folders/${id}`)).status).toBe(404);
    const calendarId = (await Folder.Bind(ews, WellKnownFolderName.Calendar, shape())).Id.UniqueId;
    expect((await call('DELETE', `/folders/${calendarId}`)).status).toBe(400);
  });
});
