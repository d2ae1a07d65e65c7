import { describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../domain/event.js';
import {
  PAGE_COLUMNS,
  ROW_COLUMNS,
  UPDATED_COLUMNS,
  eventContent,
  newEventRowId,
  toEventRow,
  writeRowValues,
  type EventRowContext,
} from './event-rows.js';

function buildEvent(): CalendarEvent {
  return {
    providerEventId: 'e-1',
    iCalUid: 'e-1@example.com',
    title: 'Weekly sync',
    description: null,
    location: null,
    conferenceUrl: null,
    allDay: false,
    start: '2026-03-04T15:00:00.000Z',
    end: '2026-03-04T16:00:00.000Z',
    startDate: null,
    endDate: null,
    timeZone: 'Europe/Paris',
    status: 'confirmed',
    transparency: 'opaque',
    organizer: { email: 'owner@acme.test', name: 'Owner' },
    attendees: [
      {
        email: 'buyer@customer.test',
        name: 'Buyer',
        responseStatus: 'accepted',
        optional: false,
        resource: false,
      },
    ],
    seriesId: null,
    originalStart: null,
    sequence: 0,
    etag: null,
    updatedAt: null,
  };
}

describe('newEventRowId', () => {
  it('makes UUID version 7 ids that sort in the order they were made', () => {
    const ids = Array.from({ length: 5000 }, () => newEventRowId());
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('stays ordered past 4,096 ids in one millisecond and when the clock goes back', () => {
    const at = Date.parse('2026-03-01T00:00:00Z') + 1e9;
    const ids = Array.from({ length: 5000 }, () => newEventRowId(at));
    ids.push(newEventRowId(at - 60_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('eventContent', () => {
  it('hashes the same content alike, and a change of any part differently', () => {
    const event = buildEvent();
    const base = eventContent(event, { v: 1 });
    expect(eventContent({ ...event }, { v: 1 })).toEqual(base);
    expect(eventContent(event, { v: 2 }).hash).not.toBe(base.hash);
    expect(eventContent({ ...event, title: `${event.title}!` }, { v: 1 }).hash).not.toBe(base.hash);
    const declined = event.attendees.map((a) => ({ ...a, responseStatus: 'declined' as const }));
    expect(eventContent({ ...event, attendees: declined }, { v: 1 }).hash).not.toBe(base.hash);
  });

  it('keeps the digest that stored rows carry, so that an upgrade never makes every event look changed', () => {
    expect(eventContent(buildEvent(), { v: 1 }).hash).toBe(
      'ce4a0b52cb95d6c34e73ec95f850dd20672bfc874e0ae71bdefb843362dbbb1e',
    );
  });

  it("keeps the provider's own JSON text as the raw, hashed as the same JSON serialised here", () => {
    const event = buildEvent();
    const raw = { id: 'e1', summary: 'Zoë', attendees: [{ email: 'a@b.c' }] };
    // What a compact provider body holds: the same bytes, so rows synced before keep their hash.
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

describe('the columns of a written row', () => {
  const ctx: EventRowContext = {
    orgId: 'org',
    userId: 'user',
    connectionId: 'connection',
    calendarId: 'calendar',
    provider: 'google',
    generation: 3,
    now: '2026-03-01T00:00:00.000Z',
  };
  const row = toEventRow(ctx, buildEvent(), eventContent(buildEvent(), { v: 1 }), 'row-id');

  it('are the page-wide ones and the per-row ones, each exactly once', () => {
    expect([...PAGE_COLUMNS, ...ROW_COLUMNS].sort()).toEqual(Object.keys(row).sort());
  });

  it('are all updated by a rewrite but for identity, owner, place and creation time', () => {
    const kept = ['id', 'org_id', 'user_id', 'calendar_id', 'provider_event_id', 'created_at'];
    expect([...UPDATED_COLUMNS].sort()).toEqual(
      Object.keys(row)
        .filter((column) => !kept.includes(column))
        .sort(),
    );
  });

  it('come from the context alone for the page-wide ones', () => {
    const other = toEventRow(
      ctx,
      { ...buildEvent(), title: 'Other' },
      eventContent(buildEvent(), null),
      'x',
    );
    for (const column of PAGE_COLUMNS) expect(other[column]).toBe(row[column]);
  });

  it('are copied by writeRowValues in ROW_COLUMNS order', () => {
    // Every column a value of its own, so that two swapped columns cannot go unnoticed.
    const distinct = Object.fromEntries(
      Object.keys(row).map((column) => [column, `value of ${column}`]),
    ) as unknown as typeof row;
    const out: unknown[] = ['before'];
    expect(writeRowValues(distinct, out, 1)).toBe(1 + ROW_COLUMNS.length);
    expect(out).toEqual(['before', ...ROW_COLUMNS.map((column) => `value of ${column}`)]);
  });
});
