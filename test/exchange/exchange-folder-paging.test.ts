/**
 * A mailbox with more folders than one FindFolder page holds (FOLDER_PAGE, 250), against the EWS
 * emulator: listCalendars reads every page, each from where the one before ended, so a calendar
 * folder past the first page is listed (and one under Deleted Items past it is still left out).
 * Reading the first page alone, or every page from offset 0, would miss it.
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

/** Mail folders under the Inbox: more than a page, listed before the folders below. */
const MAIL_FOLDERS = FOLDER_PAGE + 50;

let emulator: RunningExchangeEmulator;
let connection: ProviderConnection;
const provider = new ExchangeProvider(new ExchangeClient());

beforeAll(async () => {
  const seed = buildSeed([buildItem({ id: 'AAMkMain', subject: 'Main' })]);
  const mail: CalendarFolderInput[] = Array.from({ length: MAIL_FOLDERS }, (_, i) => ({
    id: `AAMkFldMail${i}`,
    displayName: `Mail ${i}`,
    parent: 'inbox',
    folderClass: 'IPF.Note',
  }));
  // The deep listing goes depth first in the order folders were made: the Inbox's subfolders
  // come right after it, then the Calendar's, Deleted Items' and the root's own.
  seed.mailboxes[0]!.folders = [
    { id: 'AAMkFldNear', displayName: 'Near', parent: 'inbox' },
    ...mail,
    { id: 'AAMkFldTeam', displayName: 'Team holidays' },
    { id: 'AAMkFldBinned', displayName: 'Binned', parent: 'deleteditems' },
    { id: 'AAMkFldFar', displayName: 'Far away', parent: 'msgfolderroot' },
  ];
  emulator = await startExchangeEmulator({ protocol: 'http', seed });
  const settings = { serverUrl: emulator.ewsUrl, version: 'Exchange2013_SP1', email: ALICE };
  connection = { id: 'paging', secrets: BASIC, settings };
});
afterAll(() => emulator.close());

it('lists the calendar folders of every FindFolder page', async () => {
  emulator.state.resetOperationCounts();
  const listed = await provider.listCalendars(connection);
  expect(listed.map((c) => [c.providerCalendarId, c.name])).toEqual([
    ['calendar', 'Calendar'],
    ['AAMkFldNear', 'Near'],
    ['AAMkFldTeam', 'Team holidays'],
    ['AAMkFldFar', 'Far away'],
  ]);
  // The root's default folders, the seeded ones: two pages of FOLDER_PAGE.
  expect(emulator.state.operationCounts()['FindFolder']).toBe(2);
});
