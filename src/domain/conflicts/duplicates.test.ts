import { describe, expect, it } from 'vitest';
import { busyRangeOf, isCopyOf, NO_AVAILABILITY } from './availability.js';
import { detectConflicts } from './detect.js';
import { makeConflictEvent, type ConflictEventInput } from './make-event.js';
import { conflictSettings } from './settings.js';

const ANA = 'ana@northwind.io';
const NOW = Date.parse('2026-03-01T00:00:00Z');
const settings = conflictSettings({ internalDomains: ['northwind.io'] });
const at = (time: string) => Date.parse(`2026-03-10T${time}:00Z`);

const people = [
  { email: ANA, responseStatus: 'accepted' as const },
  { email: 'sam@acme.com', responseStatus: 'accepted' as const },
];

function copy(id: string, fields: Partial<ConflictEventInput> = {}) {
  return makeConflictEvent({
    id,
    owner: ANA,
    title: 'Acme renewal',
    start: at('15:00'),
    end: at('16:00'),
    attendees: people,
    organizer: { email: 'sam@acme.com' },
    ...fields,
  });
}

const detect = (events: ReturnType<typeof copy>[]) =>
  detectConflicts(events, settings, NO_AVAILABILITY, NOW);

describe('duplicate conflicts', () => {
  it('the same iCalendar UID on two calendars (Google and an ICS feed) is one duplicate, not an overlap', () => {
    const google = copy('google-1', {
      calendarId: 'google:primary',
      iCalUid: 'abc@acme.com',
      conferenceUrl: 'https://zoom.us/j/9',
    });
    const feed = copy('ics-7', {
      calendarId: 'ics:work-feed',
      iCalUid: 'abc@acme.com',
      title: 'Acme renewal (copy)',
    });
    const conflicts = detect([feed, google]);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      key: `duplicate:${ANA}:google-1,ics-7`,
      kind: 'duplicate',
      eventIds: ['google-1', 'ics-7'],
      severity: 'medium',
      autoResolvable: true,
      suggestions: [{ action: 'merge', eventId: 'ics-7', keepEventId: 'google-1' }],
    });
    // Without the calendars' names, their ids are not shown: people do not know them.
    expect(conflicts[0]?.reasons[0]).toBe('the same meeting is on 2 of your calendars');
    const text = [...conflicts[0]!.reasons, ...conflicts[0]!.suggestions.map((s) => s.why)];
    for (const id of ['google:primary', 'ics:work-feed', 'google-1', 'ics-7'])
      expect(text.join(' ')).not.toContain(id);
  });

  it('names the calendars the copies are on, never their ids or the events’ ids', () => {
    const work = copy('8a1894d7-0000-4000-8000-000000000001', {
      calendarId: 'e06c31a6-0000-4000-8000-000000000001',
      calendarName: "Google 'Work'",
      iCalUid: 'abc@acme.com',
    });
    const mixed = copy('01a220ef-0000-4000-8000-000000000001', {
      calendarId: '5f0c31a6-0000-4000-8000-000000000001',
      calendarName: "ICS calendar 'Mixed'",
      iCalUid: 'abc@acme.com',
      conferenceUrl: 'https://zoom.us/j/9',
    });
    const [conflict] = detect([mixed, work]);
    // Told without the UID: by the calendars the copies are on.
    expect(conflict?.reasons[0]).toBe(
      "the same meeting is on 2 of your calendars: ICS calendar 'Mixed' and Google 'Work'",
    );
    expect(conflict?.reasons.join(' ')).not.toContain('abc@acme.com');
    expect(conflict?.suggestions).toEqual([
      expect.objectContaining({
        action: 'merge',
        eventId: work.id,
        keepEventId: mixed.id,
        why: "the same meeting twice: keep the copy on ICS calendar 'Mixed' and remove this one on Google 'Work'",
      }),
    ]);
    const text = [...conflict!.reasons, ...conflict!.suggestions.map((s) => s.why)].join(' ');
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
  });

  it('copies with different titles on one calendar are told apart by their titles', () => {
    const first = copy('a', { calendarId: 'c', calendarName: "Google 'Work'", iCalUid: 'u@x' });
    const second = copy('b', {
      calendarId: 'c',
      calendarName: "Google 'Work'",
      iCalUid: 'u@x',
      title: 'Acme renewal (copy)',
    });
    const [conflict] = detect([first, second]);
    expect(conflict?.reasons.join(' ')).not.toMatch(/calendars/);
    expect(conflict?.suggestions[0]?.why).toBe(
      'the same meeting twice: keep "Acme renewal" and remove this copy, "Acme renewal (copy)", both on Google \'Work\'',
    );
  });

  it('same title, time and attendees without a UID is a duplicate; case and rooms aside', () => {
    const a = copy('a');
    const b = copy('b', {
      title: '  acme RENEWAL ',
      attendees: [...people, { email: 'room-1@resource.calendar.google.com', resource: true }],
    });
    const [conflict] = detect([a, b]);
    expect(conflict).toMatchObject({
      kind: 'duplicate',
      eventIds: ['a', 'b'],
      autoResolvable: true,
    });
    expect(conflict?.reasons[0]).toMatch(/same title, time and attendees/);
  });

  it('is not fooled by instances of one series, other attendees or a cancelled copy', () => {
    const monday = copy('mon', { iCalUid: 'series@acme.com' });
    const tuesday = copy('tue', {
      iCalUid: 'series@acme.com',
      start: monday.start + 86_400_000,
      end: monday.end + 86_400_000,
    });
    expect(detect([monday, tuesday])).toEqual([]);
    const otherPeople = copy('other', { attendees: [people[0]!, { email: 'kim@acme.com' }] });
    expect(detect([copy('a'), otherPeople]).map((c) => c.kind)).toEqual(['overlap']);
    expect(detect([copy('a'), copy('b', { status: 'cancelled' })])).toEqual([]);
  });

  it('three copies are one conflict with two merges, and the kept copy still meets overlaps', () => {
    const copies = [copy('x1', { iCalUid: 'u' }), copy('x2', { iCalUid: 'u' }), copy('x3')];
    const other = makeConflictEvent({
      id: 'standup',
      owner: ANA,
      title: 'Standup',
      start: at('15:30'),
      end: at('15:45'),
    });
    const conflicts = detect([...copies, other]);
    expect(conflicts.map((c) => c.key)).toEqual([
      `duplicate:${ANA}:x1,x2,x3`,
      `overlap:${ANA}:standup,x1`,
    ]);
    expect(conflicts[0]?.suggestions.map((s) => s.eventId)).toEqual(['x2', 'x3']);
  });

  it('keeps the copy that blocks time', () => {
    const free = copy('a-free', { iCalUid: 'u', transparency: 'transparent' });
    const busy = copy('b-busy', { iCalUid: 'u' });
    const [conflict] = detect([free, busy]);
    expect(conflict?.suggestions).toMatchObject([{ eventId: 'a-free', keepEventId: 'b-busy' }]);
    expect(conflict?.severity).toBe('low'); // only one copy marks the time busy
  });

  it('a copy on a colleague’s calendar shared with the owner is no duplicate: the owner’s own copy is the one that overlaps', () => {
    const mine = copy('mine', { calendarId: 'own', iCalUid: 'renewal@acme.com' });
    // The colleague's copy is richer (a link, a room): it would have been kept before.
    const theirs = copy('theirs', {
      calendarId: 'shared-by-lee',
      iCalUid: 'renewal@acme.com',
      conferenceUrl: 'https://zoom.us/j/1',
      location: 'Room 4',
      organizer: null,
      ownCalendar: false,
    });
    const review = makeConflictEvent({
      id: 'review',
      owner: ANA,
      title: 'Pipeline review',
      start: at('15:00'),
      end: at('16:00'),
      organizer: { email: 'ben@northwind.io' },
      attendees: [
        { email: ANA, responseStatus: 'accepted' },
        { email: 'ben@northwind.io', responseStatus: 'accepted' },
      ],
    });
    const conflicts = detect([theirs, mine, review]);
    expect(conflicts.map((c) => [c.kind, c.eventIds])).toEqual([['overlap', ['mine', 'review']]]);
    expect(conflicts[0]?.suggestions.map((s) => s.action)).toContain('decline');
    // Two copies on the owner's own calendars are still a duplicate, the shared one aside.
    const again = copy('again', { calendarId: 'ics', iCalUid: 'renewal@acme.com' });
    const withOwnTwice = detect([theirs, mine, again]);
    expect(withOwnTwice.map((c) => [c.kind, c.eventIds])).toEqual([
      ['duplicate', ['again', 'mine']],
    ]);
  });

  it('a UID made up from content alone (an ICS event without one) makes no duplicate, the same signature does', () => {
    // Two files' UID-less events with the same start, title and organiser, named alike by the
    // parser, but of another length and with other people: two meetings, in an overlap.
    const madeUp = 'missing-uid-0123456789abcdef';
    const lunch = copy('file-a', { calendarId: 'ics:a', iCalUid: madeUp });
    const other = copy('file-b', {
      calendarId: 'ics:b',
      iCalUid: madeUp,
      end: at('15:30'),
      attendees: [{ email: ANA, responseStatus: 'accepted' }],
    });
    expect(detect([lunch, other]).map((c) => c.kind)).toEqual(['overlap']);
    // Identical in title, times and people: still one meeting twice.
    const twin = copy('file-c', { calendarId: 'ics:c', iCalUid: madeUp });
    expect(detect([lunch, twin]).map((c) => c.kind)).toEqual(['duplicate']);
  });

  it("a made-up UID names no copy of a colleague's busy time", () => {
    // Their calendar.ics and mine may both hold a UID-less event of that start and title.
    for (const madeUp of ['missing-uid-0123456789abcdef', 'missing-uid-src-0123456789abcdef']) {
      const mine = copy('file-a', { calendarId: 'ics:a', iCalUid: madeUp });
      const theirs = busyRangeOf(copy('file-b', { calendarId: 'ics:b', iCalUid: madeUp }));
      expect(isCopyOf(theirs, mine)).toBe(false);
      expect(isCopyOf(busyRangeOf(mine), mine)).toBe(true);
    }
  });
});
