/**
 * Who a calendar item invites, as Exchange keeps it: rooms and equipment in t:Resources beside
 * the required and optional attendees, and an exception (a modified occurrence) with attendee
 * lists of its own, which GetItem on the exception's ItemId returns. An occurrence that was not
 * modified has its master's lists; an exception whose lists were never set follows the master.
 */
import {
  Appointment,
  AppointmentSchema,
  AppointmentType,
  BasePropertySet,
  ItemId,
  MeetingResponseType,
  PropertySet,
  type AttendeeCollection,
  type ExchangeService,
} from 'ews-javascript-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchangeEmulator, type RunningExchangeEmulator } from './index.js';
import { ALICE, buildItem, buildSeed, ewsClient, postSoap } from './test-kit.js';

const FULL = new PropertySet(BasePropertySet.FirstClassProperties);
/** What the provider asks of an exception: IdOnly plus the attendee lists. */
const PEOPLE = new PropertySet(BasePropertySet.IdOnly, [
  AppointmentSchema.AppointmentType,
  AppointmentSchema.RequiredAttendees,
  AppointmentSchema.OptionalAttendees,
  AppointmentSchema.Resources,
  AppointmentSchema.MyResponseType,
]);

const BOB = { email: 'bob@fabrikam.test', name: 'Bob', response: 'Accept' } as const;
const CAROL = { email: 'carol@fabrikam.test', name: 'Carol', response: 'Tentative' } as const;
const ERIN = { email: 'erin@fabrikam.test', name: 'Erin', response: 'Decline' } as const;
const ROOM = { email: 'room-4@contoso.test', name: 'Room 4', response: 'Accept' } as const;
const BEAMER = { email: 'beamer@contoso.test', name: 'Beamer', response: 'Accept' } as const;

const list = (attendees: AttendeeCollection) =>
  attendees.GetEnumerator().map((a) => `${a.Address} ${MeetingResponseType[a.ResponseType]}`);

let emulator: RunningExchangeEmulator;
let ews: ExchangeService;

beforeAll(async () => {
  emulator = await startExchangeEmulator({
    protocol: 'http',
    seed: buildSeed([
      buildItem({
        id: 'AAMkRoomed',
        requiredAttendees: [BOB],
        resources: [ROOM, BEAMER],
      }),
      buildItem({ id: 'AAMkPlain', requiredAttendees: [BOB] }),
      buildItem({
        id: 'AAMkWeekly',
        subject: 'Weekly',
        start: '2026-03-02T09:00:00Z',
        end: '2026-03-02T09:30:00Z',
        requiredAttendees: [BOB, CAROL],
        resources: [ROOM],
        recurrence: {
          pattern: { type: 'Weekly', interval: 1, daysOfWeek: ['Monday'] },
          range: { type: 'Numbered', numberOfOccurrences: 4 },
        },
        modifiedOccurrences: [
          // Week 2: Carol left out, Erin asked (and declined), no room, Alice declined this one.
          {
            originalStart: '2026-03-09T09:00:00Z',
            start: '2026-03-09T09:00:00Z',
            end: '2026-03-09T09:30:00Z',
            requiredAttendees: [BOB],
            optionalAttendees: [ERIN],
            resources: [],
            myResponseType: 'Decline',
          },
          // Week 3: moved only; its people are the series'.
          {
            originalStart: '2026-03-16T09:00:00Z',
            start: '2026-03-16T11:00:00Z',
            end: '2026-03-16T11:30:00Z',
          },
        ],
      }),
    ]),
  });
  ews = ewsClient(emulator);
});
afterAll(() => emulator.close());

describe('t:Resources', () => {
  it('GetItem returns rooms and equipment in Resources, apart from the attendees', async () => {
    const item = await Appointment.Bind(ews, new ItemId('AAMkRoomed'), FULL);
    expect(list(item.RequiredAttendees)).toEqual(['bob@fabrikam.test Accept']);
    expect(list(item.Resources)).toEqual([
      'room-4@contoso.test Accept',
      'beamer@contoso.test Accept',
    ]);
    expect(item.IsMeeting).toBe(true);
  });

  it('writes Resources after the attendee lists (types.xsd order), and none when empty', async () => {
    const getItem = (id: string) =>
      postSoap(
        emulator,
        '<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape>' +
          `<m:ItemIds><t:ItemId Id="${id}"/></m:ItemIds></m:GetItem>`,
      );
    const { text } = await getItem('AAMkRoomed');
    const at = (name: string) => text.indexOf(`<t:${name}>`);
    expect(at('RequiredAttendees')).toBeGreaterThan(0);
    expect(at('Resources')).toBeGreaterThan(at('RequiredAttendees'));
    expect(at('Duration')).toBeGreaterThan(at('Resources'));
    const plain = await getItem('AAMkPlain');
    expect(plain.text).toContain('<t:CalendarItem>');
    expect(plain.text).not.toContain('<t:Resources>');
  });
});

