/**
 * The store as the rest of the application sees it: one object holding the database and the
 * SecretBox, with the repositories grouped by what they hold (`store.events.list(scope, q)`).
 * Nothing outside src/store imports Kysely or a driver; this class is the boundary.
 */
import { sql } from 'kysely';
import * as audit from './audit.repository.js';
import * as crm from './crm.repository.js';
import * as crmLists from './crm-lists.repository.js';
import { openDatabase } from './database.js';
import type { Database, DialectName, Executor, Transaction } from './database.js';
import * as jobs from './jobs.repository.js';
import { countJobBacklog } from './job-backlog.repository.js';
import { conflictsGroup, relationshipsGroup } from './analysis-groups.js';
import { calendarsGroup, connectionsGroup, pushChannelsGroup } from './connection-groups.js';
import {
  apiTokensGroup,
  oauthStatesGroup,
  organisationsGroup,
  usersGroup,
  webSessionsGroup,
} from './identity-groups.js';
import { meetingsGroup } from './meetings-group.js';
import { migrateToLatest } from './migrate.js';
import type { MigrationOutcome } from './migrate.js';
import { liveVersion } from './live-version.repository.js';
import type { Tables } from './schema.js';
import type { OrgScope, Scope } from './scope.js';
import { SecretBox } from './secret-box.js';
import { checkSecretKey, type SecretKeyVerdict } from './secret-key-check.js';
import { inTransaction } from './sql-support.js';
import { changesGroup, eventsGroup, syncStatusGroup } from './sync-groups.js';

export type { Scope, OrgScope } from './scope.js';
export type { DialectName } from './database.js';
export type { MigrationOutcome } from './migrate.js';
export type { Organisation } from './organisations.repository.js';
export type { User, UserRole, UserWithOrganisation } from './users.repository.js';
export { USER_ROLES } from './users.repository.js';
export type { ApiToken, CreatedApiToken, TokenOwner } from './api-tokens.repository.js';
export type {
  Connection,
  ConnectionStatus,
  ConnectionWithSecrets,
  CreateConnectionInput,
  ScopedConnection,
} from './connections.repository.js';
export type { Calendar, RemoteCalendarInput } from './calendars.repository.js';
export type { PushChannel } from './push-channels.repository.js';
export type {
  DueSync,
  FailingSync,
  StoredSyncIssue,
  SyncFailure,
  SyncState,
  SyncStatus,
  SyncSuccess,
} from './sync-status.repository.js';
export type {
  EventListPage,
  EventPageInput,
  EventQuery,
  PageOutcome,
} from './events.repository.js';
export type { StoredEvent } from './event-rows.js';
export type { ChangeListPage, ChangeQuery, LoggedChange } from './changes.repository.js';
export { InvalidCursorError } from './event-rows.js';
export type {
  Account,
  AccountInput,
  Contact,
  ContactInput,
  Lead,
  LeadInput,
} from './crm.repository.js';
export type { EnqueueOptions, Job, JobStatus } from './jobs.repository.js';
export type { AccountHistoryEntry, MeetingPlace } from './meeting-history.repository.js';
export type {
  Meeting,
  MeetingDraft,
  MeetingListPage,
  MeetingParticipant,
  MeetingQuery,
  ReadParticipant,
  SaveOutcome,
} from './meetings.repository.js';
export type { MeetingScan } from './meeting-scans.repository.js';
export type {
  MeetingAdjustment,
  MeetingFeedback,
  MeetingFeedbackInput,
} from './meeting-feedback.repository.js';
export type { MeetingSource, MeetingVerdict } from './schema.js';
export type { RetentionTarget } from './events-retention.repository.js';
export type { AuditEntry, AuditInput } from './audit.repository.js';
export type {
  ConflictDecision,
  ConflictDraft,
  ConflictListPage,
  ConflictQuery,
  ReconcileOutcome,
  StoredConflict,
} from './conflicts.repository.js';
export type { ConflictKind, ConflictSeverity, ConflictStatus } from './schema.js';
export type {
  RelationshipDraft,
  RelationshipMeetingRow,
  RelationshipPosition,
  RelationshipQuery,
  StageChange,
  StoredRelationship,
} from './relationships.repository.js';
export { decodeRelationshipCursor, encodeRelationshipCursor } from './relationships.repository.js';
export { SecretBox, SecretBoxError, generateSecretKey } from './secret-box.js';
export type { SecretKeyVerdict } from './secret-key-check.js';

