/**
 * The mailbox owner's own answer to a meeting. EWS gives it as MyResponseType (contract §3.4); on
 * an invitee's copy the owner's entry in the attendee lists need not carry it (Unknown while
 * MyResponseType says Decline). A meeting the owner declined must not look unanswered: a
 * declined meeting does not block the owner's time, an unanswered one does.
 */
import { describe, expect, it } from 'vitest';
import { ALICE, buildItem } from '../../emulators/exchange/test-kit.js';
import { blocksTime } from '../../src/domain/conflicts/blocking.js';
import { makeConflictEvent } from '../../src/domain/conflicts/make-event.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import { useSyncedMailbox } from '../support/exchange-mailbox.js';

const BOB = { email: 'bob@contoso.test', name: 'Bob' };

function ownEntry(event: CalendarEvent | undefined) {
  return event?.attendees.find((a) => a.email === ALICE);
}

describe("Exchange: the owner's own answer (MyResponseType)", () => {
  const mailbox = useSyncedMailbox([
    buildItem({
      id: 'AAMkDeclined',
      subject: 'Vendor pitch',
      start: '2026-03-03T14:00:00Z',
      end: '2026-03-03T15:00:00Z',
      organizer: BOB,
      requiredAttendees: [
        { email: ALICE, name: 'Alice', response: 'Unknown' },
        { email: 'carol@contoso.test', name: 'Carol', response: 'Accept' },
      ],
      myResponseType: 'Decline',
    }),
    buildItem({
      id: 'AAMkMaybe',
      subject: 'Roadmap',
      start: '2026-03-04T14:00:00Z',
      end: '2026-03-04T15:00:00Z',
      organizer: BOB,
      optionalAttendees: [{ email: ALICE, name: 'Alice', response: 'Unknown' }],
      myResponseType: 'Tentative',
    }),
    // A weekly series Alice accepted: every instance carries her answer.
    buildItem({
      id: 'AAMkWeekly',
      subject: 'Sync with Bob',
      start: '2026-03-02T10:00:00Z',
      end: '2026-03-02T10:30:00Z',
      organizer: BOB,
      requiredAttendees: [{ email: ALICE, name: 'Alice', response: 'Unknown' }],
      myResponseType: 'Accept',
      recurrence: {
        pattern: { type: 'Weekly', interval: 1, daysOfWeek: ['Monday'] },
        range: { type: 'Numbered', numberOfOccurrences: 3 },
      },
    }),
  ]);

  it('a meeting the owner declined is stored declined for the owner, and blocks no time', async () => {
    const event = await mailbox.byId('AAMkDeclined');
    expect(ownEntry(event)?.responseStatus).toBe('declined');
    // The other attendees keep their own answers.
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

  it('a tentative answer reaches an optional entry', async () => {
    const entry = ownEntry(await mailbox.byId('AAMkMaybe'));
    expect(entry).toMatchObject({ responseStatus: 'tentative', optional: true });
  });

  it("every instance of a series carries the owner's answer to the series", async () => {
    const instances = (await mailbox.harness.events()).filter((e) => e.seriesId === 'AAMkWeekly');
    expect(instances).toHaveLength(3);
    expect(instances.map((e) => ownEntry(e)?.responseStatus)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
  });

  it('an answer changed in Exchange reaches the store on the next sync', async () => {
    mailbox.emulator.state.updateItem(ALICE, 'AAMkDeclined', { myResponseType: 'Accept' });
    await mailbox.harness.sync();
    expect(ownEntry(await mailbox.byId('AAMkDeclined'))?.responseStatus).toBe('accepted');
  });
});
