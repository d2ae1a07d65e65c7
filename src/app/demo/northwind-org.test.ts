import { describe, expect, it } from 'vitest';
import { ACCOUNT_STAGES } from '../../domain/matching/crm.js';
import { buildNorthwind, NORTHWIND_PEOPLE } from './northwind-org.js';

const ANCHOR = new Date('2026-03-02T00:00:00Z');

describe('buildNorthwind', () => {
  it('is the same organisation every time for the same anchor and seed', () => {
    expect(JSON.stringify(buildNorthwind(ANCHOR))).toBe(JSON.stringify(buildNorthwind(ANCHOR)));
    expect(JSON.stringify(buildNorthwind(ANCHOR, 7))).not.toBe(
      JSON.stringify(buildNorthwind(ANCHOR)),
    );
  });

  it('has ten people, over a hundred accounts with contacts, and free-mail leads', () => {
    const org = buildNorthwind(ANCHOR);
    expect(org.people).toHaveLength(10);
    expect(org.accounts.length).toBeGreaterThanOrEqual(100);
    expect(org.accounts.every((a) => a.contacts.length > 0)).toBe(true);
    expect(new Set(org.accounts.map((a) => a.domain)).size).toBe(org.accounts.length);
    expect(org.leads.every((l) => /@(gmail|outlook|yahoo|gmx)\./.test(l.email))).toBe(true);
  });

  it('spans six months of history and two of future, with series, exceptions and all-day events', () => {
    const events = buildNorthwind(ANCHOR).seed.users.flatMap(
      (u) => u.calendars?.flatMap((c) => c.events ?? []) ?? [],
    );
    const starts = events
      .map((e) => Date.parse(e.start?.dateTime ?? e.start?.date ?? ''))
      .filter((t) => !Number.isNaN(t));
    const days = (t: number) => (t - ANCHOR.getTime()) / 86_400_000;
    expect(days(Math.min(...starts))).toBeLessThan(-150);
    expect(days(Math.min(...starts))).toBeGreaterThanOrEqual(-190);
    expect(days(Math.max(...starts))).toBeGreaterThan(30);
    expect(days(Math.max(...starts))).toBeLessThanOrEqual(62);
    expect(events.some((e) => e.recurrence)).toBe(true);
    expect(events.some((e) => e.recurringEventId && e.status === 'cancelled')).toBe(true);
    expect(events.some((e) => e.recurringEventId && e.start)).toBe(true);
    expect(events.some((e) => e.start?.date)).toBe(true);
    expect(events.length).toBeGreaterThan(500);
  });

  it('uses event ids Google accepts (base32hex, 5-1024 characters) for everything but instances', () => {
    const events = buildNorthwind(ANCHOR).seed.users.flatMap(
      (u) => u.calendars?.flatMap((c) => c.events ?? []) ?? [],
    );
    for (const event of events.filter((e) => !e.recurringEventId)) {
      expect(event.id).toMatch(/^[a-v0-9]{5,1024}$/);
    }
  });

  it("marks self as Google does: the organiser only on the organiser's copy, each copy's owner", () => {
    const org = buildNorthwind(ANCHOR);
    const names = new Map(NORTHWIND_PEOPLE.map((p) => [p.email, p.name]));
    let othersCopies = 0;
    for (const user of org.seed.users) {
      for (const event of user.calendars?.flatMap((c) => c.events ?? []) ?? []) {
        const organizer = event.organizer;
        if (!organizer) continue;
        const own = organizer.email === user.email;
        if (!own) othersCopies++;
        // The real organiser, named as they are, self only where the calendar is theirs.
        expect([event.summary, organizer.self === true]).toEqual([event.summary, own]);
        expect(organizer.displayName).toBe(names.get(organizer.email ?? ''));
        const selves = (event.attendees ?? []).filter((a) => a.self).map((a) => a.email);
        expect(selves).toEqual([user.email]);
        const flagged = (event.attendees ?? []).filter((a) => a.organizer).map((a) => a.email);
        expect(flagged).toEqual([organizer.email]);
      }
    }
    // Teammates' copies of Maya's series, of demos with the sales engineer: not a vacuous check.
    expect(othersCopies).toBeGreaterThan(100);
  });

  it("gives every account one of the CRM API's stages, and uses several", () => {
    const stages = buildNorthwind(ANCHOR).accounts.map((a) => a.stage);
    for (const stage of stages) expect(ACCOUNT_STAGES).toContain(stage);
    expect(new Set(stages).size).toBeGreaterThanOrEqual(4);
  });
});
