import { describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../domain/event.js';
import {
  InvalidCursorError,
  PAGE_COLUMNS,
  ROW_COLUMNS,
  UPDATED_COLUMNS,
  decodeCursor,
  encodeCursor,
  newEventRowId,
  toEventRow,
  writeRowValues,
  type EventRowContext,
} from './event-rows.js';
import { eventContent } from './event-content.js';
import { buildEvent as buildTestEvent } from '../../test/support/databases.js';

/** The same event every time: its ids are fixed. */
function buildEvent(): CalendarEvent {
  return buildTestEvent({ providerEventId: 'e-1', iCalUid: 'e-1@example.com' });
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

describe('decodeCursor', () => {
  it('reads back what encodeCursor wrote', () => {
    const cursor = {
      startAt: '2026-03-01T09:00:00.000Z',
      id: '0192f0c2-7b1e-7cc1-9d1e-5a1b2c3d4e5f',
    };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it('refuses a cursor edited into another well-formed one', () => {
    // Before, these answered an empty (or wrong) page as if all was well.
    const edited = [
      ['tomorrow', 'x'],
      ['2026-03-01', 'x'],
      ['2026-02-30T00:00:00.000Z', 'x'],
      ['2026-03-01T00:00:00.000Z', ''],
      ['2026-03-01T00:00:00.000Z', "x' OR 1=1"],
    ];
    for (const pair of edited) {
      const cursor = Buffer.from(JSON.stringify(pair)).toString('base64url');
      expect(() => decodeCursor(cursor), pair.join(' ')).toThrow(InvalidCursorError);
    }
    expect(() => decodeCursor('bm90LWEtY3Vyc29y')).toThrow(InvalidCursorError);
  });
});
