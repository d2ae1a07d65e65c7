/**
 * The Exchange provider over calendar folders, against the EWS emulator: listCalendars gives the
 * Calendar (id `calendar`) and every other IPF.Appointment folder, wherever it sits, but not one
 * in Deleted Items nor a folder of another class; fetchChanges reads the folder its calendar
 * names; a deleted folder is `gone`; a subscription naming a folder deleted since watches the rest
 * (the Calendar when none is left) and names the calendars it left out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startExchangeEmulator,
  type RunningExchangeEmulator,
} from '../../emulators/exchange/index.js';
import { ALICE, buildItem, buildSeed } from '../../emulators/exchange/test-kit.js';
import { ExchangeClient } from '../../src/providers/exchange/exchange-client.js';
import { ExchangeProvider } from '../../src/providers/exchange/exchange-provider.js';
import {
  ProviderError,
  type ProviderConnection,
  type RemoteCalendar,
} from '../../src/providers/provider.js';
import { BASIC } from '../support/exchange-mailbox.js';

let emulator: RunningExchangeEmulator;
const provider = new ExchangeProvider(new ExchangeClient());
let connection: ProviderConnection;
const window = { from: new Date('2026-02-22T00:00:00Z'), to: new Date('2026-04-30T00:00:00Z') };

beforeAll(async () => {
  const seed = buildSeed([
    buildItem({ id: 'AAMkMain', subject: 'Main' }),
    buildItem({ id: 'AAMkOnCall', subject: 'On call week', folderId: 'AAMkFldOnCall' }),
  ]);
  seed.mailboxes[0]!.folders = [
    { id: 'AAMkFldTeam', displayName: 'Team holidays' },
    { id: 'AAMkFldOnCall', displayName: 'On call', parent: 'AAMkFldTeam' },
    { id: 'AAMkFldSide', displayName: 'Side project', parent: 'msgfolderroot' },
    { id: 'AAMkFldBinned', displayName: 'Binned', parent: 'deleteditems' },
    { id: 'AAMkFldUnder', displayName: 'Under binned', parent: 'AAMkFldBinned' },
    { id: 'AAMkFldNews', displayName: 'Newsletters', parent: 'inbox', folderClass: 'IPF.Note' },
  ];
  emulator = await startExchangeEmulator({ protocol: 'http', seed });
  const settings = { serverUrl: emulator.ewsUrl, version: 'Exchange2013_SP1', email: ALICE };
  connection = { id: 'folders', secrets: BASIC, settings };
});
afterAll(() => emulator.close());

const calendarOf = (id: string): RemoteCalendar => ({
  providerCalendarId: id,
  name: id,
  timeZone: null,
  isPrimary: id === 'calendar',
});

async function titles(calendarId: string): Promise<string[]> {
  const found: string[] = [];
  const request = { connection, calendar: calendarOf(calendarId), cursor: null, window };
  for await (const page of provider.fetchChanges(request))
    found.push(...page.upserts.map((u) => u.event.title));
  return found.sort();
}

describe('Exchange calendar folders', () => {
  it('lists the Calendar first, then every other calendar folder of the mailbox', async () => {
    const listed = await provider.listCalendars(connection);
    expect(listed[0]).toEqual({
      providerCalendarId: 'calendar',
      name: 'Calendar',
      timeZone: null,
      isPrimary: true,
    });
    expect(listed.slice(1).map((c) => [c.providerCalendarId, c.name, c.isPrimary])).toEqual([
      ['AAMkFldTeam', 'Team holidays', false],
      ['AAMkFldOnCall', 'On call', false],
      ['AAMkFldSide', 'Side project', false],
    ]);
  });

  it('syncs the folder a calendar names, and a deleted folder is gone', async () => {
    expect(await titles('calendar')).toEqual(['Main']);
    expect(await titles('AAMkFldOnCall')).toEqual(['On call week']);
    expect(await titles('AAMkFldSide')).toEqual([]);
    emulator.state.deleteFolder(ALICE, 'AAMkFldSide');
    const error = await titles('AAMkFldSide').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('gone');
  });

  it('a subscription naming a folder deleted since watches the calendars still there', async () => {
    const made = emulator.state.createFolder(ALICE, { displayName: 'Short-lived' });
    emulator.state.deleteFolder(ALICE, made.id);
    const { subscription, dropped } = await provider.subscribe(connection, [
      'calendar',
      'AAMkFldTeam',
      made.id,
    ]);
    expect(subscription.calendarIds).toEqual(['calendar', 'AAMkFldTeam']);
    expect(dropped).toEqual([made.id]);
    emulator.state.addItem(ALICE, buildItem({ subject: 'Team lunch', folderId: 'AAMkFldTeam' }));
    expect((await provider.poll(connection, subscription)).changed).toBe(true);
  });

  it('a subscription to one folder deleted since watches the Calendar and says which is gone', async () => {
    const made = emulator.state.createFolder(ALICE, { displayName: 'Only one' });
    emulator.state.deleteFolder(ALICE, made.id);
    const { subscription, dropped } = await provider.subscribe(connection, [made.id]);
    expect(subscription.calendarIds).toEqual(['calendar']);
    expect(dropped).toEqual([made.id]);
    emulator.state.addItem(ALICE, buildItem({ subject: 'Standup' }));
    expect(await provider.poll(connection, subscription)).toMatchObject({
      changed: true,
      dropped: [],
    });
  });
});
