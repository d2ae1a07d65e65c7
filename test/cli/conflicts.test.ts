import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCalintel } from '../support/cli.js';

/** tsx by path, so that the CLI can start from a directory outside the package. */

const calintel = (args: string[], options: { cwd?: string; stdin?: string } = {}) =>
  runCalintel(args, options);

const ORG = {
  internalDomains: ['northwind.io'],
  accounts: [{ id: 'acc-1', name: 'Acme Corp', domains: ['acme.com'], stage: 'negotiation' }],
  offices: [
    {
      name: 'Berlin HQ',
      location: 'Friedrichstraße 43, Berlin, Germany',
      timeZone: 'Europe/Berlin',
    },
  ],
  workingHours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
  timeZones: { 'ana@northwind.io': 'Europe/Berlin', 'ben@northwind.io': 'Europe/Berlin' },
};

const ana = { email: 'ana@northwind.io', name: 'Ana Ruiz', responseStatus: 'accepted' };
const ben = { email: 'ben@northwind.io', name: 'Ben', responseStatus: 'accepted' };
const jane = { email: 'jdoe@acme.com', name: 'Jane Doe', responseStatus: 'accepted' };
const acme = { organizer: { email: jane.email }, attendees: [ana, jane] };
const mine = (fields: Record<string, unknown>) => ({ calendarOwner: ana.email, ...fields });

/** One of each: overlap, travel, duplicate, an all-day offsite, what never conflicts, a bad line. */
const EVENTS = [
  mine({
    id: 'negotiation',
    title: 'Acme | pricing negotiation',
    start: '2026-03-10T10:00:00+01:00',
    end: '2026-03-10T11:00:00+01:00',
    location: 'https://zoom.us/j/1',
    ...acme,
  }),
  mine({
    id: 'sync',
    title: 'Weekly team sync',
    start: '2026-03-10T10:30:00+01:00',
    end: '2026-03-10T11:30:00+01:00',
    organizer: { email: ana.email },
    attendees: [ana, ben],
    seriesId: 'series-1',
  }),
  mine({
    id: 'workshop',
    title: 'Planning',
    start: '2026-03-11T09:00:00+01:00',
    end: '2026-03-11T10:00:00+01:00',
    location: 'Room Spree',
    attendees: [ana, ben],
  }),
  mine({
    id: 'visit',
    title: 'Acme visit',
    start: '2026-03-11T10:30:00+01:00',
    end: '2026-03-11T12:00:00+01:00',
    location: 'Acme GmbH, Leopoldstraße 1, München',
    ...acme,
  }),
  mine({
    id: 'prep-work',
    title: 'Board prep',
    start: '2026-03-12T14:00:00+01:00',
    end: '2026-03-12T15:00:00+01:00',
    attendees: [ana, ben],
  }),
  mine({
    id: 'prep-home',
    title: 'Board prep',
    start: '2026-03-12T14:00:00+01:00',
    end: '2026-03-12T15:00:00+01:00',
    attendees: [ana, ben],
  }),
  mine({ id: 'offsite', title: 'Sales offsite', start: '2026-03-13', end: '2026-03-14' }),
  mine({
    id: 'birthday',
    title: 'Birthday',
    start: '2026-03-13',
    end: '2026-03-14',
    transparency: 'transparent',
  }),
  mine({
    id: 'qbr',
    title: 'Acme QBR',
    start: '2026-03-13T15:00:00+01:00',
    end: '2026-03-13T16:00:00+01:00',
    location: 'https://zoom.us/j/2',
    ...acme,
  }),
  mine({
    id: 'focus',
    title: 'Focus time',
    start: '2026-03-16T09:00:00+01:00',
    end: '2026-03-16T12:00:00+01:00',
  }),
  mine({
    id: 'demo',
    title: 'Acme demo',
    start: '2026-03-16T10:00:00+01:00',
    end: '2026-03-16T11:00:00+01:00',
    location: 'https://zoom.us/j/3',
    ...acme,
  }),
  mine({
    id: 'cancelled',
    title: 'Cancelled sync',
    status: 'cancelled',
    start: '2026-03-16T10:00:00+01:00',
    end: '2026-03-16T11:00:00+01:00',
  }),
  mine({
    id: 'declined',
    title: 'All-hands',
    start: '2026-03-16T10:00:00+01:00',
    end: '2026-03-16T11:00:00+01:00',
    attendees: [{ ...ana, responseStatus: 'declined' }, ben],
  }),
  mine({
    id: 'after',
    title: 'Touching',
    start: '2026-03-16T12:00:00+01:00',
    end: '2026-03-16T12:30:00+01:00',
  }),
].map((e) => JSON.stringify(e));

