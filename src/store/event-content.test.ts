import { describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../domain/event.js';
import { buildEvent as buildTestEvent } from '../../test/support/databases.js';
import { eventContent, sameContent } from './event-content.js';

/** The same event every time: its ids are fixed. */
function buildEvent(overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  return buildTestEvent({ providerEventId: 'e-1', iCalUid: 'e-1@example.com', ...overrides });
}

/** What rows written before the etag digest carry for buildEvent({ etag: '"7"' }), raw `{ v: 1 }`. */
const RAW_DIGEST_WITH_ETAG = 'c2:Mtx5wM7X23ET2-gn8PsunSqXsWQlQBfMZEV-fueLyKQ';

/** What rows written before the current digest carry for buildEvent() with raw `{ v: 1 }`. */
const FIRST_DIGEST = 'ce4a0b52cb95d6c34e73ec95f850dd20672bfc874e0ae71bdefb843362dbbb1e';

describe('eventContent', () => {
  it('hashes the same content alike, and a change of any part differently', () => {
    const event = buildEvent();
    const base = eventContent(event, { v: 1 });
    expect(eventContent({ ...event }, { v: 1 })).toEqual(base);
    const changed: Partial<CalendarEvent>[] = [
      { providerEventId: 'e-2' },
      { iCalUid: null },
      { title: `${event.title}!` },
      { description: '' },
      { location: 'Room 1' },
      { conferenceUrl: 'https://meet.google.com/abc-defg-hij' },
      { allDay: true },
      { start: '2026-03-04T14:30:00.000Z' },
      { end: '2026-03-04T16:30:00.000Z' },
      { startDate: '2026-03-04' },
      { endDate: '2026-03-05' },
      { timeZone: 'Europe/Berlin' },
      { status: 'tentative' },
      { transparency: 'transparent' },
      { seriesId: 's-1' },
      { originalStart: '2026-03-04T15:00:00.000Z' },
      { updatedAt: '2026-03-01T00:00:00.000Z' },
      { organizer: null },
      { organizer: { email: 'owner@acme.test', name: null } },
      { attendees: event.attendees.map((a) => ({ ...a, responseStatus: 'declined' as const })) },
      { sequence: null },
      { sequence: 1 },
      { etag: '"2"' },
    ];
    for (const change of changed) {
      expect(eventContent(buildEvent(change), { v: 1 }).hash, JSON.stringify(change)).not.toBe(
        base.hash,
      );
    }
    expect(eventContent(event, { v: 2 }).hash).not.toBe(base.hash);
  });

  it('tells apart fields whose texts only join alike', () => {
    const a = eventContent(buildEvent({ title: 'ab', description: 'c' }), null);
    const b = eventContent(buildEvent({ title: 'a', description: 'bc' }), null);
    const c = eventContent(buildEvent({ title: 'a', description: null }), null);
    const d = eventContent(buildEvent({ title: 'a~', description: '' }), null);
    expect(new Set([a.hash, b.hash, c.hash, d.hash]).size).toBe(4);
  });

  it('pins the current digest, so that a change to it is made on purpose', () => {
    expect(eventContent(buildEvent(), { v: 1 }).hash).toBe(
      'c2:R9GVOxDQQO2PP2H6Z3aYWrvNKdC-9WLTsuTqQifV48c',
    );
  });

  it('pins the etag digest too', () => {
    expect(eventContent(buildEvent({ etag: '"7"' }), { v: 1 }).hash).toBe(
      'c3:2d_lpHEHalbjuD5jCa4DMuu2n0SfbJHUAs59bFBsdnA',
    );
  });

  it('with an etag, hashes the fields alone: the provider renews the etag on any change', () => {
    const tagged = buildEvent({ etag: '"7"' });
    const base = eventContent(tagged, { v: 1, colorId: '3' });
    // The same event version, its payload written with keys in another order.
    expect(eventContent(tagged, { colorId: '3', v: 1 }).hash).toBe(base.hash);
    expect(eventContent({ ...tagged, etag: '"8"' }, { v: 1, colorId: '4' }).hash).not.toBe(
      base.hash,
    );
    expect(eventContent({ ...tagged, title: 'Renamed' }, { v: 1, colorId: '3' }).hash).not.toBe(
      base.hash,
    );
    expect(eventContent({ ...tagged, etag: null }, { v: 1, colorId: '3' }).hash).not.toBe(
      base.hash,
    );
  });

  it("keeps the provider's own JSON text as the raw, and hashes that text", () => {
    const event = buildEvent();
    const raw = { id: 'e1', summary: 'Zoë', attendees: [{ email: 'a@b.c' }] };
    expect(eventContent(event, raw, JSON.stringify(raw))).toEqual(eventContent(event, raw));
    const spaced = eventContent(event, raw, '{ "id": "e1" }');
    expect(spaced.raw).toBe('{ "id": "e1" }');
    expect(spaced.hash).not.toBe(eventContent(event, raw).hash);
  });

  it('stores attendees with their keys in one order, whatever order the mapper used', () => {
    const event = buildEvent();
    const reordered = event.attendees.map((a) => ({
      resource: a.resource,
      optional: a.optional,
      responseStatus: a.responseStatus,
      name: a.name,
      email: a.email,
    }));
    const content = eventContent({ ...event, attendees: reordered }, null);
    expect(content).toEqual(eventContent(event, null));
    expect(content.raw).toBe('null');
  });
});

describe('sameContent', () => {
  it('compares a current digest as it is', () => {
    const content = eventContent(buildEvent(), { v: 1 });
    expect(sameContent(content.hash, buildEvent(), content)).toBe(true);
    const other = eventContent(buildEvent({ title: 'Other' }), { v: 1 });
    expect(sameContent(other.hash, buildEvent(), content)).toBe(false);
  });

  it('recognises the first digest of the same content, so an upgrade rewrites nothing', () => {
    const content = eventContent(buildEvent(), { v: 1 });
    expect(content.hash).not.toBe(FIRST_DIGEST);
    expect(sameContent(FIRST_DIGEST, buildEvent(), content)).toBe(true);
  });

  it('recognises the raw digest an event with an etag was stored with, and a change behind it', () => {
    const tagged = buildEvent({ etag: '"7"' });
    expect(sameContent(RAW_DIGEST_WITH_ETAG, tagged, eventContent(tagged, { v: 1 }))).toBe(true);
    expect(sameContent(RAW_DIGEST_WITH_ETAG, tagged, eventContent(tagged, { v: 2 }))).toBe(false);
    const renamed = { ...tagged, title: 'Renamed' };
    expect(sameContent(RAW_DIGEST_WITH_ETAG, renamed, eventContent(renamed, { v: 1 }))).toBe(false);
  });

  it('an etag digest differs from the same event without its etag', () => {
    const tagged = eventContent(buildEvent({ etag: '"7"' }), { v: 1 });
    const untagged = buildEvent();
    expect(sameContent(tagged.hash, untagged, eventContent(untagged, { v: 1 }))).toBe(false);
  });

  it('sees a change behind a first digest', () => {
    const changed = buildEvent({ title: 'Moved to Friday' });
    expect(sameContent(FIRST_DIGEST, changed, eventContent(changed, { v: 1 }))).toBe(false);
    expect(sameContent(FIRST_DIGEST, buildEvent(), eventContent(buildEvent(), { v: 2 }))).toBe(
      false,
    );
  });
});
