/**
 * A mailbox with more calendar folders than one FindFolder page holds (FOLDER_PAGE, 250), and
 * more mail folders than that too, against the EWS emulator: listCalendars reads every page of
 * calendar folders, each from where the one before ended, so a calendar folder past the first
 * page is listed, and those below Deleted Items (at any depth) are still left out. Reading the
 * first page alone, or every page from offset 0, would miss it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  startExchangeEmulator,
  type CalendarFolderInput,
  type RunningExchangeEmulator,
} from '../../emulators/exchange/index.js';
import { ALICE, buildItem, buildSeed } from '../../emulators/exchange/test-kit.js';
import { ExchangeClient } from '../../src/providers/exchange/exchange-client.js';
import { FOLDER_PAGE } from '../../src/providers/exchange/exchange-folders.js';
import { ExchangeProvider } from '../../src/providers/exchange/exchange-provider.js';
import type { ProviderConnection } from '../../src/providers/provider.js';
import { BASIC } from '../support/exchange-mailbox.js';

/** Calendar folders inside a mail folder: more than a page, listed before the folders below. */
const MANY = FOLDER_PAGE + 10;

let emulator: RunningExchangeEmulator;
let connection: ProviderConnection;
const provider = new ExchangeProvider(new ExchangeClient());

beforeAll(async () => {
  const seed = buildSeed([buildItem({ id: 'AAMkMain', subject: 'Main' })]);
  const mail: CalendarFolderInput[] = Array.from({ length: 300 }, (_, i) => ({
    id: `AAMkFldMail${i}`,
    displayName: `Mail ${i}`,
    parent: 'inbox',
    folderClass: 'IPF.Note',
  }));
  const rooms: CalendarFolderInput[] = Array.from({ length: MANY }, (_, i) => ({
    id: `AAMkFldRoom${i}`,
    displayName: `Room ${i}`,
    parent: 'AAMkFldRooms',
  }));
  // The deep listing goes depth first in the order folders were made: the Inbox's subfolders
  // come right after it, then the Calendar's, Deleted Items' and the root's own.
  seed.mailboxes[0]!.folders = [
    { id: 'AAMkFldNear', displayName: 'Near', parent: 'inbox' },
    ...mail,
    { id: 'AAMkFldRooms', displayName: 'Rooms', parent: 'inbox', folderClass: 'IPF.Note' },
    ...rooms,
    { id: 'AAMkFldTeam', displayName: 'Team holidays' },
    { id: 'AAMkFldBinned', displayName: 'Binned', parent: 'deleteditems' },
    // Deleted with the mail folder it sat in: still below Deleted Items, if not directly.
    { id: 'AAMkFldOld', displayName: 'Old mail', parent: 'deleteditems', folderClass: 'IPF.Note' },
    { id: 'AAMkFldOldCal', displayName: 'Old calendar', parent: 'AAMkFldOld' },
    { id: 'AAMkFldFar', displayName: 'Far away', parent: 'msgfolderroot' },
  ];
  emulator = await startExchangeEmulator({ protocol: 'http', seed });
  const settings = { serverUrl: emulator.ewsUrl, version: 'Exchange2013_SP1', email: ALICE };
  connection = { id: 'paging', secrets: BASIC, settings };
});
afterAll(() => emulator.close());

it('lists the calendar folders of every FindFolder page, and not those in Deleted Items', async () => {
  emulator.state.resetOperationCounts();
  const listed = await provider.listCalendars(connection);
  expect(listed.map((c) => c.providerCalendarId)).toEqual([
    'calendar',
    'AAMkFldNear',
    ...Array.from({ length: MANY }, (_, i) => `AAMkFldRoom${i}`),
    'AAMkFldTeam',
    'AAMkFldFar',
  ]);
  // Calendar folders only: two pages from msgfolderroot (the mail folders are not read), one
  // below Deleted Items.
  expect(emulator.state.operationCounts()['FindFolder']).toBe(3);
});
