/**
 * Pull subscriptions to another person's Calendar (op-notifications.ts): a Reviewer delegate
 * subscribes with the owner's address on the folder id and reads the owner's events; no grant,
 * free/busy only, another folder than the Calendar and an unknown address are refused with the
 * response messages EWS gives; folders of two mailboxes in one Subscribe are
 * ErrorInvalidSubscriptionRequest; a permission withdrawn makes the subscription's GetEvents
 * ErrorAccessDenied; only its creator may use a subscription; and a server set to have no
 * delegate subscriptions answers as Exchange 2007 does.
 */
import {
  EventType,
  FolderId,
  Mailbox,
  WellKnownFolderName,
  type ExchangeService,
} from 'ews-javascript-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startExchangeEmulator, type RunningExchangeEmulator } from './index.js';
import {
  ALICE,
  buildItem,
  buildSeed,
  calendarFolder,
  ewsClient,
  failure,
  postSoap,
} from './test-kit.js';

const BOSS = 'boss@contoso.test';
const BOSS_PASSWORD = 'Boss-Secret-1';

let emulator: RunningExchangeEmulator;
let ews: ExchangeService;

beforeAll(async () => {
  const seed = buildSeed([buildItem({ id: 'AAMkAliceOwn' })]);
  seed.mailboxes.push({
    email: BOSS,
    name: 'Bea Boss',
    username: 'boss',
    password: BOSS_PASSWORD,
    items: [buildItem({ id: 'AAMkBossBoard', subject: 'Board meeting' })],
  });
  emulator = await startExchangeEmulator({ protocol: 'http', seed });
  ews = ewsClient(emulator);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.state.reset());

const bossCalendar = () => new FolderId(WellKnownFolderName.Calendar, new Mailbox(BOSS));

const subscribe = (folders: FolderId[]) =>
  ews.SubscribeToPullNotifications(
    folders,
    30,
    null as unknown as string,
    EventType.Created,
    EventType.Modified,
    EventType.Deleted,
  );

/** The raw Subscribe answer for one folder id, as XML. */
const rawSubscribe = (folderXml: string) =>
  postSoap(
    emulator,
    '<m:Subscribe><m:PullSubscriptionRequest><t:FolderIds>' +
      folderXml +
      '</t:FolderIds><t:EventTypes><t:EventType>CreatedEvent</t:EventType></t:EventTypes>' +
      '<t:Timeout>30</t:Timeout></m:PullSubscriptionRequest></m:Subscribe>',
  );

const calendarOf = (address: string, id = 'calendar') =>
  `<t:DistinguishedFolderId Id="${id}"><t:Mailbox><t:EmailAddress>${address}` +
  '</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>';

const subscribeError = (text: string) =>
  /<m:SubscribeResponseMessage ResponseClass="Error"><m:MessageText>[^<]+<\/m:MessageText><m:ResponseCode>(\w+)<\/m:ResponseCode><m:DescriptiveLinkKey>0<\/m:DescriptiveLinkKey><\/m:SubscribeResponseMessage>/.exec(
    text,
  )?.[1];

describe('a Reviewer delegate', () => {
  beforeEach(() => emulator.state.grantDelegate(BOSS, ALICE, 'reviewer'));

  it("reads the owner's Calendar events, and not their own", async () => {
    const subscription = await subscribe([bossCalendar()]);
    emulator.state.addItem(ALICE, buildItem({ id: 'AAMkAliceNew' }));
    emulator.state.addItem(BOSS, buildItem({ id: 'AAMkBossNew' }));
    emulator.state.deleteItem(BOSS, 'AAMkBossBoard');
    const result = await subscription.GetEvents();
    expect(result.ItemEvents.map((e) => [EventType[e.EventType], e.ItemId.UniqueId])).toEqual([
      ['Created', 'AAMkBossNew'],
      ['Deleted', 'AAMkBossBoard'],
    ]);
    const bossFolder = emulator.state.folders(BOSS).find((f) => f.distinguished === 'calendar')?.id;
    expect(bossFolder).toBeTruthy();
    expect(result.ItemEvents[0]?.ParentFolderId.UniqueId).toBe(bossFolder);
    await subscription.Unsubscribe();
  });

  it('may not subscribe to a folder of the owner other than the Calendar', async () => {
    expect(subscribeError((await rawSubscribe(calendarOf(BOSS, 'inbox'))).text)).toBe(
      'ErrorAccessDenied',
    );
  });

  it('may not name folders of two mailboxes in one subscription', async () => {
    const mixed = await failure(subscribe([calendarFolder(), bossCalendar()]));
    expect(mixed.code).toBe('ErrorInvalidSubscriptionRequest');
  });

  it('is refused the events once the permission is withdrawn, and a new subscription', async () => {
    const subscription = await subscribe([bossCalendar()]);
    emulator.state.revokeDelegate(BOSS, ALICE);
    emulator.state.addItem(BOSS, buildItem({ id: 'AAMkBossSecret' }));
    expect((await failure(subscription.GetEvents())).code).toBe('ErrorAccessDenied');
    expect((await failure(subscribe([bossCalendar()]))).code).toBe('ErrorAccessDenied');
  });

  it('only its creator may read or end a subscription', async () => {
    const subscription = await subscribe([bossCalendar()]);
    const boss = ewsClient(emulator, { kind: 'basic', user: 'boss', password: BOSS_PASSWORD });
    const read = await failure(boss.GetEvents(subscription.Id, subscription.Watermark));
    expect(read.code).toBe('ErrorSubscriptionAccessDenied');
    expect((await subscription.GetEvents()).ItemEvents).toEqual([]);
  });
});

describe('refused', () => {
  it('without a grant, free/busy only, or an unknown address, in the shape EWS answers', async () => {
    const denied = await rawSubscribe(calendarOf(BOSS));
    expect(denied.status).toBe(200);
    expect(subscribeError(denied.text)).toBe('ErrorAccessDenied');
    expect(denied.text).not.toContain('SubscriptionId');
    emulator.state.grantDelegate(BOSS, ALICE, 'freeBusy');
    expect(subscribeError((await rawSubscribe(calendarOf(BOSS))).text)).toBe('ErrorAccessDenied');
    const nobody = await rawSubscribe(calendarOf('nobody@contoso.test'));
    expect(subscribeError(nobody.text)).toBe('ErrorNonExistentMailbox');
    const gone = await rawSubscribe('<t:FolderId Id="AAMkNoSuchFolder"/>');
    expect(subscribeError(gone.text)).toBe('ErrorFolderNotFound');
  });

  it('as delegate subscriptions, by a server that has none (Exchange 2007)', async () => {
    emulator.state.grantDelegate(BOSS, ALICE, 'reviewer');
    emulator.state.updateSettings({ delegateSubscriptions: false });
    const unsupported = await rawSubscribe(calendarOf(BOSS));
    expect(subscribeError(unsupported.text)).toBe('ErrorSubscriptionDelegateAccessNotSupported');
    expect((await rawSubscribe(calendarOf(ALICE))).text).toContain('ResponseClass="Success"');
  });

  it('naming their own mailbox is their own Calendar', async () => {
    const own = await rawSubscribe(calendarOf(ALICE.toUpperCase()));
    expect(own.text).toContain('<m:SubscribeResponseMessage ResponseClass="Success">');
  });
});
