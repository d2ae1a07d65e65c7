import { describe, expect, it } from 'vitest';
import { availabilityFromEvents, isCopyOf } from './availability.js';
import { detectConflicts } from './detect.js';
import { makeConflictEvent, type ConflictEventInput } from './make-event.js';
import { conflictSettings } from './settings.js';
import type { BusyRange, ConflictEvent } from './types.js';
import { startOfDate } from './zones.js';

const ANA = 'ana@northwind.io';
const BEN = 'ben@northwind.io';
const NOW = Date.parse('2026-03-01T00:00:00Z');
const at = (day: number, time: string) => Date.parse(`2026-03-${day}T${time}:00Z`);
const ZONES: Record<string, string> = { [ANA]: 'Europe/Berlin', [BEN]: 'America/New_York' };
const settings = conflictSettings({
  internalDomains: ['northwind.io'],
  timeZoneOf: (email) => ZONES[email] ?? null,
});

const acme = (fields: Partial<ConflictEventInput> = {}) =>
  makeConflictEvent({
    id: 'acme',
    owner: ANA,
    title: 'Acme demo',
    start: at(10, '14:00'),
    end: at(10, '15:00'),
    organizer: { email: 'sam@acme.com' },
    attendees: [{ email: ANA, responseStatus: 'accepted' }, { email: 'sam@acme.com' }],
    meeting: {
      isSalesMeeting: true,
      confidence: 0.9,
      meetingType: 'demo',
      accountId: 'a',
      accountStage: 'demo',
    },
    ...fields,
  });

const review = (fields: Partial<ConflictEventInput> = {}) =>
  makeConflictEvent({
    id: 'review',
    owner: ANA,
    iCalUid: 'review@northwind.io',
    title: 'Pipeline review',
    start: at(10, '14:30'),
    end: at(10, '15:30'),
    organizer: { email: ANA },
    attendees: [
      { email: ANA, responseStatus: 'accepted' },
      { email: BEN, name: 'Ben', responseStatus: 'accepted' },
    ],
    ...fields,
  });

function detect(events: ConflictEvent[], all: ConflictEvent[] = events, now = NOW) {
  return detectConflicts(events, settings, availabilityFromEvents(all), now);
}

