/**
 * Another person's Calendar through the Exchange provider, against the EWS emulator's permission
 * table: resolving it says at once whether it can be synced (no mailbox, no permission, free/busy
 * only); listCalendars gives the added ones that still open, named with their owner's address;
 * fetchChanges reads the owner's items with the owner's own answers; and a permission withdrawn
 * makes that calendar `gone`, while the connection's own Calendar syncs on; its own pull
 * subscription reports the owner's changes until Exchange refuses it.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import {
  startExchangeEmulator,
  type RunningExchangeEmulator,
} from '../../emulators/exchange/index.js';
import { ALICE, buildItem, buildSeed } from '../../emulators/exchange/test-kit.js';
import { ExchangeClient } from '../../src/providers/exchange/exchange-client.js';
import {
  ExchangeProvider,
  SharedCalendarRefused,
} from '../../src/providers/exchange/exchange-provider.js';
import {
  ProviderError,
  type ProviderConnection,
  type RemoteCalendar,
} from '../../src/providers/provider.js';
import { BASIC } from '../support/exchange-mailbox.js';
import { BOSS, bossMailbox } from '../support/exchange-shared.js';

let emulator: RunningExchangeEmulator;
const provider = new ExchangeProvider(new ExchangeClient());
let connection: ProviderConnection;
const window = { from: new Date('2026-02-22T00:00:00Z'), to: new Date('2026-04-30T00:00:00Z') };

beforeAll(async () => {
  const seed = buildSeed([buildItem({ id: 'AAMkOwn', subject: 'Own standup' })]);
  seed.mailboxes.push(
    bossMailbox([
      buildItem({
        id: 'AAMkBoard',
        subject: 'Board meeting',
        organizer: { email: 'chair@fabrikam.test' },
        requiredAttendees: [{ email: BOSS, response: 'Unknown' }],
        myResponseType: 'Accept',
      }),
    ]),
  );
  emulator = await startExchangeEmulator({ protocol: 'http', seed });
  const settings = {
    serverUrl: emulator.ewsUrl,
    version: 'Exchange2013_SP1',
    email: ALICE,
    sharedMailboxes: [BOSS, 'bob@contoso.test'],
  };
  connection = { id: 'shared', secrets: BASIC, settings };
});
afterAll(() => emulator.close());
beforeEach(() => emulator.state.reset());

const calendarOf = (id: string): RemoteCalendar => ({
  providerCalendarId: id,
  name: id,
  timeZone: null,
  isPrimary: id === 'calendar',
});

async function read(calendarId: string) {
  const request = { connection, calendar: calendarOf(calendarId), cursor: null, window };
  const events = [];
  for await (const page of provider.fetchChanges(request))
    events.push(...page.upserts.map((u) => u.event));
  return events;
}

async function refusal(address: string): Promise<SharedCalendarRefused> {
  const error = await provider.resolveSharedCalendar(connection, address).catch((e: unknown) => e);
  if (!(error instanceof SharedCalendarRefused)) throw new Error(`not refused: ${String(error)}`);
  return error;
}

it('resolves a Calendar shared with Reviewer as the owner’s address, named with it', async () => {
  expect(await provider.resolveSharedCalendar(connection, BOSS)).toEqual({
    providerCalendarId: BOSS,
    name: `Calendar (${BOSS})`,
    timeZone: null,
    isPrimary: false,
  });
});

it('refuses, with the reason, an unknown address, no permission and free/busy only', async () => {
  expect(await refusal('boss@contoso.tst')).toMatchObject({
    reason: 'mailbox_not_found',
    ewsCode: 'ErrorNonExistentMailbox',
  });
  expect(await refusal('bob@contoso.test')).toMatchObject({
    reason: 'access_denied',
    ewsCode: 'ErrorAccessDenied',
  });
  emulator.state.grantDelegate('bob@contoso.test', ALICE, 'freeBusy');
  const freeBusy = await refusal('bob@contoso.test');
  expect(freeBusy).toMatchObject({ reason: 'free_busy_only', ewsCode: 'ErrorAccessDenied' });
  expect(freeBusy.message).toMatch(/free\/busy only/);
});

it('lists the shared Calendars that open after the mailbox’s own folders', async () => {
  const listed = await provider.listCalendars(connection);
  // Bob never shared his: it is left out, as a folder deleted since would be.
  expect(listed.map((c) => c.providerCalendarId)).toEqual(['calendar', BOSS]);
  emulator.state.revokeDelegate(BOSS, ALICE);
  expect((await provider.listCalendars(connection)).map((c) => c.providerCalendarId)).toEqual([
    'calendar',
  ]);
});

it('reads the owner’s items, with the owner’s own answer, and not the user’s', async () => {
  const events = await read(BOSS);
  expect(events.map((e) => e.title)).toEqual(['Board meeting']);
  expect(events[0]?.attendees).toContainEqual(
    expect.objectContaining({ email: BOSS, responseStatus: 'accepted' }),
  );
  expect((await read('calendar')).map((e) => e.title)).toEqual(['Own standup']);
});

it('a permission withdrawn is `gone` for that calendar; the own Calendar still reads', async () => {
  emulator.state.revokeDelegate(BOSS, ALICE);
  const error = await read(BOSS).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  expect(error).toMatchObject({ kind: 'gone' });
  expect((error as Error).message).toMatch(/no longer opens the calendar of boss@contoso\.test/);
  expect((await read('calendar')).map((e) => e.title)).toEqual(['Own standup']);
});

it('watches the shared Calendar with a subscription of its own, refused once withdrawn', async () => {
  const made = await provider.watchShared(connection, BOSS, null);
  if (made.state !== 'watching') throw new Error(`refused: ${made.code}`);
  expect(made).toMatchObject({ changed: true, subscription: { calendarIds: [BOSS] } });
  const quiet = await provider.watchShared(connection, BOSS, made.subscription);
  expect(quiet).toMatchObject({ state: 'watching', changed: false });
  emulator.state.addItem(BOSS, buildItem({ id: 'AAMkBudget', subject: 'Budget review' }));
  const moved = await provider.watchShared(connection, BOSS, made.subscription);
  expect(moved).toMatchObject({ state: 'watching', changed: true });

  // Timed out: a new one, reported as a change (what happened meanwhile is unknown).
  emulator.state.expireSubscriptions();
  const renewed = await provider.watchShared(connection, BOSS, made.subscription);
  if (renewed.state !== 'watching') throw new Error(`refused: ${renewed.code}`);
  expect(renewed.changed).toBe(true);
  expect(renewed.subscription.subscriptionId).not.toBe(made.subscription.subscriptionId);

  emulator.state.revokeDelegate(BOSS, ALICE);
  expect(await provider.watchShared(connection, BOSS, renewed.subscription)).toEqual({
    state: 'refused',
    code: 'ErrorAccessDenied',
  });
  expect(await provider.watchShared(connection, 'nobody@contoso.test', null)).toEqual({
    state: 'refused',
    code: 'ErrorNonExistentMailbox',
  });
});
