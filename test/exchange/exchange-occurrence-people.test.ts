/**
 * Who each Exchange meeting invites, as the store keeps it: rooms and equipment Exchange lists in
 * t:Resources are attendees flagged as resources (never external people), and an exception of a
 * series (one week with someone added or left out, or answered apart) has its own attendees and
 * answers, read by GetItem on the exception's ItemId in the batches the provider already sends.
 */
import { describe, expect, it } from 'vitest';
import { startExchangeEmulator } from '../../emulators/exchange/index.js';
import { ALICE, buildItem, buildSeed } from '../../emulators/exchange/test-kit.js';
import type { CalendarItemInput } from '../../emulators/exchange/types.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import { buildCrmIndex } from '../../src/domain/matching/crm.js';
import { matchMeeting } from '../../src/domain/matching/match-meeting.js';
import { BASIC, useSyncedMailbox } from '../support/exchange-mailbox.js';
import { openHarness } from './harness.js';

const BOB = { email: 'bob@fabrikam.test', name: 'Bob', response: 'Accept' } as const;
const CAROL = { email: 'carol@fabrikam.test', name: 'Carol', response: 'Tentative' } as const;
const ERIN = { email: 'erin@northwind.test', name: 'Erin', response: 'Decline' } as const;
/** A customer's boardroom: at an outside domain, and named like no room. */
const BOARDROOM = {
  email: 'boardroom@fabrikam.test',
  name: 'Boardroom',
  response: 'Accept',
} as const;
const ROOM = { email: 'room-4@contoso.test', name: 'Room 4', response: 'Accept' } as const;

