/** GET /events latency under a local load generator (autocannon), beside /healthz as baseline. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { apiDepsFor } from '../src/app/api-adapter.js';
import { createApp } from '../src/app/app.js';
import { buildServer } from '../src/api/server.js';
import { loadConfig } from '../src/config/config.js';
import type { CalendarEvent } from '../src/domain/event.js';

export interface LatencyRow {
  name: string;
  rps: number;
  p50: number;
  p99: number;
}

export async function runEventsLatency(options: {
  events: number;
  connections: number;
  seconds: number;
}): Promise<LatencyRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'calintel-bench-api-'));
  const config = loadConfig({
    CALINTEL_DATA_DIR: dataDir,
    CALINTEL_SECRET_KEY: '0f'.repeat(32),
    LOG_LEVEL: 'silent',
    API_RATE_LIMIT_PER_MINUTE: '100000000',
    PORT: '0',
  });
  const app = await createApp(config, { logger: pino({ level: 'silent' }) });
  const { user, organisation } = await app.admin.createUser({
    email: 'bench@northwind.io',
    orgName: 'Bench',
    name: null,
    timeZone: 'UTC',
    internalDomains: [],
  });
  const scope = { orgId: organisation.id, userId: user.id };
  const token = (await app.store.apiTokens.create(scope, 'bench')).token;
  const connection = await app.store.connections.create(scope, {
    provider: 'ics',
    label: 'bench',
    secrets: {},
    settings: {},
  });
  const calendar = await app.store.calendars.upsert(scope, connection.id, {
    providerCalendarId: 'default',
    name: 'bench',
    timeZone: null,
    isPrimary: true,
  });
  if (!calendar) throw new Error('no calendar');
  await app.store.events.applyPage(
    scope,
    calendar.id,
    { upserts: buildEvents(options.events).map((event) => ({ event, raw: {} })), deletions: [] },
    1,
  );

  const server = await buildServer(apiDepsFor(app));
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  const headers = { authorization: `Bearer ${token}` };
  const targets: Array<[string, string]> = [
    ['baseline: GET /healthz', '/healthz'],
    ['GET /events first page', '/api/v1/calendar/events/?limit=100'],
    ['GET /events mid-range page', '/api/v1/calendar/events/?limit=100&from=2026-06-01T00:00:00Z'],
    ['GET /events text search', '/api/v1/calendar/events/?limit=100&q=renewal'],
  ];
  const rows: LatencyRow[] = [];
  for (const [name, path] of targets) {
    const result = await autocannon({
      url: `${url}${path}`,
      headers,
      connections: options.connections,
      duration: options.seconds,
    });
    if (result.non2xx > 0) throw new Error(`${name}: ${result.non2xx} non-2xx answers`);
    rows.push({
      name,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
    });
  }
  await server.close();
  await app.close();
  return rows;
}

function buildEvents(count: number): CalendarEvent[] {
  const start = Date.UTC(2026, 0, 1, 8);
  return Array.from({ length: count }, (_, i) => {
    const begins = new Date(start + Math.floor(i / 20) * 86_400_000 + (i % 20) * 1_800_000);
    return {
      providerEventId: `bench-${i}`,
      iCalUid: `bench-${i}@calintel`,
      title: i % 50 === 0 ? `Acme renewal ${i}` : `Customer call ${i}`,
      description: 'Agenda: needs, timeline, budget',
      location: 'https://acme.zoom.us/j/123',
      conferenceUrl: 'https://acme.zoom.us/j/123',
      allDay: false,
      start: begins.toISOString(),
      end: new Date(begins.getTime() + 1_800_000).toISOString(),
      startDate: null,
      endDate: null,
      timeZone: 'Europe/Berlin',
      status: 'confirmed',
      transparency: 'opaque',
      organizer: { email: 'rep@northwind.io', name: 'Rep' },
      attendees: [
        {
          email: `buyer${i % 500}@customer.com`,
          name: null,
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
  });
}