describe('an exception with people of its own', () => {
  const exceptionIds = async () => {
    const master = await Appointment.Bind(ews, new ItemId('AAMkWeekly'), FULL);
    return master.ModifiedOccurrences.GetEnumerator().map((o) => o.ItemId);
  };

  it("GetItem on the exception's ItemId gives its own attendees, resources and answer", async () => {
    const [week2] = await exceptionIds();
    const exception = await Appointment.Bind(ews, week2!, PEOPLE);
    expect(exception.AppointmentType).toBe(AppointmentType.Exception);
    expect(list(exception.RequiredAttendees)).toEqual(['bob@fabrikam.test Accept']);
    expect(list(exception.OptionalAttendees)).toEqual(['erin@fabrikam.test Decline']);
    expect(list(exception.Resources)).toEqual([]);
    expect(MeetingResponseType[exception.MyResponseType]).toBe('Decline');
  });

  it("a moved-only exception and a plain occurrence have the master's people", async () => {
    const [, week3] = await exceptionIds();
    const moved = await Appointment.Bind(ews, week3!, PEOPLE);
    expect(list(moved.RequiredAttendees)).toEqual([
      'bob@fabrikam.test Accept',
      'carol@fabrikam.test Tentative',
    ]);
    expect(list(moved.Resources)).toEqual(['room-4@contoso.test Accept']);
    const plain = await Appointment.BindToOccurrence(ews, new ItemId('AAMkWeekly'), 1, PEOPLE);
    expect(plain.AppointmentType).toBe(AppointmentType.Occurrence);
    expect(list(plain.RequiredAttendees)).toEqual([
      'bob@fabrikam.test Accept',
      'carol@fabrikam.test Tentative',
    ]);
    expect(MeetingResponseType[plain.MyResponseType]).toBe('Organizer');
  });

  it('the master keeps its own lists', async () => {
    const master = await Appointment.Bind(ews, new ItemId('AAMkWeekly'), PEOPLE);
    expect(list(master.RequiredAttendees)).toEqual([
      'bob@fabrikam.test Accept',
      'carol@fabrikam.test Tentative',
    ]);
    expect(list(master.OptionalAttendees)).toEqual([]);
  });

  it('the control API sets one occurrence apart (an Update of the master, new ChangeKey)', async () => {
    const before = (await emulator.state.items(ALICE)).find((i) => i.id === 'AAMkWeekly');
    const response = await fetch(
      `${emulator.url}/__control/mailboxes/${ALICE}/items/AAMkWeekly/occurrences/modify`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          originalStart: '2026-03-23T09:00:00Z',
          start: '2026-03-23T09:00:00Z',
          end: '2026-03-23T09:30:00Z',
          requiredAttendees: [BOB, CAROL, { ...ERIN, response: 'Accept' }],
        }),
      },
    );
    expect(response.status).toBe(200);
    const after = (await emulator.state.items(ALICE)).find((i) => i.id === 'AAMkWeekly');
    expect(after?.changeKey).not.toBe(before?.changeKey);
    const week4 = (await exceptionIds())[2];
    const exception = await Appointment.Bind(ews, week4!, PEOPLE);
    expect(list(exception.RequiredAttendees)).toEqual([
      'bob@fabrikam.test Accept',
      'carol@fabrikam.test Tentative',
      'erin@fabrikam.test Accept',
    ]);
    // Lists it did not set follow the master.
    expect(list(exception.Resources)).toEqual(['room-4@contoso.test Accept']);
  });
});

describe('FindItem', () => {
  it('lists the exception in a calendar view without recipient lists, as Exchange does', async () => {
    const { text } = await postSoap(
      emulator,
      '<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape>' +
        '</m:ItemShape><m:CalendarView StartDate="2026-03-09T00:00:00Z" ' +
        'EndDate="2026-03-10T00:00:00Z"/><m:ParentFolderIds>' +
        '<t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>',
    );
    expect(text).toContain('<t:CalendarItemType>Exception</t:CalendarItemType>');
    expect(text).toContain('<t:IsMeeting>true</t:IsMeeting>');
    expect(text).not.toContain('<t:RequiredAttendees>');
    expect(text).not.toContain('<t:OptionalAttendees>');
    expect(text).not.toContain('<t:Resources>');
  });
});

describe('operation counts', () => {
  it('counts the EWS operations each mailbox was asked for', async () => {
    emulator.state.resetOperationCounts();
    await Appointment.Bind(ews, new ItemId('AAMkRoomed'), PEOPLE);
    await Appointment.Bind(ews, new ItemId('AAMkWeekly'), PEOPLE);
    expect(emulator.state.operationCounts()).toEqual({ GetItem: 2 });
  });
});
