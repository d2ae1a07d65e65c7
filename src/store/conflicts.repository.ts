/**
 * Scheduling conflicts as found and as decided. The domain finds conflicts again and again (after
 * every sync that touches a person's days); this repository keeps one row per conflict key, so a
 * decision sticks: a dismissed conflict stays dismissed until its events move, an open conflict
 * the calendar no longer shows becomes `cleared`, never silently deleted.
 *
 * Keys and fingerprints are made of the events' identities (the meetings they hold), not of their
 * row ids: a calendar turned off and on, a reconnect or a re-import makes the rows anew, and the
 * same conflict is then found under its old key, decided as it was, with its new rows.
 */
import { createHash } from 'node:crypto';
import type { Executor } from './database.js';
import { decodeCursor, encodeCursor } from './event-rows.js';
import type { ConflictKind, ConflictRow, ConflictSeverity, ConflictStatus } from './schema.js';
import type { Scope } from './scope.js';
import { fromJson, iso, newId, toBool01, toJson } from './sql-support.js';

const MAX_LIMIT = 500;

/** A conflict as the domain found it, ready to store. */
export interface ConflictDraft {
  key: string;
  kind: ConflictKind;
  severity: ConflictSeverity;
  start: string;
  end: string;
  eventIds: string[];
  /**
   * Each event's identity, in the order of `eventIds` (ConflictEvent.identity: what a row made
   * anew for the same meeting has again); absent: the ids.
   */
  eventIdentities?: readonly string[];
  autoResolvable: boolean;
  /** Reasons, suggestions, travel: whatever the API shows, as JSON. */
  details: unknown;
  /** What the events looked like (their times): a change reopens a dismissed conflict. */
  eventTimes: readonly string[];
}

export interface StoredConflict {
  id: string;
  key: string;
  kind: ConflictKind;
  severity: ConflictSeverity;
  status: ConflictStatus;
  start: string;
  end: string;
  eventIds: string[];
  autoResolvable: boolean;
  details: unknown;
  /** What the events looked like when the conflict was last found (see ConflictDraft.eventTimes). */
  fingerprint: string;
  resolution: unknown;
  resolvedBy: string | null;
  resolvedAt: string | null;
  detectedAt: string;
  /** Changes whenever a pass rewrites the conflict or someone decides it. */
  updatedAt: string;
}

export interface ConflictQuery {
  from?: string;
  to?: string;
  kind?: ConflictKind;
  severity?: ConflictSeverity;
  status?: ConflictStatus;
  limit?: number;
  cursor?: string;
}

export interface ConflictListPage {
  items: StoredConflict[];
  nextCursor: string | null;
}

export interface ReconcileOutcome {
  /** Conflicts new or reopened by this pass. */
  opened: StoredConflict[];
  /** Every found conflict that is open after this pass: what the policy may act on. */
  open: StoredConflict[];
  updated: number;
  cleared: number;
  /** The conflicts this pass cleared, as they are now (details: as they were when open). */
  clearedConflicts: StoredConflict[];
}

export function toStoredConflict(row: ConflictRow): StoredConflict {
  return {
    id: row.id,
    key: row.conflict_key,
    kind: row.kind,
    severity: row.severity,
    status: row.status,
    start: row.start_at,
    end: row.end_at,
    eventIds: fromJson<string[]>(row.event_ids, []),
    autoResolvable: row.auto_resolvable === 1,
    details: fromJson<unknown>(row.details, {}),
    fingerprint: row.fingerprint,
    resolution: fromJson<unknown>(row.resolution, null),
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
    detectedAt: row.detected_at,
    updatedAt: row.updated_at,
  };
}

function fingerprintOf(draft: ConflictDraft): string {
  return conflictFingerprint(draft.eventIdentities ?? draft.eventIds, draft.eventTimes);
}

/**
 * The fingerprint of a conflict's events at these times: each event's identity with its
 * `start/end`, in the order of the identities (`times[i]` is the time of `identities[i]`). It
 * is the same for the same meetings at the same times whatever rows hold them.
 *
 * Stored (conflicts.fingerprint, rewritten by migration 0026): it must never change; its test
 * pins it.
 */
