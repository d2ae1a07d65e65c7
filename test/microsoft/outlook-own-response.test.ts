/**
 * The owner's own response to a meeting. Graph gives it as the event's responseStatus (contract
 * §2.2, "the owner's own response"); on an invitee's copy the owner's entry in `attendees` need
 * not carry it (status none while responseStatus says declined). A meeting the owner declined must
 * not look unanswered: a declined meeting does not block the owner's time, an unanswered one does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startMicrosoftEmulator,
  type RunningMicrosoftEmulator,
} from '../../emulators/microsoft/index.js';
import type { GraphEventInput, GraphResponse } from '../../emulators/microsoft/types.js';
import { blocksTime } from '../../src/domain/conflicts/blocking.js';
import { makeConflictEvent } from '../../src/domain/conflicts/make-event.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import { openHarness, type MicrosoftHarness } from './harness.js';

const ALICE = 'alice@contoso.test';
const BOB = 'bob@contoso.test';
const CAL = 'cal-alice';
const NEVER = '0001-01-01T00:00:00Z';
const utc = (local: string) => ({ dateTime: `${local}.0000000`, timeZone: 'UTC' });

/** Bob's meeting on Alice's calendar: her entry says none, responseStatus her answer. */
function invitation(id: string, day: string, response: GraphResponse): GraphEventInput {
  return {
    id,
    subject: `Meeting ${id}`,
    start: utc(`2026-03-${day}T14:00:00`),
    end: utc(`2026-03-${day}T15:00:00`),
    organizer: { emailAddress: { name: 'Bob', address: BOB } },
    attendees: [
      {
        emailAddress: { name: 'Alice', address: ALICE },
        type: 'required',
        status: { response: 'none', time: NEVER },
      },
      {
        emailAddress: { name: 'Carol', address: 'carol@contoso.test' },
        type: 'optional',
        status: { response: 'accepted', time: '2026-02-19T10:00:00Z' },
      },
    ],
    responseStatus: { response, time: '2026-02-20T10:00:00Z' },
  };
}

function ownEntry(event: CalendarEvent | undefined) {
  return event?.attendees.find((a) => a.email === ALICE);
}

describe("Outlook: the owner's own response (responseStatus)", () => {
  let emulator: RunningMicrosoftEmulator;
  let harness: MicrosoftHarness;

  beforeAll(async () => {
    emulator = await startMicrosoftEmulator({
      now: () => new Date('2026-03-01T00:00:00Z'),
      seed: {
        users: [
          {
            email: ALICE,
            name: 'Alice Example',
            calendars: [
              {
                id: CAL,
                name: 'Calendar',
                isDefaultCalendar: true,
                events: [
                  invitation('AAMkDeclined', '03', 'declined'),
                  invitation('AAMkMaybe', '04', 'tentativelyAccepted'),
                  invitation('AAMkUnknown', '05', 'none'),
                ],
              },
            ],
          },
          { email: BOB, name: 'Bob Example' },
        ],
      },
    });
    harness = await openHarness(emulator, { user: ALICE });
    await harness.sync(CAL);
  });
  afterAll(async () => {
    await harness.close();
    await emulator.close();
  });

  const byId = async (id: string) =>
    (await harness.events(CAL)).find((e) => e.providerEventId === id);

  it('a meeting the owner declined is stored declined for the owner, and blocks no time', async () => {
    const event = await byId('AAMkDeclined');
    expect(ownEntry(event)?.responseStatus).toBe('declined');
    // Everyone else keeps their own answer.
    expect(event?.attendees.find((a) => a.email === 'carol@contoso.test')?.responseStatus).toBe(
      'accepted',
    );
    const asConflict = makeConflictEvent({
      id: event!.providerEventId,
      owner: ALICE,
      start: Date.parse(event!.start),
      end: Date.parse(event!.end),
      organizer: event!.organizer,
      attendees: event!.attendees,
    });
    expect(blocksTime(asConflict)).toBe(false);
  });

  it('a tentative answer is tentative; none says nothing', async () => {
    expect(ownEntry(await byId('AAMkMaybe'))?.responseStatus).toBe('tentative');
    expect(ownEntry(await byId('AAMkUnknown'))?.responseStatus).toBe('needsAction');
  });

  it('an answer given later in Outlook reaches the store through delta', async () => {
    emulator.state.updateEvent(CAL, 'AAMkUnknown', {
      responseStatus: { response: 'declined', time: '2026-03-01T00:00:00Z' },
    });
    await harness.sync(CAL);
    expect(harness.runs.at(-1)!.every((mode) => mode === 'delta')).toBe(true);
    expect(ownEntry(await byId('AAMkUnknown'))?.responseStatus).toBe('declined');
  });
});
