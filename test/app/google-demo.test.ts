import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_ORG_NAME,
  DEMO_USER,
  EXCHANGE_PERSON,
  OUTLOOK_PEOPLE,
  startDemo,
  type RunningDemo,
} from '../../src/app/demo/google-demo.js';
import type { GoogleEvent } from '../../emulators/google/types.js';
import { NORTHWIND_PEOPLE } from '../../src/app/demo/northwind-org.js';
import { ACCOUNT_STAGES } from '../../src/domain/matching/crm.js';
import { runCalintel } from '../support/cli.js';
import { freePort, waitFor } from '../support/ports.js';

describe('calintel demo (embedded shape with the Google emulator)', () => {
  let demo: RunningDemo;
  const lines: string[] = [];

  beforeAll(async () => {
    demo = await startDemo({
      environment: {
        CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-demo-')),
        PORT: String(await freePort()),
        LOG_LEVEL: 'silent',
      },
      emulatorPort: 0,
      mutateEveryMs: 0,
      log: (line) => lines.push(line),
    });
  }, 120_000);

  afterAll(async () => demo?.stop());

  const api = async (path: string) => {
    const response = await fetch(`${demo.service.url}${path}`, {
      headers: { authorization: `Bearer ${demo.token}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  };

  it('connects all ten people (Google, Outlook or Exchange) and syncs their calendars', async () => {
    const app = demo.service.app;
    expect(demo.organisation.people).toHaveLength(10);
    for (const person of demo.organisation.people) {
      const scope = await app.admin.resolveUser(person.email, DEMO_ORG_NAME);
      const [connection] = await app.store.connections.list(scope);
      expect(connection).toMatchObject({
        provider: OUTLOOK_PEOPLE.has(person.email)
          ? 'microsoft'
          : person.email === EXCHANGE_PERSON
            ? 'exchange'
            : 'google',
        status: 'active',
        label: person.email,
      });
      expect(await app.store.events.count(scope)).toBeGreaterThan(10);
    }
    const accounts = await app.store.crm.listAccounts({
      orgId: (await app.admin.resolveUser(DEMO_USER, DEMO_ORG_NAME)).orgId,
    });
    expect(accounts.length).toBeGreaterThanOrEqual(100);
  });

  it('prints where to look, with a working token', async () => {
    const printed = lines.join('\n');
    expect(printed).toContain(`${demo.service.url}/api/docs`);
    expect(printed).toContain(demo.token);
    const caFile = /\(([^)]*microsoft-emulator-ca\.pem)\)/.exec(printed)?.[1] ?? '';
    expect(readFileSync(caFile, 'utf8')).toContain('BEGIN CERTIFICATE');
    const events = await api('/api/v1/calendar/events/?limit=50');
    expect((events['items'] as unknown[]).length).toBeGreaterThan(10);
  });

  it('says how to make a new sign-in link to this demo, off the default port and folder', async () => {
    const said =
      /a new one: ((?:CALINTEL_\w+=\S+ )*)npx calintel (users sign-in-link --email \S+)\)/.exec(
        lines.join('\n'),
      );
    expect(said, lines.join('\n')).not.toBeNull();
    const env = Object.fromEntries(
      (said![1] ?? '')
        .trim()
        .split(' ')
        .map((pair) => pair.split('=') as [string, string]),
    );
    // Before, the hint named no settings: the link went to port 8000, not this demo's.
    expect(env).toMatchObject({ CALINTEL_PUBLIC_URL: demo.service.url });
    const made = await runCalintel(said![2]!.split(' '), { env });
    expect(made.status, made.stderr).toBe(0);
    const link = made.stdout.trim().split('\n').at(-1)!;
    expect(link.startsWith(`${demo.service.url}/auth/link/`)).toBe(true);
    expect(await (await fetch(link)).text()).toContain('Continue to calintel');
  });

  it('prints a one-time sign-in link to the dashboard for the demo user', async () => {
    expect(lines.join('\n')).toContain(`Dashboard:       ${demo.signInLink}`);
    const page = await fetch(demo.signInLink);
    expect(await page.text()).toContain('Continue to calintel');
    const signIn = await fetch(demo.signInLink, { method: 'POST', redirect: 'manual' });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/');
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const session = await fetch(`${demo.service.url}/auth/session`, { headers: { cookie } });
    expect(((await session.json()) as { user: { email: string } }).user.email).toBe(DEMO_USER);
    const again = await fetch(demo.signInLink, { method: 'POST', redirect: 'manual' });
    expect(again.headers.get('location')).toBe('/sign-in?error=link_invalid');
  });

  it('understands the calendars: sales meetings, conflicts with suggestions, relationships', async () => {
    await demo.service.app.queue.drain();
    const meetings = await api('/api/v1/calendar/meetings/?limit=100');
    expect((meetings['items'] as unknown[]).length).toBeGreaterThan(5);
    const conflicts = (await api('/api/v1/calendar/conflicts/?status=open'))['items'] as {
      suggestions: unknown[];
    }[];
    expect(conflicts.length).toBeGreaterThan(0);
    expect(conflicts.every((c) => c.suggestions.length > 0)).toBe(true);
    const relationships = (await api('/api/v1/calendar/relationships/'))['items'] as {
      stage: string;
    }[];
    expect(relationships.length).toBeGreaterThan(5);
    expect(new Set(relationships.map((r) => r.stage)).size).toBeGreaterThan(1);
    const printed = lines.join('\n');
    expect(printed).toContain('/api/v1/calendar/conflicts/');
  });

  it("names each meeting's real organiser: Maya runs the weekly, not the calendar's owner", async () => {
    const names = new Map(NORTHWIND_PEOPLE.map((p) => [p.email, p.name]));
    const events = (await api('/api/v1/calendar/events/?limit=500'))['items'] as {
      title: string;
      organizer: { email: string; name: string | null } | null;
    }[];
    const weekly = events.filter((e) => e.title === 'Sales team weekly');
    expect(weekly.length).toBeGreaterThan(0);
    for (const event of weekly) expect(event.organizer?.email).toBe('maya@northwind.io');
    for (const { organizer } of events) {
      // A teammate's name goes with that teammate's address (before, Maya's with Dana's).
      if (organizer?.name && names.has(organizer.email))
        expect([organizer.email, organizer.name]).toEqual([
          organizer.email,
          names.get(organizer.email),
        ]);
    }
  });

  // Dana attends Maya's "Sales team weekly": she may decline it or send a colleague, never move
  // or shorten it (src/domain/conflicts/suggestions.ts), nor hand it to Maya who runs it.
  it("suggests moving or shortening only the demo user's own meetings", async () => {
    await demo.service.app.queue.drain();
    const conflicts = (await api('/api/v1/calendar/conflicts/?status=open&limit=500'))['items'] as {
      events: { id: string; title: string; organizer: string | null }[];
      suggestions: { action: string; eventId: string; why: string; delegateTo?: string }[];
    }[];
    const acting = conflicts.flatMap((c) =>
      c.suggestions
        .filter((s) => s.action === 'reschedule' || s.action === 'shorten')
        .map((s) => ({ ...s, event: c.events.find((e) => e.id === s.eventId) })),
    );
    // The manager's quick syncs over Dana's demos are conflicts with something to move.
    expect(acting.length).toBeGreaterThan(0);
    const othersMeetings = acting.filter(
      (s) => s.event?.organizer != null && s.event.organizer !== DEMO_USER,
    );
    expect(othersMeetings.map((s) => `${s.event?.organizer ?? ''}: ${s.why}`)).toEqual([]);
    const handedToOrganiser = conflicts.flatMap((c) =>
      c.suggestions.filter(
        (s) =>
          s.action === 'delegate' &&
          s.delegateTo === c.events.find((e) => e.id === s.eventId)?.organizer,
      ),
    );
    expect(handedToOrganiser.map((s) => s.why)).toEqual([]);
  });

  it("keeps the CRM's accounts at the API's own stages, which a PUT takes back", async () => {
    const accounts = (await api('/api/v1/crm/accounts/'))['items'] as {
      name: string;
      domains: string[];
      stage: string | null;
    }[];
    expect(accounts.length).toBeGreaterThan(0);
    for (const account of accounts) expect(ACCOUNT_STAGES).toContain(account.stage);
    const [first] = accounts;
    const put = await fetch(`${demo.service.url}/api/v1/crm/accounts/`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${demo.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        accounts: [{ name: first?.name, domains: first?.domains, stage: first?.stage }],
      }),
    });
    expect(put.status).toBe(200);
    const meetings = (await api('/api/v1/calendar/meetings/?limit=500'))['items'] as {
      account: { stage: string | null } | null;
    }[];
    const stages = meetings.flatMap((m) => (m.account ? [m.account.stage] : []));
    expect(stages.length).toBeGreaterThan(0);
    for (const stage of stages) expect(ACCOUNT_STAGES).toContain(stage);
  });

  it("shows one meeting on several teammates' calendars as copies of each other", async () => {
    const app = demo.service.app;
    const dana = await app.admin.resolveUser(DEMO_USER, DEMO_ORG_NAME);
    const lukas = await app.admin.resolveUser('lukas@northwind.io', DEMO_ORG_NAME);
    const page = await app.store.events.list(dana, { limit: 5000, cursor: null });
    const shared = page.items.find(
      (e) => !e.event.seriesId && e.event.attendees.some((a) => a.email === 'lukas@northwind.io'),
    );
    expect(shared).toBeDefined();
    const detail = await api(`/api/v1/calendar/events/${shared?.id ?? ''}/`);
    expect(detail['copies']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: lukas.userId, provider: 'google' }),
      ]),
    );
  });

  it('changes in the emulator arrive through push without a manual sync', async () => {
    const changes = demo.mutate();
    expect(changes.length).toBeGreaterThan(0);
    const booked = /booked "(.+)"/.exec(changes.join('\n'))?.[1];
    const owner = changes.find((c) => c.includes('booked'))?.split(':')[0] ?? '';
    const app = demo.service.app;
    const scope = await app.admin.resolveUser(owner, DEMO_ORG_NAME);
    await waitFor('the booked meeting to be synced', async () => {
      const page = await app.store.events.list(scope, { q: booked ?? '', limit: 10, cursor: null });
      return page.items.length > 0;
    });
  });

  it("moves and cancels every teammate's copy of a meeting with the organiser's", () => {
    const before = copiesByUid(demo);
    for (let round = 0; round < 12; round++) demo.mutate();
    const after = copiesByUid(demo);
    const changedShared = [...after].filter(
      ([uid, copies]) =>
        copies.length > 1 &&
        JSON.stringify(copies.map(timing)) !== JSON.stringify((before.get(uid) ?? []).map(timing)),
    );
    // The rounds did change meetings on several calendars: the check below is not vacuous.
    expect(changedShared.length).toBeGreaterThan(0);
    const disagreeing = [...after].filter(
      ([, copies]) => new Set(copies.map((c) => JSON.stringify(timing(c)))).size > 1,
    );
    expect(disagreeing.map(([uid, copies]) => [uid, copies.map(timing)])).toEqual([]);
  });
});

/** Each one-off meeting's copies on the Google calendars, by the iCalUID they share. */
function copiesByUid(demo: RunningDemo): Map<string, GoogleEvent[]> {
  const byUid = new Map<string, GoogleEvent[]>();
  for (const user of demo.emulator.state.users()) {
    for (const calendar of user.calendars) {
      for (const event of demo.emulator.state.listTruth(calendar.id, { showDeleted: true })) {
        if (!event.iCalUID || event.recurringEventId || event.recurrence) continue;
        byUid.set(event.iCalUID, [...(byUid.get(event.iCalUID) ?? []), event]);
      }
    }
  }
  return byUid;
}

function timing(event: GoogleEvent) {
  return {
    start: Date.parse(event.start?.dateTime ?? event.start?.date ?? ''),
    end: Date.parse(event.end?.dateTime ?? event.end?.date ?? ''),
    status: event.status ?? 'confirmed',
  };
}