export function conflictFingerprint(
  identities: readonly string[],
  times: readonly string[],
): string {
  const pairs = identities
    .map((identity, i) => [identity, times[i] ?? ''] as const)
    .sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
  return createHash('sha256').update(JSON.stringify(pairs)).digest('hex');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Makes the stored conflicts that intersect `window` equal to `found` (which the domain computed
 * from every event that can take part in a conflict there). Decisions are kept unless the events
 * moved since; open conflicts no longer found are cleared.
 */
export async function reconcileConflicts(
  db: Executor,
  scope: Scope,
  window: { from: string; to: string },
  found: readonly ConflictDraft[],
  now = new Date(),
): Promise<ReconcileOutcome> {
  const existing = await existingFor(db, scope, window, found);
  const byKey = new Map(existing.map((row) => [row.conflict_key, row]));
  const at = iso(now);
  const outcome: ReconcileOutcome = {
    opened: [],
    open: [],
    updated: 0,
    cleared: 0,
    clearedConflicts: [],
  };
  for (const draft of found) {
    const row = byKey.get(draft.key);
    byKey.delete(draft.key);
    const next = rowFor(scope, draft, row, at);
    if (!row) {
      const inserted = await db
        .insertInto('conflicts')
        .values(next)
        .onConflict((oc) => oc.columns(['org_id', 'user_id', 'conflict_key']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) continue;
      outcome.opened.push(toStoredConflict(next));
    } else if (changed(row, next)) {
      next.updated_at = at;
      // Only over the row as it was read: a decision taken meanwhile wins, and the next pass
      // reconciles with it.
      const result = await db
        .updateTable('conflicts')
        .set(next)
        .where('id', '=', row.id)
        .where('status', '=', row.status)
        .where('updated_at', '=', row.updated_at)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) continue;
      outcome.updated += 1;
      if (next.status === 'open' && row.status !== 'open')
        outcome.opened.push(toStoredConflict(next));
    }
    if (next.status === 'open') outcome.open.push(toStoredConflict(next));
  }
  for (const row of byKey.values()) {
    if (row.status !== 'open') continue;
    const clearing = {
      status: 'cleared' as const,
      resolved_by: 'calendar',
      resolved_at: at,
      updated_at: at,
    };
    const result = await db
      .updateTable('conflicts')
      .set(clearing)
      .where('id', '=', row.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) continue;
    outcome.cleared += 1;
    outcome.clearedConflicts.push(toStoredConflict({ ...row, ...clearing }));
  }
  return outcome;
}

/**
 * Adds why a conflict cleared to its details, unless it changed since it was cleared (found
 * again, reopened): `conflict` is as reconcile cleared it.
 */
export async function recordClearance(
  db: Executor,
  scope: Scope,
  conflict: StoredConflict,
  clearance: unknown,
): Promise<void> {
  const details = (conflict.details ?? {}) as Record<string, unknown>;
  await db
    .updateTable('conflicts')
    .set({ details: toJson({ ...details, clearance }) })
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('id', '=', conflict.id)
    .where('status', '=', 'cleared')
    .where('updated_at', '=', conflict.updatedAt)
    .execute();
}

async function existingFor(
  db: Executor,
  scope: Scope,
  window: { from: string; to: string },
  found: readonly ConflictDraft[],
): Promise<ConflictRow[]> {
  const keys = found.map((d) => d.key);
  return db
    .selectFrom('conflicts')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where((eb) =>
      eb.or([
        eb.and([eb('start_at', '<', window.to), eb('end_at', '>', window.from)]),
        // A zero-length window still finds conflicts at its instant; keys catch the rest.
        ...(keys.length > 0 ? [eb('conflict_key', 'in', keys)] : []),
      ]),
    )
    .execute();
}

/**
 * The row a found conflict should have. A user's or the policy's decision stands while the
 * events are where they were; once they move, the conflict is open again.
 */
function rowFor(
  scope: Scope,
  draft: ConflictDraft,
  row: ConflictRow | undefined,
  at: string,
): ConflictRow {
  const fingerprint = fingerprintOf(draft);
  const decided = row && (row.status === 'resolved' || row.status === 'dismissed');
  const keep = decided && row.fingerprint === fingerprint;
  return {
    id: row?.id ?? newId(),
    org_id: scope.orgId,
    user_id: scope.userId,
    conflict_key: draft.key,
    kind: draft.kind,
    severity: draft.severity,
    status: keep ? row.status : 'open',
    start_at: draft.start,
    end_at: draft.end,
    event_ids: toJson(draft.eventIds),
    auto_resolvable: toBool01(draft.autoResolvable),
    details: toJson(draft.details),
    fingerprint,
    // An open conflict keeps the record of an attempt that failed part-way (what it wrote).
    resolution: keep || row?.status === 'open' ? (row?.resolution ?? null) : null,
    resolved_by: keep ? row.resolved_by : null,
    resolved_at: keep ? row.resolved_at : null,
    detected_at: row?.detected_at ?? at,
    updated_at: row ? row.updated_at : at,
  };
}

function changed(before: ConflictRow, after: ConflictRow): boolean {
  const keys: (keyof ConflictRow)[] = [
    'severity',
    'status',
    'start_at',
    'end_at',
    'event_ids',
    'auto_resolvable',
    'details',
    'fingerprint',
  ];
  return keys.some((k) => before[k] !== after[k]);
}

/** The scope's conflicts matching `query`, by (start, id), one page at a time. */
export async function listConflicts(
  db: Executor,
  scope: Scope,
  query: ConflictQuery = {},
): Promise<ConflictListPage> {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), MAX_LIMIT);
  let select = db
    .selectFrom('conflicts')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId);
  if (query.from) select = select.where('end_at', '>', query.from);
  if (query.to) select = select.where('start_at', '<', query.to);
  if (query.kind) select = select.where('kind', '=', query.kind);
  if (query.severity) select = select.where('severity', '=', query.severity);
  if (query.status) select = select.where('status', '=', query.status);
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    select = select.where((eb) =>
      eb(eb.refTuple('start_at', 'id'), '>', eb.tuple(after.startAt, after.id)),
    );
  }
  const rows = await select
    .orderBy('start_at')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map(toStoredConflict);
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last ? encodeCursor({ startAt: last.start, id: last.id }) : null;
  return { items, nextCursor };
}

export async function getConflict(
  db: Executor,
  scope: Scope,
  id: string,
): Promise<StoredConflict | undefined> {
  const row = await db
    .selectFrom('conflicts')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toStoredConflict(row);
}

export * from './conflicts-decisions.repository.js';