function lines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('calintel conflicts', () => {
  let work: string;
  let events: string;
  let org: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'calintel-conflicts-cli-'));
    events = join(work, 'events.jsonl');
    org = join(work, 'org.json');
    writeFileSync(events, `${EVENTS.join('\n')}\n`);
    writeFileSync(org, JSON.stringify(ORG));
  });

  it('prints one line per conflict: overlap, travel, duplicate, all-day, a hold to release', async () => {
    const result = await calintel(
      ['conflicts', '--input', events, '--org', org, '--as-of', '2026-03-01'],
      { cwd: work },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const conflicts = lines(result.stdout);
    expect(
      conflicts.map((c) => `${c.kind as string}:${(c.eventIds as string[]).join(',')}`),
    ).toEqual([
      'overlap:negotiation,sync',
      'travel:visit,workshop',
      'duplicate:prep-home,prep-work',
      'overlap:offsite,qbr',
      'overlap:demo,focus',
    ]);
    for (const conflict of conflicts) {
      expect(Object.keys(conflict).slice(0, 7)).toEqual([
        'kind',
        'eventIds',
        'start',
        'end',
        'severity',
        'suggestions',
        'autoResolvable',
      ]);
      expect(conflict.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
      for (const suggestion of conflict.suggestions as Array<Record<string, unknown>>) {
        expect(suggestion.why).toEqual(expect.any(String));
        expect(conflict.eventIds).toContain(suggestion.eventId);
      }
    }
    const [overlap, travel, duplicate, offsite, hold] = conflicts;
    expect(overlap).toMatchObject({
      severity: 'high',
      autoResolvable: false,
      start: '2026-03-10T09:30:00.000Z',
    });
    expect((overlap!.suggestions as Array<{ action: string }>)[0]).toMatchObject({
      action: 'reschedule',
      eventId: 'sync',
    });
    expect(travel).toMatchObject({ travel: { mode: 'flying', minutesAvailable: 30 } });
    expect(duplicate).toMatchObject({
      autoResolvable: true,
      suggestions: [{ action: 'merge', eventId: 'prep-work', keepEventId: 'prep-home' }],
    });
    expect(offsite).toMatchObject({ severity: 'medium' });
    expect(hold).toMatchObject({
      autoResolvable: true,
      suggestions: [{ action: 'release', eventId: 'focus' }],
    });
  });

  it('reports a bad line as FILE:LINE: reason, skips it and exits 2; reads stdin, writes --output', async () => {
    const output = join(work, 'out.jsonl');
    const stdin = `${EVENTS[0]}\nnot json\n${EVENTS[1]}\n`;
    const result = await calintel(
      ['conflicts', '--input', '-', '--output', output, '--as-of', '2026-03-01'],
      {
        stdin,
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^stdin:2: not valid JSON/m);
    expect(result.stderr).toMatch(/1 of 3 lines rejected/);
    expect(result.stdout).toBe('');
    expect(lines(readFileSync(output, 'utf8')).map((c) => c.eventIds)).toEqual([
      ['negotiation', 'sync'],
    ]);
  });

  it('fails with exit 1 on a bad organisation file', async () => {
    const bad = join(work, 'bad-org.json');
    writeFileSync(bad, JSON.stringify({ offices: [{ name: 'HQ', timeZone: 'Nowhere/Special' }] }));
    const result = await calintel(['conflicts', '--input', events, '--org', bad]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/offices\.0\.timeZone: must be an IANA time zone/);
  });
});
