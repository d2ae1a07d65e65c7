/**
 * Runs a store test suite once per database engine (kysely's `DIALECTS` habit), so that SQLite
 * and PostgreSQL are always both exercised. Each suite gets a database of its own: a temporary
 * SQLite file, or a fresh PostgreSQL schema dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { CalendarEvent } from '../../src/domain/event.js';
import { openDatabase } from '../../src/store/database.js';
import type { OpenedDatabase } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import type { MigrationOutcome } from '../../src/store/migrate.js';
import { SecretBox, Store } from '../../src/store/store.js';
import type { Calendar, ConnectionWithSecrets, Scope, UserRole } from '../../src/store/store.js';

export const DIALECTS = ['sqlite', 'postgres'] as const;
export type TestDialect = (typeof DIALECTS)[number];

export const POSTGRES_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** A fixed key, so that a failing test can be replayed; never used outside tests. */
export const TEST_SECRET_KEY = '0f'.repeat(32);

export interface StoreContext {
  dialect: TestDialect;
  store: Store;
  /** The raw database, for looking at what is really stored. */
  database: OpenedDatabase;
  /** What the suite's first migration ran (every migration, on a fresh database). */
  firstMigration: MigrationOutcome;
}

const postgresProblem = await probePostgres();

/**
 * `describe(name)` once per dialect. Without PostgreSQL its suites are skipped with a message,
 * except in CI (CI=true), where they fail: CI must never pass by silently testing less.
 */
export function describeEachDialect(name: string, fn: (context: () => StoreContext) => void): void {
  for (const dialect of DIALECTS) {
    const title = `${name} [${dialect}]`;
    if (dialect === 'postgres' && postgresProblem) {
      describeUnreachable(title, postgresProblem);
      continue;
    }
    describe(title, () => {
      let context: StoreContext | undefined;
      let cleanup: () => Promise<void> = async () => {};
      beforeAll(async () => {
        ({ context, cleanup } = await openTestStore(dialect));
      });
      afterAll(async () => cleanup());
      fn(() => {
        if (!context) throw new Error(`the ${dialect} test store did not open`);
        return context;
      });
    });
  }
}

/** `describe(name)` for what only PostgreSQL has (its pool); skipped or failed as above without it. */
export function describePostgres(name: string, fn: () => void): void {
  if (postgresProblem) describeUnreachable(name, postgresProblem);
  else describe(name, fn);
}

function describeUnreachable(title: string, problem: string): void {
  const message = `PostgreSQL not reachable at ${redact(POSTGRES_URL)} (${problem})`;
  if (process.env.CI === 'true') {
    describe(title, () => {
      it('needs PostgreSQL in CI', () => {
        throw new Error(`${message}: CI must run the PostgreSQL store tests`);
      });
    });
    return;
  }
  console.warn(`${message}: skipping PostgreSQL store tests`);
  describe.skip(title, () => {
    it('needs PostgreSQL', () => {});
  });
}

export async function openTestStore(
  dialect: TestDialect,
): Promise<{ context: StoreContext; cleanup: () => Promise<void> }> {
  const box = new SecretBox(TEST_SECRET_KEY);
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'calintel-store-'));
    const database = openDatabase({ url: `sqlite:${join(dir, 'store.db')}` });
    const firstMigration = await migrateToLatest(database.db);
    const store = new Store(database, box);
    const cleanup = async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    };
    return { context: { dialect, store, database, firstMigration }, cleanup };
  }
  const schema = `calintel_test_${randomBytes(6).toString('hex')}`;
  await withPostgres((client) => client.query(`create schema ${schema}`));
  const database = openDatabase({ url: POSTGRES_URL, schema });
  const firstMigration = await migrateToLatest(database.db);
  const store = new Store(database, box);
  const cleanup = async () => {
    await database.close();
    await withPostgres((client) => client.query(`drop schema ${schema} cascade`));
  };
  return { context: { dialect, store, database, firstMigration }, cleanup };
}

async function withPostgres<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Null when PostgreSQL answers, else why not. */
async function probePostgres(): Promise<string | null> {
  try {
    await withPostgres((client) => client.query('select 1'));
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

// Builders: small, valid defaults that a test overrides only where it matters.

let sequence = 0;

/** A valid one-hour event; ids are unique per call unless given. */
export function buildEvent(overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  sequence += 1;
  const start = overrides.start ?? '2026-03-04T15:00:00.000Z';
  return {
    providerEventId: `evt-${sequence}`,
    iCalUid: `uid-${sequence}@example.com`,
    title: 'Weekly sync',
    description: null,
    location: null,
    conferenceUrl: null,
    allDay: false,
    start,
    end: new Date(Date.parse(start) + 3_600_000).toISOString(),
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
    ...overrides,
  };
}

export interface Tenant {
  scope: Scope;
  connection: ConnectionWithSecrets;
  calendar: Calendar;
}

/** An organisation with one user (its admin, as the user who creates it is), one ICS connection and one calendar. */
export async function seedTenant(store: Store, label = 'tenant'): Promise<Tenant> {
  sequence += 1;
  const org = await store.organisations.create({
    name: `${label} ${sequence}`,
    internalDomains: ['acme.test'],
  });
  return seedUser(store, org.id, `${label}-${sequence}@acme.test`, 'admin');
}

/** Another user (with a connection and calendar) in an existing organisation: a member by default. */
export async function seedUser(
  store: Store,
  orgId: string,
  email: string,
  role: UserRole = 'member',
): Promise<Tenant> {
  const user = await store.users.create(orgId, { email, name: 'Test User', role });
  const scope = { orgId, userId: user.id };
  const connection = await store.connections.create(scope, {
    provider: 'ics',
    label: 'Work',
    secrets: { url: 'https://calendar.example.test/secret-feed.ics' },
    settings: { pollMinutes: 15 },
  });
  const calendar = await store.calendars.upsert(scope, connection.id, {
    providerCalendarId: 'primary',
    name: 'Work',
    timeZone: 'Europe/Paris',
    isPrimary: true,
  });
  if (!calendar) throw new Error('seedUser: calendar was not created');
  return { scope, connection, calendar };
}