describe('overlap suggestions', () => {
  it('moves the lower-priority meeting to the next slot inside everyone’s working hours, in their own zones', () => {
    // Ana works 08:00-16:00 UTC (Berlin, winter time), Ben 13:00-21:00 UTC (New York, summer
    // time since 8 March): they share 13:00-16:00 UTC. Ben is busy 15:00-16:00 on the 10th.
    const bensCall = makeConflictEvent({
      id: 'ben-call',
      owner: BEN,
      title: 'Ben: customer call',
      start: at(10, '15:00'),
      end: at(10, '16:00'),
    });
    const events = [acme(), review()];
    const [conflict] = detect(events, [...events, bensCall]);
    const move = conflict?.suggestions.find((s) => s.action === 'reschedule');
    expect(move).toMatchObject({
      eventId: 'review',
      to: { start: at(11, '13:00'), end: at(11, '14:00') },
    });
    expect(move?.why).toBe(
      'move "Pipeline review" out of the way of "Acme demo": Wed 2026-03-11 14:00 (Europe/Berlin) is the next time you and Ben are free within working hours',
    );
  });

  it('ignores the moved meeting’s own place in colleagues’ calendars', () => {
    const early = { start: at(10, '13:00'), end: at(10, '14:00') };
    const bensCopy = review({ id: 'ben-review', owner: BEN, ...early });
    const events = [acme({ start: at(10, '13:00'), end: at(10, '13:30') }), review(early)];
    const move = detect(events, [...events, bensCopy])[0]?.suggestions.find(
      (s) => s.action === 'reschedule',
    );
    expect(move?.to).toEqual({ start: at(10, '13:30'), end: at(10, '14:30') });
  });

  it('counts the series’ other instances as busy: only this instance is the meeting moved', () => {
    // A daily review (one UID) collides on the 10th with a demo that fills the afternoon; on
    // the 11th Ana is busy until the review's instance at 14:30, which is not free time.
    const instance = (day: number) =>
      review({
        id: `review-${day}`,
        start: at(day, '14:30'),
        end: at(day, '15:30'),
        attendees: [{ email: ANA, responseStatus: 'accepted' }],
      });
    const workshop = acme({ id: 'workshop', start: at(11, '08:00'), end: at(11, '14:30') });
    const events = [acme({ end: at(10, '16:00') }), workshop, ...[10, 11, 12].map(instance)];
    const move = detect(events)
      .flatMap((c) => c.suggestions)
      .find((s) => s.action === 'reschedule' && s.eventId === 'review-10');
    expect(move?.to).toEqual({ start: at(12, '08:00'), end: at(12, '09:00') });
  });

  it('never suggests another instance’s own time: same UID, different start', () => {
    const copy = (id: string, start: string, end: string) =>
      review({ id, start: at(10, start), end: at(10, end), organizer: { email: ANA } });
    const first = copy('first', '09:00', '10:00');
    const moved = copy('moved', '09:30', '10:30');
    const moves = detect([first, moved])
      .flatMap((c) => c.suggestions)
      .filter((s) => s.action === 'reschedule');
    expect(moves.length).toBeGreaterThan(0);
    for (const s of moves) {
      const other = s.eventId === 'first' ? moved : first;
      expect(s.to!.start < other.end && s.to!.end > other.start).toBe(false);
    }
  });

  it('knows a copy of a moved instance by its original start', () => {
    const moved = review({
      start: at(10, '16:00'),
      end: at(10, '17:00'),
      originalStart: at(10, '14:30'),
    });
    const range = (fields: Partial<BusyRange>): BusyRange => ({
      start: at(10, '16:00'),
      end: at(10, '17:00'),
      eventId: 'ben-copy',
      iCalUid: moved.iCalUid,
      ...fields,
    });
    expect(isCopyOf(range({ originalStart: at(10, '14:30') }), moved)).toBe(true);
    expect(isCopyOf(range({ originalStart: at(11, '14:30') }), moved)).toBe(false);
    expect(isCopyOf(range({ iCalUid: 'other', originalStart: at(10, '14:30') }), moved)).toBe(
      false,
    );
    expect(isCopyOf(range({ iCalUid: null, eventId: moved.id }), moved)).toBe(true);
  });

  it('shortens the owner’s own meeting when the overlap is at one end, and delegates it to a colleague', () => {
    const [conflict] = detect([acme(), review({ end: at(10, '16:00') })]);
    const byAction = Object.fromEntries(conflict!.suggestions.map((s) => [s.action, s]));
    expect(conflict?.suggestions.map((s) => s.action)).toEqual([
      'reschedule',
      'shorten',
      'delegate',
    ]);
    expect(byAction.shorten).toMatchObject({
      eventId: 'review',
      to: { start: at(10, '15:00'), end: at(10, '16:00') },
    });
    expect(byAction.shorten?.why).toMatch(/^start it at Tue 2026-03-10 16:00 \(Europe\/Berlin\)/);
    expect(byAction.delegate).toMatchObject({ eventId: 'review', delegateTo: BEN });
  });

  it('never moves nor shortens a meeting someone else organises: a colleague covers or it is declined', () => {
    const CHLOE = 'chloe@northwind.io';
    const bensReview = review({
      end: at(10, '16:00'),
      organizer: { email: BEN },
      attendees: [
        { email: ANA, responseStatus: 'accepted' },
        { email: BEN, name: 'Ben', responseStatus: 'accepted' },
        { email: CHLOE, name: 'Chloe', responseStatus: 'needsAction' },
      ],
    });
    const [conflict] = detect([acme(), bensReview]);
    expect(conflict?.suggestions.map((s) => s.action)).toEqual(['delegate', 'decline']);
    const byAction = Object.fromEntries(conflict!.suggestions.map((s) => [s.action, s]));
    // Ben runs it: he cannot cover it for Ana, even as the one who accepted.
    expect(byAction.delegate).toMatchObject({ eventId: 'review', delegateTo: CHLOE });
    expect(byAction.decline?.why).toMatch(
      /decline "Pipeline review" \(priority \d+: .*\) and keep "Acme demo"/,
    );
  });

  it('never hands a meeting to its organiser: with nobody else invited, only a decline', () => {
    const bensReview = review({ organizer: { email: BEN } });
    const [conflict] = detect([acme(), bensReview]);
    expect(conflict?.suggestions.map((s) => `${s.action}:${s.eventId}`)).toEqual([
      'decline:review',
    ]);
  });

  it('does not decline a meeting the owner organises, nor shorten below half of it', () => {
    const [conflict] = detect([acme(), review({ start: at(10, '14:00'), end: at(10, '15:00') })]);
    expect(conflict?.suggestions.map((s) => s.action)).toEqual(['reschedule', 'delegate']);
  });

  it('releases an own hold that collides with a customer meeting: auto-resolvable', () => {
    const hold = makeConflictEvent({
      id: 'hold',
      owner: ANA,
      title: 'Focus time',
      start: at(10, '13:00'),
      end: at(10, '16:00'),
    });
    const [conflict] = detect([acme(), hold]);
    expect(conflict).toMatchObject({
      autoResolvable: true,
      suggestions: [{ action: 'release', eventId: 'hold' }],
    });
    expect(conflict?.suggestions[0]?.why).toMatch(/your own block with nobody else invited/);
  });

  it('is auto-resolvable only in that case and for duplicates', () => {
    const hold = makeConflictEvent({
      id: 'hold',
      owner: ANA,
      title: 'Focus time',
      start: at(10, '14:00'),
      end: at(10, '16:00'),
    });
    // A hold against an internal meeting: nobody outside waits, but nothing says which to keep.
    expect(detect([review(), hold])[0]?.autoResolvable).toBe(false);
    // A hold with a guest is not the owner's alone.
    const shared = makeConflictEvent({ ...hold, attendees: [{ email: BEN }] });
    expect(detect([acme(), shared])[0]?.autoResolvable).toBe(false);
    expect(detect([acme(), review()])[0]?.autoResolvable).toBe(false);
    // Two holds and one customer meeting: releasing both resolves it.
    const second = makeConflictEvent({ ...hold, id: 'hold-2', title: 'Placeholder' });
    expect(detect([acme(), hold, second])[0]?.autoResolvable).toBe(true);
  });

  it('on a calendar shared with the owner, advises only: no decline, no release, nothing automatic', () => {
    const sharedReview = review({ ownCalendar: false });
    const [meeting] = detect([acme(), sharedReview]);
    expect(meeting?.suggestions.map((s) => s.action)).toEqual([
      'reschedule',
      'shorten',
      'delegate',
    ]);
    // Ben's meeting there is his to move and not Ana's to decline: nothing to do, and nothing
    // of hers (her customer demo) is given up for it.
    const [bens] = detect([acme(), review({ organizer: { email: BEN }, ownCalendar: false })]);
    expect(bens?.suggestions).toEqual([]);
    const hold = makeConflictEvent({
      id: 'hold',
      owner: ANA,
      title: 'Focus time',
      start: at(10, '13:00'),
      end: at(10, '16:00'),
      ownCalendar: false,
    });
    const [held] = detect([acme(), hold]);
    expect(held?.autoResolvable).toBe(false);
    expect(held?.suggestions.map((s) => s.action)).not.toContain('release');
    expect(held?.suggestions.map((s) => s.action)).not.toContain('decline');
  });

  it('releases a hold only for a meeting on the owner’s own calendar that they take part in', () => {
    const hold = makeConflictEvent({
      id: 'hold',
      owner: ANA,
      title: 'Focus time',
      start: at(10, '13:00'),
      end: at(10, '16:00'),
    });
    // A colleague's customer meeting on their calendar, shared with Ana: Ana is not invited.
    const bensAcme = acme({
      organizer: { email: BEN },
      attendees: [{ email: BEN, responseStatus: 'accepted' }, { email: 'sam@acme.com' }],
      ownCalendar: false,
    });
    const [shared] = detect([bensAcme, hold]);
    expect(shared?.autoResolvable).toBe(false);
    expect(shared?.suggestions.map((s) => s.action)).not.toContain('release');
    // Even with Ana on the guest list, a copy on someone else's calendar is not hers to act on.
    const [sharedInvited] = detect([acme({ ownCalendar: false }), hold]);
    expect(sharedInvited?.autoResolvable).toBe(false);
    expect(sharedInvited?.suggestions.map((s) => s.action)).not.toContain('release');
    // On her own calendar but not naming her (forwarded, or she was removed): no release either.
    const notNamed = acme({ attendees: [{ email: 'sam@acme.com' }] });
    const [unnamed] = detect([notNamed, hold]);
    expect(unnamed?.autoResolvable).toBe(false);
    expect(unnamed?.suggestions.map((s) => s.action)).not.toContain('release');
  });

  it('releases by itself only for a firm meeting: suggests it for an invitation not accepted', () => {
    const hold = makeConflictEvent({
      id: 'hold',
      owner: ANA,
      title: 'Focus time',
      start: at(10, '13:00'),
      end: at(10, '16:00'),
    });
    const invited = (me: { responseStatus: 'needsAction' | 'tentative'; optional?: boolean }) =>
      acme({ attendees: [{ email: ANA, ...me }, { email: 'sam@acme.com' }] });
    for (const invite of [
      invited({ responseStatus: 'needsAction' }),
      invited({ responseStatus: 'tentative' }),
      invited({ responseStatus: 'needsAction', optional: true }),
      acme({ attendees: [{ email: ANA, responseStatus: 'accepted', optional: true }] }),
      acme({ status: 'tentative' }),
    ]) {
      const [conflict] = detect([invite, hold]);
      expect(conflict?.autoResolvable).toBe(false);
      // Still there for the owner to apply by hand.
      expect(conflict?.suggestions.map((s) => s.action)).toContain('release');
    }
    // A customer meeting the owner organises is firm without an answer of their own.
    const organised = acme({ organizer: { email: ANA }, attendees: [{ email: 'sam@acme.com' }] });
    expect(detect([organised, hold])[0]?.autoResolvable).toBe(true);
  });

  it('does not move a personal block out of the way of the owner’s own out-of-office', () => {
    const away = makeConflictEvent({
      id: 'ooo',
      owner: ANA,
      title: 'Out of office',
      allDay: true,
      timeZone: 'Europe/Berlin',
      start: startOfDate('2026-03-09', 'Europe/Berlin'),
      end: startOfDate('2026-03-14', 'Europe/Berlin'),
    });
    const personal = (id: string, title: string, seriesId: string | null = null) =>
      makeConflictEvent({
        id,
        owner: ANA,
        title,
        seriesId,
        start: at(10, '11:30'),
        end: at(10, '12:30'),
      });
    for (const block of [personal('kids', 'Kids pickup'), personal('focus', 'Focus time', 's')]) {
      const [conflict] = detect([away, block]);
      // Still reported: the contract's overlap; only nothing to do about it.
      expect(conflict).toMatchObject({ kind: 'overlap', eventIds: [block.id, 'ooo'].sort() });
      expect(conflict?.suggestions).toEqual([]);
    }
    // A meeting with others during it is still moved (Ana's) or declined (someone else's).
    expect(detect([away, review()])[0]?.suggestions.map((s) => s.action)).toContain('reschedule');
    const bens = review({ organizer: { email: BEN } });
    expect(detect([away, bens])[0]?.suggestions.map((s) => s.action)).toEqual(['decline']);
  });

  it('does not decline a meeting the owner is not invited to', () => {
    const theirs = review({
      organizer: { email: BEN },
      attendees: [{ email: BEN, responseStatus: 'accepted' }],
    });
    const [conflict] = detect([acme(), theirs]);
    expect(conflict?.suggestions.map((s) => s.action)).not.toContain('decline');
  });

  it('suggests nothing for conflicts that are over', () => {
    const [conflict] = detect([acme(), review()], undefined, at(11, '00:00'));
    expect(conflict?.suggestions).toEqual([]);
  });
});

