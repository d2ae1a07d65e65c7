/**
 * Another person's Calendar through explicit access (a t:Mailbox on the folder id) and the ids it
 * gives (implicit access), as the owner's permission table allows: Reviewer reads everything,
 * free/busy only opens the folder and a view of times, no grant and no mailbox are refused with
 * the response messages EWS gives (ResponseClass="Error", ErrorAccessDenied,
 * ErrorNonExistentMailbox).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startExchangeEmulator, type RunningExchangeEmulator } from './index.js';
import { ALICE, buildItem, buildSeed, postSoap } from './test-kit.js';

const BOSS = 'boss@contoso.test';
const BOB = 'bob@contoso.test';

let emulator: RunningExchangeEmulator;

beforeAll(async () => {
  const seed = buildSeed([buildItem({ id: 'AAMkAliceOwn' })]);
  seed.mailboxes.push({
    email: BOSS,
    name: 'Bea Boss',
    password: 'Boss-Secret-1',
    items: [buildItem({ id: 'AAMkBossBoard', subject: 'Board meeting', location: 'HQ' })],
  });
  emulator = await startExchangeEmulator({ protocol: 'http', seed });
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(() => {
  emulator.state.reset();
});

const calendarOf = (address: string) =>
  `<t:DistinguishedFolderId Id="calendar"><t:Mailbox><t:EmailAddress>${address}` +
  '</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>';

const getFolder = (folderXml: string) =>
  postSoap(
    emulator,
    '<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape>' +
      `<m:FolderIds>${folderXml}</m:FolderIds></m:GetFolder>`,
  );

const syncFolder = (folderXml: string) =>
  postSoap(
    emulator,
    '<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>' +
      `<m:SyncFolderId>${folderXml}</m:SyncFolderId>` +
      '<m:MaxChangesReturned>10</m:MaxChangesReturned></m:SyncFolderItems>',
  );

const findItems = (folderXml: string) =>
  postSoap(
    emulator,
    '<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape>' +
      '</m:ItemShape><m:CalendarView StartDate="2026-03-01T00:00:00Z" ' +
      'EndDate="2026-03-08T00:00:00Z"/>' +
      `<m:ParentFolderIds>${folderXml}</m:ParentFolderIds></m:FindItem>`,
  );

const getItem = (id: string) =>
  postSoap(
    emulator,
    '<m:GetItem><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape>' +
      `<m:ItemIds><t:ItemId Id="${id}"/></m:ItemIds></m:GetItem>`,
  );

const errorOf = (text: string, operation: string) =>
  new RegExp(
    `<m:${operation}ResponseMessage ResponseClass="Error"><m:MessageText>[^<]+</m:MessageText>` +
      '<m:ResponseCode>(\\w+)</m:ResponseCode>',
  ).exec(text)?.[1];

describe('a Reviewer delegate', () => {
  beforeEach(() => emulator.state.grantDelegate(BOSS, ALICE, 'reviewer'));

  it('opens the Calendar by its owner, syncs it and reads its items by id', async () => {
    const folder = await getFolder(calendarOf(BOSS));
    expect(folder.status).toBe(200);
    expect(folder.text).toContain('ResponseClass="Success"');
    expect(folder.text).toMatch(/<t:CalendarFolder><t:FolderId Id="AAMkCal/);
    expect(folder.text).toContain('<t:DisplayName>Calendar</t:DisplayName>');
    const sync = await syncFolder(calendarOf(BOSS));
    expect(sync.text).toContain('<t:ItemId Id="AAMkBossBoard"');
    expect(sync.text).not.toContain('AAMkAliceOwn');
    const item = await getItem('AAMkBossBoard');
    expect(item.text).toContain('<t:Subject>Board meeting</t:Subject>');
    // The FolderId GetFolder gave works alone (implicit access), as EWS lets a delegate use it.
    const id = /<t:FolderId Id="([^"]+)"/.exec(folder.text)?.[1] ?? '';
    const byId = await syncFolder(`<t:FolderId Id="${id}"/>`);
    expect(byId.text).toContain('<t:ItemId Id="AAMkBossBoard"');
  });

  it('opens no folder of the owner but the Calendar', async () => {
    const inbox = await getFolder(calendarOf(BOSS).replace('"calendar"', '"inbox"'));
    expect(errorOf(inbox.text, 'GetFolder')).toBe('ErrorAccessDenied');
  });

  it('is refused everything once the owner withdraws the permission', async () => {
    emulator.state.revokeDelegate(BOSS, ALICE);
    expect(errorOf((await getFolder(calendarOf(BOSS))).text, 'GetFolder')).toBe(
      'ErrorAccessDenied',
    );
    const sync = await syncFolder(calendarOf(BOSS));
    expect(errorOf(sync.text, 'SyncFolderItems')).toBe('ErrorAccessDenied');
    expect(sync.text).toContain('<m:SyncState></m:SyncState>');
    expect(errorOf((await getItem('AAMkBossBoard')).text, 'GetItem')).toBe('ErrorAccessDenied');
  });
});

describe('without a grant', () => {
  it('another mailbox is ErrorAccessDenied and an unknown address ErrorNonExistentMailbox', async () => {
    const denied = await getFolder(calendarOf(BOB));
    expect(denied.status).toBe(200);
    expect(errorOf(denied.text, 'GetFolder')).toBe('ErrorAccessDenied');
    expect(denied.text).toContain('<m:Folders/></m:GetFolderResponseMessage>');
    const missing = await getFolder(calendarOf('nobody@contoso.test'));
    expect(errorOf(missing.text, 'GetFolder')).toBe('ErrorNonExistentMailbox');
    expect(missing.text).toContain(
      '<m:MessageText>The SMTP address has no mailbox associated with it.</m:MessageText>',
    );
    expect(errorOf((await findItems(calendarOf(BOSS))).text, 'FindItem')).toBe('ErrorAccessDenied');
    expect(errorOf((await getItem('AAMkBossBoard')).text, 'GetItem')).toBe('ErrorAccessDenied');
  });

  it('the caller naming their own mailbox is their own Calendar', async () => {
    const own = await syncFolder(calendarOf(ALICE.toUpperCase()));
    expect(own.text).toContain('<t:ItemId Id="AAMkAliceOwn"');
  });
});

describe('free/busy only', () => {
  beforeEach(() => emulator.state.grantDelegate(BOSS, ALICE, 'freeBusy'));

  it('opens the folder and shows times, but nothing of the items can be read', async () => {
    expect((await getFolder(calendarOf(BOSS))).text).toContain('ResponseClass="Success"');
    const view = await findItems(calendarOf(BOSS));
    expect(view.text).toContain('<t:LegacyFreeBusyStatus>Busy</t:LegacyFreeBusyStatus>');
    expect(view.text).toContain('<t:Start>2026-03-02T09:00:00Z</t:Start>');
    expect(view.text).not.toContain('Board meeting');
    expect(view.text).not.toContain('HQ');
    expect(errorOf((await syncFolder(calendarOf(BOSS))).text, 'SyncFolderItems')).toBe(
      'ErrorAccessDenied',
    );
    expect(errorOf((await getItem('AAMkBossBoard')).text, 'GetItem')).toBe('ErrorAccessDenied');
  });
});