export interface StoreOptions {
  /** Database URL: see openDatabase (`sqlite:PATH`, a path, `:memory:`, `postgres://...`). */
  url: string;
  /** CALINTEL_SECRET_KEY: 32 bytes as hex or base64, for the secrets of connections. */
  secretKey: string;
  /** PostgreSQL schema to work in (search_path); it must exist. */
  schema?: string;
  /** Run pending migrations on open; default true. */
  migrate?: boolean;
  /** Told when PostgreSQL drops an idle pooled connection (a restart, a failover). */
  onPoolError?: (error: Error) => void;
  /** PostgreSQL: how long close waits for the server (default 5 s), and who hears it cut short. */
  closeTimeoutMs?: number;
  onCloseCutShort?: (message: string) => void;
  /** PostgreSQL: bounds on opening a connection and on a statement (see openDatabase). */
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
}

/** What a Store runs on: an open database, or a transaction inside one. */
export interface StoreDatabase {
  db: Executor;
  dialect: DialectName;
  close?: () => Promise<void>;
  /** PostgreSQL: runs migrations on a connection without the statement bound. */
  withoutStatementBound?: <T>(work: (db: Database) => Promise<T>) => Promise<T>;
}

type Db = Executor;
type Trx = Transaction<Tables>;

export class Store {
  readonly dialect: DialectName;
  readonly organisations;
  readonly users;
  readonly apiTokens;
  readonly connections;
  readonly calendars;
  readonly syncStatus;
  readonly events;
  readonly changes;
  readonly crm;
  readonly meetings;
  readonly conflicts;
  readonly relationships;
  readonly jobs;
  readonly audit;
  readonly oauthStates;
  readonly webSessions;
  readonly pushChannels;
  /** Whether CALINTEL_SECRET_KEY is the database's; writes the check when there is none yet. */
  readonly checkSecretKey: (now?: Date) => Promise<SecretKeyVerdict>;
  readonly #database: StoreDatabase;

  constructor(database: StoreDatabase, box: SecretBox) {
    const db = database.db;
    this.#database = database;
    this.dialect = database.dialect;
    /** Runs a function that needs a Transaction in this store's, or in a new one. */
    const tx = <T>(fn: (trx: Trx) => Promise<T>) => inTransaction(db, fn);
    this.organisations = organisationsGroup(db);
    this.users = usersGroup(db);
    this.apiTokens = apiTokensGroup(db);
    this.connections = connectionsGroup(db, box);
    this.calendars = calendarsGroup(db);
    this.syncStatus = syncStatusGroup(db, tx);
    this.events = eventsGroup(db, tx);
    this.changes = changesGroup(db, box);
    this.crm = crmGroup(db);
    this.meetings = meetingsGroup(db);
    this.conflicts = conflictsGroup(db);
    this.relationships = relationshipsGroup(db);
    this.jobs = jobsGroup(db);
    this.audit = auditGroup(db);
    this.oauthStates = oauthStatesGroup(db, box);
    this.webSessions = webSessionsGroup(db);
    this.pushChannels = pushChannelsGroup(db);
    this.checkSecretKey = (now) => checkSecretKey(db, box, now);
    this.transaction = <T>(fn: (store: Store) => Promise<T>): Promise<T> =>
      tx((trx) => fn(trx === db ? this : new Store({ db: trx, dialect: this.dialect }, box)));
  }

  /** Opens the database, checks the key, and (unless told not to) migrates it. */
  static async open(options: StoreOptions): Promise<Store> {
    const box = new SecretBox(options.secretKey);
    const database = openDatabase({
      url: options.url,
      schema: options.schema,
      ...(options.onPoolError ? { onPoolError: options.onPoolError } : {}),
      ...(options.closeTimeoutMs ? { closeTimeoutMs: options.closeTimeoutMs } : {}),
      ...(options.onCloseCutShort ? { onCloseCutShort: options.onCloseCutShort } : {}),
      ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
      ...(options.statementTimeoutMs !== undefined
        ? { statementTimeoutMs: options.statementTimeoutMs }
        : {}),
    });
    const store = new Store(database, box);
    if (options.migrate !== false) {
      try {
        await store.migrate();
      } catch (error) {
        await store.close();
        throw error;
      }
    }
    return store;
  }