describe('overlap severity', () => {
  it('is high for firm events, medium with an all-day busy event, low when tentative', () => {
    expect(detect([acme(), review()])[0]?.severity).toBe('high');
    const offsite = makeConflictEvent({
      id: 'offsite',
      owner: ANA,
      title: 'Sales offsite',
      allDay: true,
      timeZone: 'Europe/Berlin',
      start: startOfDate('2026-03-10', 'Europe/Berlin'),
      end: startOfDate('2026-03-11', 'Europe/Berlin'),
    });
    const withOffsite = detect([acme(), offsite])[0];
    expect(withOffsite?.severity).toBe('medium');
    expect(withOffsite?.reasons).toContain('"Sales offsite" is an all-day event marked busy');
    const maybe = review({ attendees: [{ email: ANA, responseStatus: 'tentative' }] });
    expect(detect([acme(), maybe])[0]?.severity).toBe('low');
    const reminder = makeConflictEvent({ ...offsite, id: 'reminder', transparency: 'transparent' });
    expect(detect([acme(), reminder])).toEqual([]);
  });

  it('is one conflict for a three-way overlap, two for a chain whose ends do not meet', () => {
    const third = (start: string, end: string) =>
      makeConflictEvent({
        id: 'third',
        owner: ANA,
        title: '1:1',
        start: at(10, start),
        end: at(10, end),
      });
    const all = detect([acme(), review(), third('14:45', '15:15')]);
    expect(all.map((c) => c.eventIds)).toEqual([['acme', 'review', 'third']]);
    expect(all[0]?.reasons[0]).toBe('3 events all overlap for 15 min');
    expect([all[0]?.start, all[0]?.end]).toEqual([at(10, '14:45'), at(10, '15:00')]);
    // Acme ends at 15:00, before the 1:1 starts: Acme and the 1:1 do not conflict.
    const chain = detect([acme(), review(), third('15:15', '15:45')]);
    expect(chain.map((c) => [c.eventIds, c.start, c.end])).toEqual([
      [['acme', 'review'], at(10, '14:30'), at(10, '15:00')],
      [['review', 'third'], at(10, '15:15'), at(10, '15:30')],
    ]);
  });
});
