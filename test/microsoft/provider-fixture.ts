/**
 * The Graph emulator the Microsoft provider's tests run against (microsoft-provider*.test.ts):
 * Alice's two calendars seeded with zones, all-day events, a series and a Teams meeting, Bob as a
 * second user, and each test's harness closed after it.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import {
  startMicrosoftEmulator,
  type GraphEventInput,
  type RunningMicrosoftEmulator,
} from '../../emulators/microsoft/index.js';
import { SyncError } from '../../src/sync/sync-engine.js';
import { openHarness, type MicrosoftHarness } from './harness.js';

export const ALICE = 'alice@contoso.test';
export const BOB = 'bob@contoso.test';
export const CAL = 'cal-alice';
export const OTHER = 'cal-alice-2';
/** The emulator's clock (tokens, subscriptions, series horizon). */
export const EMULATOR_NOW = new Date('2026-03-01T00:00:00Z');
export const TEAMS = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0';

export const berlin = (local: string) => ({
  dateTime: `${local}.0000000`,
  timeZone: 'W. Europe Standard Time',
});
export const utc = (local: string) => ({ dateTime: `${local}.0000000`, timeZone: 'UTC' });

function seedEvents(): GraphEventInput[] {
  return [
    {
      id: 'AAMkDiscovery',
      subject: 'Discovery call: Fabrikam',
      start: berlin('2026-03-02T10:00:00'),
      end: berlin('2026-03-02T11:00:00'),
      organizer: { emailAddress: { name: 'Bob Example', address: BOB } },
      attendees: [
        {
          emailAddress: { name: 'Alice Example', address: ALICE },
          type: 'required',
          status: { response: 'none', time: '0001-01-01T00:00:00Z' },
        },
        {
          emailAddress: { name: 'Buyer', address: 'buyer@fabrikam.com' },
          type: 'optional',
          status: { response: 'accepted', time: '2026-02-20T10:00:00Z' },
        },
      ],
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      onlineMeeting: { joinUrl: TEAMS },
      body: {
        contentType: 'html',
        content: `<html><body><p>Agenda</p><a href="${TEAMS}">Join</a></body></html>`,
      },
    },
    {
      id: 'AAMkReview',
      subject: 'Pricing review',
      start: utc('2026-03-03T09:00:00'),
      end: utc('2026-03-03T10:00:00'),
      showAs: 'free',
    },
    {
      id: 'AAMkOffsite',
      subject: 'Offsite',
      isAllDay: true,
      start: berlin('2026-03-05T00:00:00'),
      end: berlin('2026-03-07T00:00:00'),
    },
    {
      id: 'AAMkWeekly',
      subject: 'Weekly',
      start: berlin('2026-03-04T08:00:00'),
      end: berlin('2026-03-04T08:30:00'),
      recurrence: {
        pattern: {
          type: 'weekly',
          interval: 1,
          daysOfWeek: ['wednesday'],
          firstDayOfWeek: 'sunday',
        },
        range: {
          type: 'numbered',
          numberOfOccurrences: 3,
          startDate: '2026-03-04',
          recurrenceTimeZone: 'W. Europe Standard Time',
        },
      },
    },
    {
      id: 'AAMkLater',
      subject: 'After the window',
      start: utc('2026-06-01T09:00:00'),
      end: utc('2026-06-01T10:00:00'),
    },
  ];
}

/** Starts the emulator for the calling test file, resets it before each test; `emulator` once started. */
export function useProviderEmulator() {
  let emulator: RunningMicrosoftEmulator | undefined;
  const opened: MicrosoftHarness[] = [];
  const started = (): RunningMicrosoftEmulator => {
    if (!emulator) throw new Error('the Graph emulator is started in beforeAll');
    return emulator;
  };

  beforeAll(async () => {
    emulator = await startMicrosoftEmulator({
      now: () => EMULATOR_NOW,
      seed: {
        users: [
          {
            email: ALICE,
            name: 'Alice Example',
            calendars: [
              { id: CAL, name: 'Calendar', isDefaultCalendar: true, events: seedEvents() },
              {
                id: OTHER,
                name: 'Projects',
                events: [
                  {
                    id: 'AAMkProject',
                    subject: 'Project sync',
                    start: utc('2026-03-10T09:00:00'),
                    end: utc('2026-03-10T10:00:00'),
                  },
                ],
              },
            ],
          },
          { email: BOB, name: 'Bob Example' },
        ],
      },
      settings: { notificationRetryDelaysMs: [5, 10], deliveryTimeoutMs: 500 },
    });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  beforeEach(() => {
    started().state.reset();
  });

  afterEach(async () => {
    for (const harness of opened.splice(0)) await harness.close();
  });

  const harness = async (options: { writeAccess?: boolean; pageSize?: number } = {}) => {
    const opening = await openHarness(started(), { user: ALICE, ...options });
    opened.push(opening);
    return opening;
  };

  /** What the emulator's calendar view holds in the engine's window: `id|subject`. */
  function truth(calendarId: string): string[] {
    return started()
      .state.listTruth(calendarId)
      .filter((e) => e.start.dateTime < '2026-04-30' && e.end.dateTime > '2026-02-22')
      .map((e) => `${e.id}|${e.subject ?? ''}`)
      .sort();
  }

  async function stored(h: MicrosoftHarness, calendarId = CAL): Promise<string[]> {
    return (await h.events(calendarId)).map((e) => `${e.providerEventId}|${e.title}`).sort();
  }

  return {
    get emulator() {
      return started();
    },
    harness,
    truth,
    stored,
  };
}

/** The SyncError a sync ends with (anything else fails the test). */
export async function failureOf(promise: Promise<unknown>): Promise<SyncError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof SyncError)) throw new Error(`expected a SyncError, got ${String(error)}`);
  return error;
}