  /**
   * Runs `fn` with a Store whose every call is in one transaction; nested calls reuse it. Inside
   * `fn`, use only the Store it is given: SQLite has one connection, so a call through the outer
   * Store would wait for the transaction that is waiting for it.
   */
  readonly transaction: <T>(fn: (store: Store) => Promise<T>) => Promise<T>;

  async migrate(): Promise<MigrationOutcome> {
    if (this.#database.db.isTransaction) throw new Error('cannot migrate inside a transaction');
    // An index built on a large table, or a wait for another process's migrations, may take
    // longer than any request's statement should.
    const unbounded = this.#database.withoutStatementBound;
    if (unbounded) return unbounded((db) => migrateToLatest(db));
    return migrateToLatest(this.#database.db as Database);
  }

  /** What the live stream compares to know a user's dashboard is out of date. */
  liveVersion(scope: Scope): Promise<string> {
    return liveVersion(this.#database.db, scope);
  }

  /** Resolves when the database answers a query (for /readyz). */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.#database.db);
  }

  /** Closes the database; a transaction's Store cannot be closed. */
  async close(): Promise<void> {
    if (!this.#database.close) throw new Error('a transaction store cannot be closed');
    await this.#database.close();
  }
}

function crmGroup(db: Db) {
  return {
    upsertAccounts: (scope: OrgScope, input: crm.AccountInput[]) =>
      crm.upsertAccounts(db, scope, input),
    listAccounts: (scope: OrgScope) => crm.listAccounts(db, scope),
    upsertLeads: (scope: OrgScope, input: crm.LeadInput[]) => crm.upsertLeads(db, scope, input),
    listLeads: (scope: OrgScope, filter?: { email?: string }) => crm.listLeads(db, scope, filter),
    upsertContacts: (scope: OrgScope, input: crm.ContactInput[]) =>
      crm.upsertContacts(db, scope, input),
    listContacts: (scope: OrgScope, filter?: { email?: string }) =>
      crm.listContacts(db, scope, filter),
    storedExternalIds: (
      scope: OrgScope,
      table: 'accounts' | 'leads' | 'contacts',
      ids: readonly string[],
    ) => crm.storedExternalIds(db, scope, table, ids),
    pageAccounts: (scope: OrgScope, filter: crmLists.AccountFilter) =>
      crmLists.pageAccounts(db, scope, filter),
    pageLeads: (scope: OrgScope, filter: crmLists.PersonFilter) =>
      crmLists.pageLeads(db, scope, filter),
    pageContacts: (scope: OrgScope, filter: crmLists.PersonFilter) =>
      crmLists.pageContacts(db, scope, filter),
  };
}

function jobsGroup(db: Db) {
  return {
    enqueue: (name: string, payload: unknown, options?: jobs.EnqueueOptions) =>
      jobs.enqueueJob(db, name, payload, options),
    claimNext: (workerId: string, now: Date, lockMs: number, options?: { names?: string[] }) =>
      jobs.claimNextJob(db, workerId, now, lockMs, options),
    renewLease: (id: string, workerId: string, now: Date, lockMs: number) =>
      jobs.renewJobLease(db, id, workerId, now, lockMs),
    complete: (id: string, workerId: string) => jobs.completeJob(db, id, workerId),
    fail: (id: string, workerId: string, error: string, retryAt: Date | null) =>
      jobs.failJob(db, id, workerId, error, retryAt),
    release: (id: string, workerId: string, now: Date) => jobs.releaseJob(db, id, workerId, now),
    list: (filter?: { status?: jobs.JobStatus; name?: string; limit?: number }) =>
      jobs.listJobs(db, filter),
    lastQueuedAt: (name: string) => jobs.lastQueuedAt(db, name),
    purgeFinished: (before: Date) => jobs.purgeFinishedJobs(db, before),
    /** Jobs by name and state, for the backlog metric (job-backlog.repository.ts). */
    backlog: (now: Date) => countJobBacklog(db, now),
  };
}

function auditGroup(db: Db) {
  return {
    append: (scope: OrgScope & { userId?: string | null }, input: audit.AuditInput) =>
      audit.appendAudit(db, scope, input),
    list: (scope: OrgScope, options?: { limit?: number }) => audit.listAudit(db, scope, options),
  };
}