const WEEKLY: CalendarItemInput = buildItem({
  id: 'AAMkWeekly',
  subject: 'Fabrikam weekly',
  start: '2026-03-02T09:00:00Z',
  end: '2026-03-02T09:30:00Z',
  requiredAttendees: [BOB, CAROL],
  resources: [ROOM],
  recurrence: {
    pattern: { type: 'Weekly', interval: 1, daysOfWeek: ['Monday'] },
    range: { type: 'Numbered', numberOfOccurrences: 4 },
  },
  modifiedOccurrences: [
    // Week 2: Carol left out, Erin asked (she declined), no room; Alice declined this one.
    {
      originalStart: '2026-03-09T09:00:00Z',
      start: '2026-03-09T09:00:00Z',
      end: '2026-03-09T09:30:00Z',
      requiredAttendees: [BOB, { email: ALICE, name: 'Alice', response: 'Unknown' }],
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
});

const people = (event: CalendarEvent | undefined) =>
  (event?.attendees ?? []).map(
    (a) =>
      `${a.email} ${a.responseStatus}${a.optional ? ' optional' : ''}${a.resource ? ' resource' : ''}`,
  );

describe('Exchange: resources and per-occurrence attendees', () => {
  const mailbox = useSyncedMailbox([
    buildItem({
      id: 'AAMkRoomed',
      subject: 'Pricing at Fabrikam',
      start: '2026-03-03T14:00:00Z',
      end: '2026-03-03T15:00:00Z',
      requiredAttendees: [BOB],
      resources: [BOARDROOM],
    }),
    WEEKLY,
  ]);

  it('stores a room from Resources as a resource attendee, never an external person', async () => {
    const event = await mailbox.byId('AAMkRoomed');
    expect(people(event)).toEqual([
      'bob@fabrikam.test accepted',
      'boardroom@fabrikam.test accepted resource',
    ]);
    const match = matchMeeting(
      { organizer: event!.organizer, attendees: event!.attendees, calendarOwner: ALICE },
      buildCrmIndex({ internalDomains: ['contoso.test'] }),
    );
    expect(match.externals.map((p) => p.email)).toEqual(['bob@fabrikam.test']);
  });

  it("gives each instance of a series its series' people, and an exception its own", async () => {
    expect(people(await mailbox.byId('AAMkWeekly::2026-03-02T09:00:00Z'))).toEqual([
      'bob@fabrikam.test accepted',
      'carol@fabrikam.test tentative',
      'room-4@contoso.test accepted resource',
    ]);
    // Carol left out and Erin asked for week 2 only; Alice's own answer to it is hers.
    expect(people(await mailbox.byId('AAMkWeekly::2026-03-09T09:00:00Z'))).toEqual([
      'bob@fabrikam.test accepted',
      'alice@contoso.test declined',
      'erin@northwind.test declined optional',
    ]);
    // Moved only: the series' people.
    expect(people(await mailbox.byId('AAMkWeekly::2026-03-16T09:00:00Z'))).toEqual([
      'bob@fabrikam.test accepted',
      'carol@fabrikam.test tentative',
      'room-4@contoso.test accepted resource',
    ]);
  });

  it('a change to one occurrence’s people reaches that instance alone on the next sync', async () => {
    mailbox.emulator.state.resetOperationCounts();
    mailbox.emulator.state.modifyOccurrence(ALICE, 'AAMkWeekly', '2026-03-23T09:00:00Z', {
      start: '2026-03-23T09:00:00Z',
      end: '2026-03-23T09:30:00Z',
      requiredAttendees: [BOB, CAROL, { ...ERIN, response: 'Accept' }],
    });
    await mailbox.harness.sync();
    expect(people(await mailbox.byId('AAMkWeekly::2026-03-23T09:00:00Z'))).toEqual([
      'bob@fabrikam.test accepted',
      'carol@fabrikam.test tentative',
      'erin@northwind.test accepted',
      'room-4@contoso.test accepted resource',
    ]);
    expect(people(await mailbox.byId('AAMkWeekly::2026-03-02T09:00:00Z'))).toEqual([
      'bob@fabrikam.test accepted',
      'carol@fabrikam.test tentative',
      'room-4@contoso.test accepted resource',
    ]);
    // One SyncFolderItems, one GetItem for the master, one for its three exceptions.
    expect(mailbox.emulator.state.operationCounts()).toEqual({ SyncFolderItems: 1, GetItem: 2 });
  });
});

describe('Exchange: requests per sync with exceptions', () => {
  /** Ten weekly series with two exceptions each in the window, and twenty single meetings. */
  function mailbox(): CalendarItemInput[] {
    const items: CalendarItemInput[] = [];
    for (let s = 0; s < 10; s++) {
      const at = (week: number, minutes: number) =>
        new Date(Date.UTC(2026, 2, 2 + 7 * week, 8 + s, minutes)).toISOString();
      items.push(
        buildItem({
          id: `AAMkSeries${s}`,
          start: at(0, 0),
          end: at(0, 30),
          requiredAttendees: [BOB, CAROL],
          recurrence: {
            pattern: { type: 'Weekly', interval: 1, daysOfWeek: ['Monday'] },
            range: { type: 'Numbered', numberOfOccurrences: 6 },
          },
          modifiedOccurrences: [1, 3].map((week) => ({
            originalStart: at(week, 0),
            start: at(week, 0),
            end: at(week, 30),
            requiredAttendees: week === 1 ? [BOB] : [BOB, CAROL, ERIN],
          })),
        }),
      );
    }
    for (let i = 0; i < 20; i++)
      items.push(
        buildItem({
          id: `AAMkSingle${i}`,
          start: new Date(Date.UTC(2026, 2, 3 + i, 14)).toISOString(),
          end: new Date(Date.UTC(2026, 2, 3 + i, 15)).toISOString(),
          requiredAttendees: [BOB],
          resources: [ROOM],
        }),
      );
    return items;
  }

  it('reads the exceptions in batches: a fixed number of GetItem calls, not one per exception', async () => {
    const emulator = await startExchangeEmulator({
      protocol: 'http',
      seed: buildSeed(mailbox()),
    });
    const harness = await openHarness(emulator, { secrets: BASIC });
    try {
      emulator.state.resetOperationCounts();
      await harness.sync();
      // 30 items in one GetItem, their 20 exceptions in another.
      expect(emulator.state.operationCounts()).toEqual({ SyncFolderItems: 1, GetItem: 2 });
      const events = await harness.events();
      expect(events).toHaveLength(80);
      const week1 = events.find((e) => e.providerEventId === 'AAMkSeries0::2026-03-09T08:00:00Z');
      expect(people(week1)).toEqual(['bob@fabrikam.test accepted']);
    } finally {
      await harness.close();
      await emulator.close();
    }
  });
});
